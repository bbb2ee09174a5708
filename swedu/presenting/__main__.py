"""``python -m swedu.presenting present ...`` and ``python -m swedu.presenting slides ...``
(``sh run.sh present`` and ``sh run.sh slides`` call these)."""
from __future__ import annotations

import sys

from swedu.presenting import present
from swedu.presenting.slides import main as slides


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv else ""
    if command == "present":
        return present(argv)
    if command == "slides":
        return slides(argv)
    print("usage: python -m swedu.presenting present LESSON [en|id] [--lecturer] | slides [--out FOLDER]",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
