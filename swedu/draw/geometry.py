"""Where things go on a map: pure geometry over a case's networkx graph (no matplotlib).

The system map and the approach map put the centre actor in the middle and the others on one or two
rings (:func:`layout`); the ecomap puts the household in a circle in the middle and chooses, among
arrangements drawn with a fixed seed, one whose lines cross no node (:func:`ecomap_layout`).

>>> import swedu
>>> pos = layout(swedu.load_scenario("delinquent-youth"))
>>> pos["parents"], len(pos)
((0.0, 0.0), 8)
"""
from __future__ import annotations

import math

_NODE_R = 0.085
"""The radius of an actor's node in the units of a layout (where a ring has radius 1)."""


def _case_graph(case):
    """The graph of ``case`` (a :class:`swedu.Scenario`, or already its graph)."""
    return case if hasattr(case, "adj") else case.graph()


def layout(case, centre: str | None = None) -> dict:
    """Positions ``{actor_id: (x, y)}``: the centre actor at (0, 0), the others on rings.

    ``case`` is a :class:`swedu.Scenario` or its graph (:meth:`swedu.Scenario.graph`).
    Actors are ordered depth-first from the centre through the graph's edges (ties
    in the order of the scenario file), so each actor's contacts sit beside it, and
    spread evenly: up to 12 on one ring, more alternate between two rings. Where a line
    would pass close to a node it does not join, two actors swap places on the ring (the
    swap that helps most, while one helps). No randomness, so a case always gives the same picture.

    >>> import swedu
    >>> pos = layout(swedu.load_scenario("delinquent-youth"))
    >>> pos["parents"]
    (0.0, 0.0)
    """
    graph = _case_graph(case)
    ids = list(graph.nodes)
    rank = {a: i for i, a in enumerate(ids)}
    default = graph.graph.get("centre")
    centre = centre if centre in rank else (default if default in rank else ids[0])
    order: list[str] = []
    seen = {centre}

    def visit(current):
        # Depth-first: an actor's own contacts sit next to it on the ring, so lines stay short.
        for other in sorted(graph.adj[current], key=rank.__getitem__):
            if other not in seen:
                seen.add(other)
                order.append(other)
                visit(other)

    visit(centre)
    order += [a for a in ids if a not in seen]
    count = max(len(order), 1)
    two_rings = len(order) > 12

    def place(order):
        pos = {centre: (0.0, 0.0)}
        for i, actor in enumerate(order):
            inner = i % 2 == 0 and not (count % 2 and i == count - 1)  # the ring closes outer-to-inner
            radius = (0.72 if inner else 1.12) if two_rings else 1.0
            angle = math.pi / 2 - 2 * math.pi * i / count
            pos[actor] = (round(radius * math.cos(angle), 6), round(radius * math.sin(angle), 6))
        return pos

    # A line that passes a node it does not join (closer than _CLEARANCE: the node, its badges and its
    # name) hides it: swap two actors on the ring while that makes fewer such lines, then fewer crossings.
    pairs = [(a, b) for a, b, _data in _relations(graph)]
    pos = place(order)
    score = _passing(pairs, pos)
    while score[0]:
        best = None
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                order[i], order[j] = order[j], order[i]
                new = _passing(pairs, place(order))
                if new < score and (best is None or new < best[0]):
                    best = (new, i, j)
                order[i], order[j] = order[j], order[i]
        if best is None:
            break
        score, i, j = best
        order[i], order[j] = order[j], order[i]
        pos = place(order)
    return pos


_CLEARANCE = 0.2
"""How close (layout units) a line may pass by a node it does not join on the system and approach maps."""


def _passing(pairs, pos) -> tuple:
    """``(lines passing too close to a node they do not join, crossings of lines)`` of ``pos``."""
    passing = crossings = 0
    segments = [(pos[a], pos[b]) for a, b in pairs]
    for (a, b), (pa, pb) in zip(pairs, segments):
        for other, xy in pos.items():
            if other not in (a, b) and _segment_distance(xy, pa, pb) < _CLEARANCE:
                passing += 1
    for i in range(len(segments)):
        for j in range(i + 1, len(segments)):
            crossings += _crosses(*segments[i], *segments[j])
    return (passing, crossings)


def _relations(graph):
    """``(source, target, data)`` for every edge of a case graph, in the direction the case file gives."""
    for a, b, data in graph.edges(data=True):
        source = data.get("source", a)
        yield source, (b if source == a else a), data


def household_members(case) -> list[str]:
    """The people drawn inside the ecomap's household circle, the centre first.

    ``case`` is a :class:`swedu.Scenario` or its graph (:meth:`swedu.Scenario.graph`).
    Hartman's ecomap draws the household as the circle in the middle. When the centre
    is a person, a family or an actor marked ``household``, the circle holds the centre,
    the actor marked ``household`` and everyone joined to them through ``family`` ties
    (people who live together); relatives who live elsewhere are ``kinship`` ties and
    are drawn outside the circle. A group, organisation or community in the centre has
    no household circle.

    >>> import swedu
    >>> household_members(swedu.load_scenario("delinquent-youth"))
    ['parents', 'teen']
    >>> household_members(swedu.load_scenario("old-man-and-brother").graph())
    ['harjo']
    """
    graph = _case_graph(case)
    ids = list(graph.nodes)
    centre = graph.graph.get("centre")
    centre = centre if centre in graph else ids[0]
    first = graph.nodes[centre]
    if not ("household" in first["traits"] or first["kind"] in ("person", "family")):
        return [centre]  # a group, an organisation or a community in the middle: no home to draw
    seeds = [centre] + [a for a, data in graph.nodes(data=True) if "household" in data["traits"] and a != centre]
    family: dict[str, list[str]] = {a: [] for a in ids}
    for a, b, data in graph.edges(data=True):
        if data["kind"] == "family":
            family[a].append(b)
            family[b].append(a)
    members, queue = [], list(seeds)
    while queue:
        current = queue.pop(0)
        if current not in members:
            members.append(current)
            queue += sorted(family[current], key=ids.index)
    return [centre] + sorted((m for m in members if m != centre), key=ids.index)


_ECOMAP_SEED = 1975  # Hartman's ecomap; any fixed number keeps the search, and so the picture, the same


def _segment_distance(p, a, b) -> float:
    (px, py), (ax_, ay), (bx, by) = p, a, b
    dx, dy = bx - ax_, by - ay
    length2 = dx * dx + dy * dy
    u = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax_) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax_ + u * dx), py - (ay + u * dy))


def _crosses(a, b, c, d) -> bool:
    def orient(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    if len({a, b, c, d}) < 4:
        return False
    return orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0


def ecomap_layout(case) -> tuple[dict, float]:
    """Positions for the ecomap and the radius of its household circle (0: no circle).

    ``case`` is a :class:`swedu.Scenario` or its graph (:meth:`swedu.Scenario.graph`).

    The household members sit inside a circle in the middle, the other actors on a
    ring around it. Among many seeded arrangements the one chosen lets no relation line
    pass through a node that is not its end, then has the fewest crossings and the
    shortest lines; the seed is fixed, so a case always gives the same picture.

    >>> import swedu
    >>> pos, radius = ecomap_layout(swedu.load_scenario("delinquent-youth"))
    >>> math.hypot(*pos["teen"]) < radius
    True
    """
    import random

    graph = _case_graph(case)
    members = household_members(graph)
    outer = [a for a in graph.nodes if a not in members]
    k = len(members)
    if k == 1:
        slots, circle = [(0.0, 0.0)], 0.0
    else:
        inner = {2: 0.25, 3: 0.28, 4: 0.3}.get(k, 0.34)
        slots = [(inner * math.cos(math.pi / 2 + 2 * math.pi * i / k), inner * math.sin(math.pi / 2 + 2 * math.pi * i / k))
                 for i in range(k)]
        circle = inner + 0.27
    ring = max(1.0, circle + 0.65)
    m = max(len(outer), 1)
    two_rings = len(outer) > 12

    def ring_slot(i):
        near = i % 2 == 0 and not (m % 2 and i == m - 1)
        radius = (ring * 0.78 if near else ring * 1.12) if two_rings else ring
        angle = math.pi / 2 - 2 * math.pi * i / m
        return (radius * math.cos(angle), radius * math.sin(angle))

    outer_slots = [ring_slot(i) for i in range(len(outer))]
    pairs = [(source, target) for source, target, _data in _relations(graph)]  # the cost is a sum: any order
    node_r = {a: _NODE_R * (1.5 if (k == 1 and a == members[0]) else 1.0) for a in graph.nodes}
    rotations = [2 * math.pi * j / (4 * k) for j in range(4)] if k > 1 else [0.0]

    def place(member_order, rotation, outer_order):
        pos = {}
        for (x, y), actor in zip(slots, member_order):
            c, s_ = math.cos(rotation), math.sin(rotation)
            pos[actor] = (round(x * c - y * s_, 6), round(x * s_ + y * c, 6))
        for xy, actor in zip(outer_slots, outer_order):
            pos[actor] = (round(xy[0], 6), round(xy[1], 6))
        return pos

    def cost(pos):
        through = crossings = near = 0
        length = 0.0
        segments = [(pos[a], pos[b]) for a, b in pairs]
        for (a, b), (pa, pb) in zip(pairs, segments):
            length += math.hypot(pb[0] - pa[0], pb[1] - pa[1])
            for other, xy in pos.items():
                if other not in (a, b):
                    if _segment_distance(xy, pa, pb) < node_r[other] + 0.06:
                        through += 1
                    elif _segment_distance((xy[0], xy[1] - node_r[other] - 0.06), pa, pb) < 0.09:
                        near += 1  # the line would cross the name under the node
            if circle and a in outer and b in outer and _segment_distance((0.0, 0.0), pa, pb) < circle:
                through += 1  # a line between two outside systems should not cross the household
        for i in range(len(segments)):
            for j in range(i + 1, len(segments)):
                crossings += _crosses(*segments[i], *segments[j])
        return (through, crossings, near, round(length, 6))

    rng = random.Random(_ECOMAP_SEED)
    depth_first = [a for a in layout(graph, members[0]) if a in outer]
    best = None
    candidates = [(members, 0.0, depth_first)]
    for _ in range(160):
        shuffled_outer = outer[:]
        rng.shuffle(shuffled_outer)
        shuffled_members = members[:1] + rng.sample(members[1:], len(members) - 1)
        candidates.append((shuffled_members, rng.choice(rotations), shuffled_outer))
    for member_order, rotation, outer_order in candidates:
        score = cost(place(member_order, rotation, outer_order))
        if best is None or score < best[0]:
            best = (score, list(member_order), rotation, list(outer_order))
    # Improve the best arrangement by swapping two outside actors, or two members, while it helps.
    score, member_order, rotation, outer_order = best
    improved = True
    while improved and score[0] + score[1] + score[2] > 0:
        improved = False
        for order in (outer_order, member_order):
            for i in range(len(order)):
                for j in range(i + 1, len(order)):
                    order[i], order[j] = order[j], order[i]
                    new = cost(place(member_order, rotation, outer_order))
                    if new < score:
                        score, improved = new, True
                    else:
                        order[i], order[j] = order[j], order[i]
        for turn in rotations:
            new = cost(place(member_order, turn, outer_order))
            if new < score:
                score, rotation, improved = new, turn, True
    return place(member_order, rotation, outer_order), circle


def _label_order(relations, pos) -> list:
    """The labelled relations in the order their labels are placed: the shortest line first (it has the
    fewest places along it), ties by the two actor ids. The order of the case file plays no part, so
    moving a relation in the file never moves a label.

    >>> rels = [("a", "c", {"label": "far"}), ("b", "a", {"label": "near"}), ("a", "b", {"label": ""})]
    >>> [r[2]["label"] for r in _label_order(rels, {"a": (0, 0), "b": (0, 1), "c": (0, 2)})]
    ['near', 'far']
    """
    def key(relation):
        source, target, _data = relation
        (x0, y0), (x1, y1) = pos[source], pos[target]
        return (round(math.hypot(x1 - x0, y1 - y0), 6), tuple(sorted((source, target))))

    return sorted((r for r in relations if r[2].get("label")), key=key)

