"""``swedu progress [summary | export PATH --id PSEUDONYM | on | off | where]``: the store from a terminal."""
from __future__ import annotations

from swedu.i18n import t
from swedu.progress.handin import export
from swedu.progress.store import ProgressError, attempts, set_recording, store_path
from swedu.progress.summary_view import summary


def run_cli(action: str | None, path: str | None = None, pseudonym: str | None = None) -> int:
    """``swedu progress [summary | export PATH --id PSEUDONYM | on | off | where]``; returns the exit code."""
    try:
        if action in (None, "summary"):
            print(summary())
            return 0
        if action == "where":
            print(t("progress.cli.where", file=str(store_path())))
            return 0
        if action in ("on", "off"):
            set_recording(action == "on", persist=True)
            print(t(f"progress.cli.{action}", file=str(store_path())))
            return 0
        if action == "export":
            if not pseudonym:
                print(t("progress.cli.export_needs_id"))
                return 2
            written = export(path or ".", pseudonym)
            print(t("progress.cli.exported", attempts=len(attempts()), file=str(written)))
            return 0
    except ProgressError as error:
        print(error)
        return 1
    return 2  # pragma: no cover - argparse limits the actions
