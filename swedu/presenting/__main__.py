"""``python -m swedu.presenting present ...`` and ``python -m swedu.presenting slides ...``: aliases of
``swedu present ...`` and ``swedu slides ...`` (the same command tree parses the options)."""
import sys

from swedu.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
