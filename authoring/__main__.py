"""``python -m authoring build [--check] [lessons|exercises|notes|all]`` (from the repository root)."""
import sys

from authoring.cli import main

if __name__ == "__main__":
    sys.exit(main())
