"""The pieces the property-based tests of files people write share (tests/test_core_fuzz.py for scenario
files, tests/test_activities_fuzz.py for activity files): their settings, the values a mutation may put
anywhere, and the mutation of a file's plain data."""
from __future__ import annotations

import copy
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz_settings(examples: int):
    """``examples`` derandomised examples so CI stays stable; SWEDU_FUZZ_EXAMPLES explores more locally."""
    return settings(max_examples=int(os.environ.get("SWEDU_FUZZ_EXAMPLES", str(examples))), deadline=None,
                    derandomize="SWEDU_FUZZ_EXAMPLES" not in os.environ, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def plain_values(words):
    """Arbitrary scalars, lists and blocks, and ``words`` (the files' own words, so that deeper checks are
    reached)."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), words,
    )
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(words, st.text(max_size=8)), inner, max_size=4)),
        max_leaves=8)


def paths(node, prefix=()):
    """Every path (keys and list positions) in a plain-data tree."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, prefix + (i,))


def get(node, path):
    for part in path:
        node = node[part]
    return node


@st.composite
def mutated_data(draw, seeds, words, actions):
    """One of ``seeds`` (plain data) changed one to three times by ``actions``: "delete", "replace", "rename",
    "swap_id" (two ids change places) and "duplicate" (a list entry is repeated)."""
    values = plain_values(words)
    data = copy.deepcopy(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 3))):
        all_paths = [p for p in paths(data) if p]
        if not all_paths:
            break
        path = draw(st.sampled_from(all_paths))
        parent, last = get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(actions))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(words, st.text(min_size=1, max_size=10)))] = parent.pop(last)
        elif action == "swap_id":
            id_paths = [p for p in all_paths if p[-1] == "id" and isinstance(get(data, p), str)]
            if len(id_paths) >= 2:
                a, b = draw(st.sampled_from(id_paths)), draw(st.sampled_from(id_paths))
                pa, pb = get(data, a[:-1]), get(data, b[:-1])
                pa["id"], pb["id"] = pb["id"], pa["id"]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data
