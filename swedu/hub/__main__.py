"""``python -m swedu.hub``: run the swedu hub service (the hub starts it as a managed service)."""
import sys

from swedu.hub.service import main

sys.exit(main())
