"""What in a deck or a page would load something from another host: the tests' check that the offline
decks and the presentation load nothing from the network. Not part of the package: nothing in swedu needs it."""
from __future__ import annotations

import re

CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "fonts.googleapis.com",
             "fonts.gstatic.com", "code.jquery.com", "ajax.googleapis.com", "use.fontawesome.com")

_REMOTE = re.compile(
    r"""\bsrc\s*=\s*["']\s*(?:https?:)?//[^"']*"""              # <script src=...>, <img src=...>
    r"""|<link\b[^>]*?\bhref\s*=\s*["']\s*(?:https?:)?//[^"']*"""  # <link href=...> (a plain <a href> loads nothing)
    r"""|url\(\s*["']?\s*(?:https?:)?//[^)"']*"""              # CSS url(...)
    r"""|@import\s+["']\s*(?:https?:)?//[^"']*"""               # CSS @import "..."
    r"""|\bfrom\s*["'](?:https?:)?//[^"']*"""                  # ES module import ... from "..."
    r"""|["'](?:https?:)?//[^"'\s]*\.(?:m?js|css|woff2?|ttf|eot|otf)(?:\?[^"']*)?["']"""  # a script/style URL in JS
    r"""|(?:""" + "|".join(re.escape(host) for host in CDN_HOSTS) + r""")""",
    re.IGNORECASE)


def remote_references(text: str) -> list[str]:
    """Every place in ``text`` (HTML, CSS or JS) that would load something from another host (the decks and the
    presentation's files must load nothing: no network when a lecturer presents).

    >>> remote_references('<script src="../assets/require.js"></script><a href="#top">top</a>')
    []
    >>> remote_references('<link rel="stylesheet" href="https://unpkg.com/reveal.js/dist/reveal.css">')
    ['<link rel="stylesheet" href="https://unpkg.com/reveal.js/dist/reveal.css']
    >>> remote_references('<a href="https://jupyterlab.readthedocs.io">a link to read later</a>')
    []
    >>> remote_references("@import url(https://fonts.googleapis.com/css?family=Lato);")
    ['url(https://fonts.googleapis.com/css?family=Lato']
    """
    return [match.group(0) for match in _REMOTE.finditer(text)]
