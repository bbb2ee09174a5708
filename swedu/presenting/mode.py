"""Moved to :mod:`swedu.mode` (below the widgets). A thin alias kept only while
``swedu/widgets/classifier.py`` still imports it from here; delete it once that import reads
``from swedu.mode import presenter_mode, theme_requested``."""
from swedu.mode import PRESENTER_ENV, THEME_ENV, presenter_mode, theme_requested  # noqa: F401
