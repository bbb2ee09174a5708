"""Is this kernel presenting? Two environment switches, read by the widgets and the presentation.

This module imports nothing of swedu. It sits below the widgets (which read it for the classifier's
lecturer controls and figure size) and below :mod:`swedu.presenting` (which sets the switches when it
starts a presentation), so the widgets never reach the presentation's room.

>>> import os
>>> os.environ[PRESENTER_ENV] = "1"; presenter_mode()
True
>>> del os.environ[PRESENTER_ENV]; presenter_mode()
False
"""
from __future__ import annotations

import os

PRESENTER_ENV = "SWEDU_PRESENTER"
"""Set to ``1`` (the present command's ``--lecturer``) to give the activities their lecturer controls."""

THEME_ENV = "SWEDU_PRESENT_THEME"
"""Set to ``1`` in a presentation kernel (the live presentation, and the run of a lesson for an offline deck): the
classifier is compact; in the live presentation figures are also drawn larger (see :data:`swedu.presenting.FIGURE_DPI`)."""

_TRUE = {"1", "true", "yes", "on"}

def presenter_mode() -> bool:
    """Whether this kernel presents for a lecturer (``SWEDU_PRESENTER`` is ``1``/``true``/``yes``/``on``).

    The classifier's default for ``show_reveal_button`` comes from here: students never see the
    answer key button unless the lecturer's presentation (or ``show_reveal_button=True``) asks for it.
    """
    return os.environ.get(PRESENTER_ENV, "").strip().lower() in _TRUE


def theme_requested() -> bool:
    """Whether this kernel runs inside a presentation (``SWEDU_PRESENT_THEME``)."""
    return os.environ.get(THEME_ENV, "").strip().lower() in _TRUE
