"""JupyterHub commands: ``swedu hub-link`` (the nbgitpuller link for the class), ``swedu hub-sending
[on|off|status]`` (a student's own switch) and ``swedu hub-service`` (the class's service, which the hub
starts as ``python -m swedu.hub --db ...``: see ``deploy/`` and ``docs/hub.md``).

Each option of the service may also come from an environment variable (:data:`SERVICE_OPTIONS`). Its
text is checked like the flag's, and only when ``hub-service`` runs: a stray variable never breaks
another command.

>>> import os
>>> os.environ["SWEDU_HUB_RATE"] = "0.5"
>>> service_defaults()["rate"], service_defaults()["burst"]
('0.5', 20)
>>> del os.environ["SWEDU_HUB_RATE"]
"""
from __future__ import annotations

import os

from swedu import hub
from swedu.hub.link import LinkError, nbgitpuller_link
from swedu.i18n import t

SERVICE_OPTIONS = (  # (option, environment variable, default): the type is the default's
    ("db", "SWEDU_HUB_DB", "swedu-hub.sqlite3"),
    ("lecturers_group", "SWEDU_LECTURERS_GROUP", "lecturers"),
    ("max_bytes", "SWEDU_HUB_MAX_BYTES", 8192),
    ("rate", "SWEDU_HUB_RATE", 2.0),
    ("burst", "SWEDU_HUB_BURST", 20),
    ("refresh", "SWEDU_HUB_REFRESH", 10),
    ("window", "SWEDU_HUB_WINDOW", 20),
    ("auth_cache", "SWEDU_HUB_AUTH_CACHE", 60),
    ("listen", "SWEDU_HUB_LISTEN", ""),
    ("cases", "SWEDU_HUB_CASES", ""),
)
"""The hub service's options: ``--db``, ``--lecturers-group`` ... each with its environment variable."""


def service_defaults() -> dict:
    """Each service option's default: the text of its environment variable, else the built-in value.

    argparse converts a text default like a flag's text, when (and only when) ``hub-service`` is parsed.
    """
    values = {}
    for name, variable, default in SERVICE_OPTIONS:
        given = os.environ.get(variable)
        values[name] = given if given not in (None, "") else default
    return values


def add_commands(sub, common) -> None:
    """``hub-link``, ``hub-sending`` and ``hub-service`` in the command tree."""
    command = sub.add_parser("hub-link", parents=[common], help=t("cli.help.hub_link"))
    command.add_argument("--hub", required=True, help=t("cli.help.hub_link_hub"))
    command.add_argument("--repo", required=True, help=t("cli.help.hub_link_repo"))
    command.add_argument("--branch", default="main", help=t("cli.help.hub_link_branch"))
    command.add_argument("--path", default="notebooks/en/00-welcome.ipynb", help=t("cli.help.hub_link_path"))
    command.add_argument("--interface", choices=["lab", "tree"], default="lab", help=t("cli.help.hub_link_interface"))
    command.set_defaults(run=lambda args: hub_link(args.hub, args.repo, args.branch, args.path, args.interface))

    command = sub.add_parser("hub-sending", parents=[common], help=t("cli.help.hub_sending"))
    command.add_argument("action", nargs="?", choices=["on", "off", "status"], help=t("cli.help.hub_sending_action"))
    command.set_defaults(run=lambda args: hub_sending(args.action))

    command = sub.add_parser("hub-service", parents=[common], help=t("cli.help.hub_service"),
                             description=t("cli.help.hub_service_description"))
    command.add_argument("action", nargs="?", default="run", choices=OPERATIONS, help=t("cli.help.hub_service_action"))
    command.add_argument("target", nargs="?", default="", help=t("cli.help.hub_service_target"))
    defaults = service_defaults()
    for name, variable, default in SERVICE_OPTIONS:
        command.add_argument("--" + name.replace("_", "-"), dest=name, type=type(default), default=defaults[name],
                             help=t(f"cli.help.hub_service_{name}", variable=variable, default=defaults[name], sep=os.pathsep))
    command.set_defaults(run=lambda args: hub_operation(args.action, args.target, args.db) if args.action != "run"
                         else hub_service(**{name: getattr(args, name) for name, _, _ in SERVICE_OPTIONS}))


def hub_link(hub_url: str, repo: str, branch: str = "main", path: str = "notebooks/en/00-welcome.ipynb",
             interface: str = "lab") -> int:
    """Print the nbgitpuller link that puts the course on a JupyterHub (2 and why, if it cannot)."""
    try:
        url = nbgitpuller_link(hub_url, repo, branch, path, interface)
    except LinkError as error:
        print(error)
        return 2
    print(t("hub.link.done", path=path, repo=repo, branch=branch))
    print(url)
    return 0


def hub_sending(action: str | None) -> int:
    """Switch sending to the hub service on or off for good, or say whether it is on."""
    if action in ("on", "off"):
        hub.set_sending(action == "on", persist=True)
        print(t(f"hub.sending.{action}"))
    else:
        print(hub.status())
    return 0


OPERATIONS = ("run", "backup", "restore", "forget-student", "forget-group")
"""What ``swedu hub-service`` does: run the service (default), or one operation on its database."""


def hub_operation(action: str, target: str, db: str) -> int:
    """One operation on the class's database (the service may keep running): a backup with SQLite's
    online backup API, a restore from one, or deleting one student's records or a whole group's.
    Prints one sentence; 2 when the target is missing or the database cannot be used."""
    # deferred: sqlite3 and the store load only for these operations, never with the other commands
    from swedu.hub.store import SQLiteRecordStore, StoreUnavailable

    if not target:
        print(t("hub.operation.no_target", action=action))
        return 2
    try:
        store = SQLiteRecordStore(db)
    except StoreUnavailable as problem:
        print(problem)
        return 2
    try:
        if action == "backup":
            print(t("hub.operation.backed_up", count=store.backup_to(target), db=db, target=target))
        elif action == "restore":
            print(t("hub.operation.restored", count=store.restore_from(target), db=db, source=target))
        elif action == "forget-student":
            print(t("hub.operation.forgot_student", count=store.forget_user(target), user=target))
        else:
            students, records = store.forget_group(target)
            print(t("hub.operation.forgot_group", students=students, count=records, group=target))
    except StoreUnavailable as problem:
        print(problem)
        return 2
    finally:
        store.close()
    return 0


def hub_service(db: str, lecturers_group: str = "lecturers", max_bytes: int = 8192, rate: float = 2.0,
                burst: int = 20, refresh: int = 10, window: int = 20, auth_cache: int = 60, listen: str = "",
                cases: str = "") -> int:
    """Run the class's hub service until the hub stops it (SIGTERM) or Ctrl+C."""
    # deferred: tornado and jupyterhub load only in the service, never with the other commands
    from swedu.hub.service import Settings, serve

    return serve(Settings(db, lecturers_group, max_bytes, rate, burst, refresh, window, auth_cache, listen,
                          cases))


__all__ = ["OPERATIONS", "SERVICE_OPTIONS", "add_commands", "hub_link", "hub_operation", "hub_service", "hub_sending",
           "service_defaults"]
