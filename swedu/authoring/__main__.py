"""``python -m swedu.authoring build [--check] [lessons|exercises|all]``."""
import sys

from swedu.authoring.notebooks import main

if __name__ == "__main__":
    sys.exit(main())
