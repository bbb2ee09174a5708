"""The course's plan as plain data, below every layer that needs it.

The progress store lists the exercises a student has not started yet, and the exercises
check each one by id. The list lives here, at the bottom of the house, so that the store
never imports the course layer (:mod:`swedu.exercises` imports the store to record a
check; the store importing the exercises back would be a cycle). A test keeps this list
and the exercises' checks in step.

>>> EXERCISE_IDS[0]
'ex1-classify'
"""
from __future__ import annotations

EXERCISE_IDS = ("ex1-classify", "ex2-reasons", "ex3-reassess", "ex3-changed", "ex4-map", "ex4-graph", "ex5-read",
                "ex5-build", "ex6-scenario")
"""The stable ids of the course's exercises, in course order (used in notebooks and hand-ins: never rename)."""
