"""Step 3 of the course builder: run a notebook in a fresh kernel, deterministically.

>>> sorted(kernel_env("/tmp/data"))
['MPLBACKEND', 'PYTHONHASHSEED', 'SWEDU_DATA_DIR']
"""
from __future__ import annotations

import os
import re
import tempfile

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": INLINE_BACKEND}
"""Environment of every kernel that runs a course notebook (the build and nbval alike)."""


def kernel_env(data_dir) -> dict:
    """:data:`KERNEL_ENV` plus an empty progress store in ``data_dir``, so that what a notebook shows
    never depends on (and never adds to) the progress recorded on this machine."""
    return dict(KERNEL_ENV, SWEDU_DATA_DIR=str(data_dir))


class NotebookExecutionError(RuntimeError):
    """A cell failed while a course notebook was being executed."""

    def __init__(self, name: str, cell_index: int, source: str, detail: str):
        self.name = name
        self.cell_index = cell_index
        self.source = source
        self.detail = detail
        first = source.strip().splitlines()[0] if source.strip() else ""
        super().__init__(
            f"{name}: cell {cell_index} failed ({first!r}).\n{detail}\n"
            "Fix the source, or tag the cell 'raises-exception' if the error is the point of the cell."
        )


def execute(nb, cwd, *, name: str | None = None, timeout: int = 180):
    """Run every cell of ``nb`` in a fresh python3 kernel started in ``cwd``; returns ``nb``.

    Deterministic set-up: ``PYTHONHASHSEED=0``, inline figures, an empty progress store, no
    timing metadata, widget state stored. A failing cell raises :class:`NotebookExecutionError` naming the notebook
    and the cell, unless the cell is tagged ``raises-exception``.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    name = name or nb.metadata.get("swedu", {}).get("source", "notebook")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=True, resources={"metadata": {"path": str(cwd)}})
    try:
        with tempfile.TemporaryDirectory(prefix="swedu-build-data-") as data_dir:
            env = dict(os.environ, **kernel_env(data_dir))
            env.pop("SWEDU_PROGRESS", None)
            client.execute(env=env, cwd=str(cwd))
    except CellExecutionError as err:
        index = _failed_cell(nb)
        source = nb.cells[index].source if index is not None else ""
        raise NotebookExecutionError(name, index if index is not None else -1, source,
                                     _short_error(err)) from None
    return nb


def _failed_cell(nb):
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if "raises-exception" not in tags and any(o.get("output_type") == "error" for o in outputs):
            return i
    return None


def _short_error(err) -> str:
    ename = getattr(err, "ename", "") or ""
    evalue = getattr(err, "evalue", "") or ""
    if ename:
        return f"{ename}: {evalue}"
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(err))
    return "\n".join(text.strip().splitlines()[-3:])


