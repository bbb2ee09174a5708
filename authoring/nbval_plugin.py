"""pytest plugin (``-p authoring.nbval_plugin`` in pyproject) for checking course notebooks with nbval.

* every notebook kernel runs with the same environment as the build (:func:`kernel_env`: hash seed 0,
  inline figures, its own empty progress store), whatever the environment of pytest itself
  (``run.sh test`` exports ``MPLBACKEND=Agg``);
* stderr is not compared (warnings carry temporary paths and versions);
* notebooks under ``tests/`` (fixtures of the browser tests) are not collected;
* the sanitize file ``tests/nbval-sanitize.cfg`` is used when no other is given, found from the
  rootdir so that pytest can be started from any folder.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from authoring.execute import kernel_env


def pytest_configure(config):
    option = config.option
    if getattr(option, "nbval_sanitize_with", "unset") is None:
        default = Path(str(config.rootpath)) / "tests" / "nbval-sanitize.cfg"
        if default.exists():
            option.nbval_sanitize_with = str(default)


def pytest_collectstart(collector):
    path = getattr(collector, "path", None)
    if path is None or path.suffix != ".ipynb" or not hasattr(collector, "skip_compare"):
        return
    collector.skip_compare = tuple(collector.skip_compare) + ("stderr",)
    start = collector.setup

    def setup_with_course_environment():
        env = kernel_env(tempfile.mkdtemp(prefix="swedu-nbval-data-"))
        saved = {key: os.environ.get(key) for key in [*env, "SWEDU_PROGRESS"]}
        os.environ.update(env)
        os.environ.pop("SWEDU_PROGRESS", None)
        try:
            start()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    collector.setup = setup_with_course_environment


def pytest_ignore_collect(collection_path, config):
    """Notebooks under ``tests/`` are fixtures of other tests (e.g. the browser tests), not course notebooks."""
    if collection_path.suffix != ".ipynb":
        return None
    try:
        relative = collection_path.resolve().relative_to(Path(str(config.rootpath)).resolve())
    except ValueError:
        return None
    return True if relative.parts[:1] == ("tests",) else None
