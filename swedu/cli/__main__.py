"""``python -m swedu.cli ...``: the same as the ``swedu`` command."""
import sys

from swedu.cli import main

sys.exit(main())
