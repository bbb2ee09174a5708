"""``python -m swedu.hub [--db FILE ...]``: run the swedu hub service (the hub starts it as a managed service).

An alias of ``swedu hub-service ...``: the same command tree parses the options (``--help`` lists them).
"""
import sys

from swedu.cli import main

sys.exit(main(["hub-service", *sys.argv[1:]]))
