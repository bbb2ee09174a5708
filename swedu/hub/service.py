"""The swedu hub service: a JupyterHub managed service that collects the class's checks.

The hub starts it (``python -m swedu.hub``) with ``JUPYTERHUB_API_TOKEN``, ``JUPYTERHUB_SERVICE_URL``
and ``JUPYTERHUB_SERVICE_PREFIX`` in its environment; the proxy routes ``/services/swedu/`` to it.
Every request is authenticated by the hub (:class:`jupyterhub.services.auth.HubOAuthenticated`: a
token in the ``Authorization`` header, or the hub's OAuth cookie in a browser). The student is who
the hub says the token belongs to; a name in the body is never read. Pages under the prefix:

``api/records``  POST one record (JSON), GET the caller's own records (JSON)
``(root)``       the caller's own records as a page
``class``        lecturers: the class report, per course group, refreshed live
``projector``    lecturers: which misconception dominates right now (a chart, no names)
``export``       lecturers: a zip of hand-in files that ``swedu report`` reads
``health``       anyone: 200 when the service can use its database, else 503 and the reason

A lecturer's token holds the custom scope ``custom:swedu:lecturer`` (:data:`LECTURER_SCOPE`, granted to
the hub group ``SWEDU_LECTURERS_GROUP``, default ``lecturers``, through a role: see ``deploy/``); a
student's hub groups other than that one are their course groups.
"""
from __future__ import annotations

import asyncio
import html
import json
import logging
import math
import os
import re
import signal
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlencode, urlparse

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated, UserNotAllowed
from jupyterhub.utils import url_path_join
from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, RequestHandler, authenticated, stream_request_body

from swedu.hub import trust, views
from swedu.hub.store import SQLiteRecordStore, StoreUnavailable
from swedu.i18n import LANGUAGES, t
from swedu.progress.attempt import sanitize

log = logging.getLogger("swedu.hub.service")

_RECORD_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$", re.ASCII)
MIN_GROUP = 3
"""The projector shows a group result only for at least this many students."""
LECTURER_SCOPE = "custom:swedu:lecturer"
"""The lecturers' own JupyterHub scope (a custom scope, JupyterHub >= 3): the class view, the projector
and the export. deploy/ grants it to the role ``swedu-lecturer`` of the lecturers group and keeps it out
of the servers' tokens, so code running in a lecturer's notebook cannot download the class's records."""


class Settings:
    """The service's choices (the flags of ``swedu hub-service``, or the environment variables its ``--help``
    names: :data:`swedu.cli.hub.SERVICE_OPTIONS`)."""

    def __init__(self, db: str, lecturers: str = "lecturers", max_bytes: int = 8192, rate: float = 2.0,
                 burst: int = 20, refresh: int = 10, window: int = 20, auth_cache: int = 60, listen: str = "",
                 cases: str = "", lecturer_scope: str = LECTURER_SCOPE):
        self.db, self.lecturers, self.max_bytes = db, lecturers, max_bytes
        self.rate, self.burst, self.refresh, self.window, self.auth_cache = rate, burst, refresh, window, auth_cache
        self.listen, self.cases, self.lecturer_scope = listen, cases, lecturer_scope


class RateLimiter:
    """Per-user token bucket: ``burst`` records at once, then ``rate`` per second.

    >>> limiter = RateLimiter(rate=1.0, burst=2)
    >>> [limiter.wait_for("siti", now=0.0) for _ in range(3)]
    [0.0, 0.0, 1.0]
    """

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def wait_for(self, user: str, now: float | None = None) -> float:
        """``0.0`` and one token taken, or the seconds until the next record is accepted."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(user, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            self._buckets[user] = (tokens - 1.0, now)
            return 0.0
        self._buckets[user] = (tokens, now)
        return (1.0 - tokens) / self.rate


class BaseHandler(HubOAuthenticated, RequestHandler):
    """Language, user, lecturer check and answers without tracebacks for every page."""

    async def prepare(self) -> None:
        """Ask the hub who this is without blocking the other requests (the mixin's own lookup is
        synchronous). A token without the service's scope is refused, as HubOAuthenticated does.
        HubOAuth checks XSRF for cookie requests itself: another site's page cannot post as a student.
        While the class's database cannot be used, every page answers 503 with the reason."""
        if self.settings.get("unavailable"):
            self.set_status(503)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            return self.finish(f"503 swedu: {self.settings['unavailable']}\n")
        model = await self.hub_auth.get_user(self, sync=False)
        try:
            self._hub_auth_user_cache = self.check_hub_user(model) if model else None
        except UserNotAllowed:
            self._hub_auth_user_cache = None

            def refuse(*args, **kwargs):
                raise HTTPError(403)

            self.redirect = refuse

    @property
    def settings_(self) -> Settings:
        return self.settings["swedu"]

    @property
    def store(self) -> SQLiteRecordStore:
        return self.settings["store"]

    def language(self) -> str:
        chosen = self.get_argument("lang", "")
        if chosen in LANGUAGES:
            return chosen
        accept = self.request.headers.get("Accept-Language", "").lower()
        return "id" if accept.startswith(("id", "in")) else "en"

    def is_lecturer(self, user: dict) -> bool:
        """The token (or the browser's OAuth token) holds the lecturer scope; group membership alone
        is not enough (every server token of a group member would carry it)."""
        return self.settings_.lecturer_scope in (user.get("scopes") or [])

    def answer(self, code: int, key: str, **values) -> None:
        """A JSON answer ``{"error" or "message": text, "code": key}`` in the caller's language."""
        self.set_status(code)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        field = "message" if code < 400 else "error"
        self.finish(json.dumps({field: t(key, self.language(), **values), "code": key.rsplit(".", 1)[-1],
                                **{k: v for k, v in values.items() if k in ("retry_after", "id", "limit")}}))

    def write_error(self, status_code: int, **kwargs) -> None:
        # never a traceback, never data: just the status and a short reason
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")

    def page(self, title: str, body: str, head: str = "") -> None:
        e = html.escape
        lang = self.language()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                    f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                    f"<title>{e(title)}</title><style>{_CSS}</style>{head}</head><body><main>"
                    f"<h1>{e(title)}</h1>{body}</main></body></html>")

    def lecturer_or_refuse(self) -> dict | None:
        user = self.current_user
        if not self.is_lecturer(user):
            self.set_status(403)
            self.page(t("hub.page.class_title", self.language()),
                      f'<p role="alert" class="swedu-refused">{html.escape(t("hub.error.lecturers_only", self.language(), group=self.settings_.lecturers))}</p>')
            return None
        return user

    def link(self, name: str, **query) -> str:
        query = {k: v for k, v in query.items() if v}
        return url_path_join(self.settings["prefix"], name) + ("?" + urlencode(query) if query else "")


@stream_request_body
class RecordsHandler(BaseHandler):
    """``POST``: store one record of the caller; ``GET``: the caller's own records.

    The body is streamed: the caller is authenticated (and rate-limited) before a byte of it is read,
    and no more than ``max_bytes`` of it is ever kept."""

    async def prepare(self) -> None:
        await super().prepare()
        if self._finished or self.request.method != "POST":
            return
        self._body, self._size = bytearray(), 0
        user = self.current_user
        if not user:
            return self.answer(403, "hub.error.not_logged_in")
        wait = self.settings["limiter"].wait_for(user["name"])
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            self.set_header("Retry-After", str(seconds))
            return self.answer(429, "hub.error.rate_limited", seconds=seconds, retry_after=seconds)
        declared = self.request.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.settings_.max_bytes:
            return self.answer(413, "hub.error.too_big", size=int(declared), limit=self.settings_.max_bytes)

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= self.settings_.max_bytes:
            self._body += chunk

    def get(self) -> None:
        user = self.current_user
        if not user:
            return self.answer(403, "hub.error.not_logged_in")
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"user": user["name"], "records": self.store.records_of(user["name"])}))

    def post(self) -> None:
        user = self.current_user
        body, limit = bytes(self._body), self.settings_.max_bytes
        if self._size > limit:
            return self.answer(413, "hub.error.too_big", size=self._size, limit=limit)
        try:
            data = json.loads(body.decode("utf-8"))
        except RecursionError:  # JSON nested thousands deep: no record looks like that
            return self.answer(400, "hub.error.too_deep")
        except (UnicodeDecodeError, ValueError) as error:
            return self.answer(400, "hub.error.not_json", detail=str(error)[:80])
        if not isinstance(data, dict):
            return self.answer(400, "hub.error.not_object")
        record_id = data.get("id")
        if not isinstance(record_id, str) or not _RECORD_ID.match(record_id):
            return self.answer(400, "hub.error.bad_id")
        when = data.get("time")
        if when is not None and not trust.check_time(when):
            return self.answer(400, "hub.error.bad_time", given=str(when)[:40], first=trust.YEARS[0])
        clean = sanitize(data)  # free text, unknown keys (a forged "user" too) are dropped here
        if clean is None:
            return self.answer(400, "hub.error.no_activity")
        # every verdict, misconception and score is computed again here, with the course's own keys
        verified = trust.verify(clean)
        if verified.refused:
            return self.answer(400, f"hub.error.{verified.refused}", given=verified.detail)
        clean = sanitize(verified.record)
        if when is not None:
            clean["time"] = when  # the student's time; the store adds its own receive time beside it
        groups = [g for g in (user.get("groups") or []) if g != self.settings_.lecturers]
        if self.store.add(user["name"], groups, record_id, clean):
            return self.answer(201, "hub.answer.stored", id=record_id)
        return self.answer(200, "hub.answer.duplicate", id=record_id)


class HealthHandler(RequestHandler):
    """``health``: 200 ``{"status": "ok"}`` when the service can read its database, else 503 with the reason.
    No login (a probe or a monitoring check calls it); it shows no record and no count."""

    def get(self) -> None:
        problem = self.settings.get("unavailable", "")
        if not problem:
            try:
                self.settings["store"].count()
            except Exception as error:  # noqa: BLE001 - the reason is the answer
                problem = str(error)
        self.set_status(503 if problem else 200)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"status": "unavailable", "problem": problem} if problem else {"status": "ok"}))


class MineHandler(BaseHandler):
    """A student's own records as a page (lecturers also get the links to the class view)."""

    @authenticated
    def get(self) -> None:
        user = self.current_user
        lang = self.language()
        body = views.own_records_html(self.store.records_of(user["name"]), lang)
        if self.is_lecturer(user):
            body = (f'<nav><a href="{html.escape(self.link("class", lang=lang))}">'
                    f'{html.escape(t("hub.page.class_link", lang))}</a></nav>') + body
        self.page(t("hub.page.mine_title", lang), body)


class _LiveHandler(BaseHandler):
    """A lecturer's page whose live part is fetched again every few seconds (a small inline script)."""

    title_key = ""

    def group(self) -> str:
        group = self.get_argument("group", "")
        groups = self.store.groups()
        if group and group not in groups:
            raise _UnknownGroup(group, groups)
        return group

    async def fragment(self, group: str, lang: str) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    async def get(self) -> None:
        if self.current_user is None and self.get_argument("fragment", ""):
            # the page's poll never starts the hub's OAuth dance (each would leave a new token in the hub)
            return self.answer(403, "hub.error.not_logged_in")
        await self.whole_page()

    @authenticated
    async def whole_page(self) -> None:
        if self.lecturer_or_refuse() is None:
            return
        lang = self.language()
        try:
            group = self.group()
        except _UnknownGroup as unknown:
            self.set_status(404)
            return self.page(t(self.title_key, lang), "<p role=\"alert\">" + html.escape(t(
                "hub.error.unknown_group", lang, group=unknown.group, groups=", ".join(unknown.groups) or "–"))
                + "</p>")
        live = await self.fragment(group, lang)
        if self.get_argument("fragment", ""):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            return self.finish(live)
        stale = html.escape(t("hub.page.stale", lang))
        self.page(t(self.title_key, lang), self.navigation(group, lang)
                  + f'<p id="swedu-stale" role="status" hidden>{stale}</p>'
                  + f'<div id="swedu-live" aria-live="polite">{live}</div>', head=self.poller())

    def navigation(self, group: str, lang: str) -> str:
        e = html.escape
        name = self.request.path.rstrip("/").rsplit("/", 1)[-1]
        other = "id" if lang == "en" else "en"
        groups = [("", t("hub.page.all_groups", lang))] + [(g, g) for g in self.store.groups()]
        current = ' aria-current="page"'
        items = "".join(
            f'<li><a href="{e(self.link(name, group=g, lang=lang))}"'
            f'{current if g == group else ""}>{e(label)}</a></li>' for g, label in groups)
        return (f'<nav aria-label="{e(t("hub.page.groups_label", lang))}"><p>{e(t("hub.page.groups_label", lang))}:'
                f"</p><ul>{items}</ul><p>"
                f'<a href="{e(self.link("class", group=group, lang=lang))}">{e(t("hub.page.class_link", lang))}</a> · '
                f'<a href="{e(self.link("projector", group=group, lang=lang))}">{e(t("hub.page.projector_link", lang))}</a> · '
                f'<a href="{e(self.link("export", group=group))}">{e(t("hub.page.export_link", lang))}</a> · '
                f'<a href="{e(self.link(name, group=group, lang=other))}" hreflang="{other}" lang="{other}">'
                f'{e(t("hub.page.language_link", lang))}</a></p></nav>')

    def poller(self) -> str:
        """The page fetches its live part again every few seconds with the hub's XSRF token (HubOAuth
        refuses a cookie-authenticated fetch without it) and never follows a redirect: a poll that is
        refused says so on the page instead of sending the browser through the hub's login again."""
        seconds = self.settings_.refresh
        token = self.xsrf_token
        token = json.dumps(token.decode("ascii") if isinstance(token, bytes) else token).replace("<", "\\u003c")
        return (f"<noscript><meta http-equiv=\"refresh\" content=\"{seconds}\"></noscript>"
                "<script>(function(){var s=" + str(seconds * 1000) + ",x=" + token + ";function tick(){"
                "var u=new URL(window.location.href);u.searchParams.set('fragment','1');"
                "fetch(u,{credentials:'same-origin',cache:'no-store',redirect:'error',"
                "headers:{'X-XSRFToken':x}}).then(function(r){"
                "if(r.ok){return r.text();}throw new Error(r.status);}).then(function(h){"
                "document.getElementById('swedu-live').innerHTML=h;"
                "document.getElementById('swedu-stale').hidden=true;}).catch(function(){"
                "document.getElementById('swedu-stale').hidden=false;}).then(function(){"
                "setTimeout(tick,s);});}setTimeout(tick,s);})();</script>")

    def refreshed(self, lang: str) -> str:
        now = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
        return f'<p class="swedu-refreshed">{html.escape(t("hub.page.refreshed", lang, time=now, seconds=self.settings_.refresh))}</p>'

    async def cached(self, key: tuple, make) -> str:
        """The rendered part for ``key``, made again (off the event loop, once for all callers) only when
        new records arrived AND the last rendering is older than the refresh interval: a busy class
        does not make the view render on every record."""
        cache, locks = self.settings["cache"], self.settings["cache_locks"]
        lock = locks.setdefault(key, asyncio.Lock())
        async with lock:
            count, entry = self.store.version(), cache.get(key)
            fresh = entry is not None and (entry[0] == count or time.monotonic() - entry[1] < self.settings_.refresh)
            if not fresh:
                if len(cache) > 64:
                    cache.clear()
                    locks.clear()
                    locks[key] = lock
                html_text = await asyncio.get_running_loop().run_in_executor(None, make)
                entry = cache[key] = (count, time.monotonic(), html_text)
        return entry[2]


class _UnknownGroup(Exception):
    def __init__(self, group, groups):
        super().__init__(group)
        self.group, self.groups = group, groups


class ClassHandler(_LiveHandler):
    """The class report of ``swedu report``, made from the records in the store."""

    title_key = "hub.page.class_title"

    async def fragment(self, group: str, lang: str) -> str:
        def make() -> str:
            return views.live_report_html(self.store.class_records(group or None), lang)

        return self.refreshed(lang) + await self.cached(("class", group, lang), make)


class ProjectorHandler(_LiveHandler):
    """The projector view: which misconceptions the class shows right now, as an inline SVG chart."""

    title_key = "hub.page.projector_title"

    async def fragment(self, group: str, lang: str) -> str:
        try:
            minutes = max(1, min(int(self.get_argument("minutes", str(self.settings_.window))), 24 * 60))
        except ValueError:
            minutes = self.settings_.window
        since_time = datetime.now(timezone.utc) - timedelta(minutes=minutes)
        since = since_time.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        bucket = int(time.time() // 30)

        def make() -> str:
            records = self.store.class_records(group or None, since=since)
            if len(records) < MIN_GROUP:  # a "group" of one or two would show a person's own result
                return (f'<p class="swedu-too-few" role="status">'
                        f'{html.escape(t("hub.projector.too_few", lang, minimum=MIN_GROUP, students=len(records)))}</p>')
            return views.projector_svg(records, lang)

        chart = await self.cached(("projector", group, lang, minutes, bucket), make)
        return (f'<figure class="swedu-projector">{chart}<figcaption>'
                f'{html.escape(t("hub.page.projector_window", lang, minutes=minutes))}</figcaption></figure>')


class ExportHandler(_LiveHandler):
    """A zip of hand-in files, one per student (unzip it and run ``swedu report`` on the folder)."""

    @authenticated
    async def get(self) -> None:
        if self.lecturer_or_refuse() is None:
            return
        try:
            group = self.group()
        except _UnknownGroup:
            raise HTTPError(404) from None
        store = self.store
        data = await asyncio.get_running_loop().run_in_executor(
            None, lambda: views.export_zip(store.class_records(group or None)))  # other posts go on meanwhile
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", content_disposition(f"swedu-class-{group or 'all'}-{stamp}.zip"))
        self.finish(data)


def content_disposition(filename: str) -> str:
    """An attachment header for any file name (RFC 6266): an ASCII fallback and the name itself, UTF-8.

    >>> print(content_disposition("swedu-class-кл-1-20261207-1000.zip"))
    attachment; filename="swedu-class-_-1-20261207-1000.zip"; filename*=UTF-8''swedu-class-%D0%BA%D0%BB-1-20261207-1000.zip
    """
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 1rem auto; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
a[aria-current] { font-weight: bold; text-decoration: none; border-bottom: 3px solid #0072B2; }
a:focus { outline: 3px solid #E69F00; }
img, svg { max-width: 100%; height: auto; }
.swedu-projector svg { font-family: system-ui, sans-serif; }
"""


def make_app(settings: Settings, prefix: str | None = None, api_token: str | None = None) -> Application:
    """The tornado application (the hub's environment gives the prefix and the token)."""
    prefix = prefix or os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/swedu/")
    # the handlers (and the hub's own OAuth callback handler) share this one instance
    hub_auth = HubOAuth.instance(api_token=api_token or os.environ["JUPYTERHUB_API_TOKEN"],
                                 cache_max_age=settings.auth_cache)
    try:
        store, unavailable = SQLiteRecordStore(settings.db), ""
    except StoreUnavailable as problem:
        # one clear line in the hub's log; the service keeps running (and answers 503 with the reason)
        # instead of exiting, which the hub would answer by restarting it again and again
        store, unavailable = None, str(problem)
        log.error("swedu hub service: %s", unavailable)
    for folder in filter(None, settings.cases.split(os.pathsep)):
        log.info("lecturers' own cases from %s: %s", folder, ", ".join(trust.register_cases(folder)) or "none")
    routes = [
        (prefix + r"?", MineHandler),
        (url_path_join(prefix, "api/records"), RecordsHandler),
        (url_path_join(prefix, "health"), HealthHandler),
        (url_path_join(prefix, "class"), ClassHandler),
        (url_path_join(prefix, "projector"), ProjectorHandler),
        (url_path_join(prefix, "export"), ExportHandler),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
    ]
    return Application(routes, hub_auth=hub_auth, cookie_secret=os.urandom(32), swedu=settings, store=store,
                       limiter=RateLimiter(settings.rate, settings.burst), cache={}, prefix=prefix,
                       unavailable=unavailable, cache_locks={},
                       xsrf_cookies=False)


def serve(settings: Settings) -> int:
    """Run the service where the hub says (``JUPYTERHUB_SERVICE_URL``); stop cleanly on SIGTERM/SIGINT.

    ``swedu hub-service`` (``python -m swedu.hub``, as the hub starts it) parses the options and calls this.
    """
    logging.basicConfig(level=logging.INFO, format="[swedu-hub %(levelname)s %(asctime)s] %(message)s")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    host = settings.listen or url.hostname or "127.0.0.1"  # in a pod: --listen 0.0.0.0 (the URL names the Service)
    app = make_app(settings)
    try:
        return asyncio.run(_serve(app, host, url.port or 10101))
    except KeyboardInterrupt:  # Ctrl+C where the loop has no signal handlers (Windows)
        if app.settings["store"] is not None:
            app.settings["store"].close()
        return 0


def stop_on_signals(loop, stop) -> bool:
    """Call ``stop`` on SIGTERM (the hub stopping its service) and SIGINT (Ctrl+C); False where the system
    has no such handlers (Windows' event loop: there Ctrl+C ends the service as a KeyboardInterrupt).

    The hub service runs on the hub's Linux server; this only keeps it from failing on a lecturer's
    Windows laptop.

    >>> class WindowsLoop:
    ...     def add_signal_handler(self, sig, callback):
    ...         raise NotImplementedError
    >>> stop_on_signals(WindowsLoop(), lambda: None)
    False
    """
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop)
    except NotImplementedError:
        return False
    return True


async def _serve(app: Application, host: str, port: int) -> int:
    server = HTTPServer(app, max_body_size=1024 * 1024, xheaders=True)
    server.listen(port, host)
    stop = asyncio.Event()
    if not stop_on_signals(asyncio.get_running_loop(), stop.set):
        log.info("no signal handlers on this system (Windows): Ctrl+C stops the service")
    log.info("swedu hub service listening on http://%s:%s%s", host, port, app.settings["prefix"])
    await stop.wait()
    server.stop()
    if app.settings["store"] is not None:
        app.settings["store"].close()
    log.info("swedu hub service stopped")
    return 0
