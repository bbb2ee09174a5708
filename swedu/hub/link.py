"""The nbgitpuller link that puts the course into each student's home on JupyterHub.

A student who clicks the link logs in to the hub; nbgitpuller clones the course repository into
their home the first time and merges later changes without overwriting the student's own edits;
then the notebook opens.

>>> nbgitpuller_link("https://hub.example.edu", "https://github.com/example/swedu",
...                  path="notebooks/en/00-welcome.ipynb")
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fswedu&branch=main&urlpath=lab%2Ftree%2Fswedu%2Fnotebooks%2Fen%2F00-welcome.ipynb'
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from swedu.i18n import t

__all__ = ["LinkError", "nbgitpuller_link", "target_folder"]

DEFAULT_PATH = "notebooks/en/00-welcome.ipynb"


class LinkError(ValueError):
    """A hub or repository address that cannot make a working link."""


def target_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the repository's last path part without ``.git``.

    >>> target_folder("https://github.com/example/swedu.git")
    'swedu'
    """
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"\.git$", "", name) or "course"


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", path: str = DEFAULT_PATH,
                     interface: str = "lab", target: str | None = None) -> str:
    """The link for ``hub`` (its address, e.g. ``https://hub.example.edu``) that pulls ``repo``
    (``branch``) and opens ``path`` (a file in the repository) in JupyterLab (``interface="lab"``)
    or the classic tree (``"tree"``)."""
    hub_parts = urlsplit(hub.strip())
    if hub_parts.scheme not in ("http", "https") or not hub_parts.netloc:
        raise LinkError(t("hub.link.bad_hub", given=hub))
    repo = repo.strip()
    repo_parts = urlsplit(repo)
    if repo_parts.scheme not in ("http", "https", "file", "git", "ssh") and not repo.startswith("/"):
        raise LinkError(t("hub.link.bad_repo", given=repo))
    if not branch or any(c in branch for c in " ~^:?*[\\"):
        raise LinkError(t("hub.link.bad_branch", given=branch))
    path = path.strip().lstrip("/")
    if ".." in path.split("/"):
        raise LinkError(t("hub.link.bad_path", given=path, example=DEFAULT_PATH))
    if interface not in ("lab", "tree"):
        raise LinkError(t("hub.link.bad_interface", given=interface))
    folder = target or target_folder(repo)
    urlpath = f"{interface}/tree/{folder}/{path}" if path else f"{interface}/tree/{folder}"
    query = {"repo": repo, "branch": branch, "urlpath": urlpath}
    if target:
        query["targetPath"] = target
    base = hub.strip().rstrip("/")
    return f"{base}/hub/user-redirect/git-pull?" + urlencode(query, quote_via=quote, safe="")
