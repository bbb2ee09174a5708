"""What a file of a broken-file corpus (tests/broken-scenarios/, tests/broken-activities/) says must be
reported: its first comment lines, ``# expect: line 12: <fragment>`` and ``# expect-id: ...``."""
from __future__ import annotations

import re
from pathlib import Path

EXPECT = re.compile(r"^# expect(-id)?: line (\d+): (.*)$")


def expectations(path: Path) -> dict:
    """``{"en": [(line, fragment)], "id": [...]}`` from the file's comment header."""
    found = {"en": [], "id": []}
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.startswith("#"):
            break
        match = EXPECT.match(text)
        if match:
            found["id" if match.group(1) else "en"].append((int(match.group(2)), match.group(3).strip()))
    return found
