"""Shared helpers for browser tests: Debian's Chromium driven by Playwright, and a
live server that works with an in-memory SQLite test database and with PostgreSQL."""

import contextlib
import os
import threading

import pytest

from tests.reference_data import Snapshot

CHROMIUM = os.environ.get("HOPTAC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

requires_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
)


# Every Content-Security-Policy violation a page reports (enforced or report-only),
# as "directive blocked-uri at page (sample)"; tests/conftest.py fails the test
# during which one was seen.
CSP_VIOLATIONS = []
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "inline") + " at " +
                e.documentURI + " line " + e.lineNumber + " (" + (e.sample || "") + ")");
});
"""


def _on_console(message):
    text = message.text
    if text.startswith("CSP violation: ") or "Content Security Policy" in text:
        CSP_VIOLATIONS.append(text.removeprefix("CSP violation: "))


def _watched(context):
    context.add_init_script(script=_REPORT_VIOLATIONS)
    context.on("console", _on_console)
    return context


def _close(context):
    try:
        context.close()
    except Exception:  # noqa: BLE001 - the browser is closing it already
        pass


def launch(playwright):
    """Chromium for ``playwright`` (sync API), watching every page for CSP violations.

    The sync API keeps an event loop running in the test's thread, so Django's
    async-safety check would refuse the test's own queries: allowed here, where
    the loop only drives the browser.
    """
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    close = browser.close

    def close_and_forget(*args, **kwargs):
        """Close, and stop allowing it: a later test's subprocess (``check --deploy``) must not inherit it."""
        try:
            return close(*args, **kwargs)
        finally:
            if before is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before

    browser.close = close_and_forget
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        # a Vietnamese browser: navigator.language and Accept-Language (Debian's headless Chromium, with
        # only its en-US locale pack, still draws date inputs as 12/31/2021)
        kwargs.setdefault("locale", "vi-VN")
        return _watched(new_context(*args, **kwargs))

    def watched_page(*args, **kwargs):
        context = watched_context(*args, **kwargs)
        page = context.new_page()
        page.on("close", lambda _page: _close(context))
        return page

    browser.new_context = watched_context
    browser.new_page = watched_page
    return browser


class LiveServer:
    """Django's live server thread, started outside a test (e.g. in a module fixture).

    Data must be committed (use ``django_db_blocker.unblock()``); an in-memory
    SQLite database is shared with the server thread as Django's own
    LiveServerTestCase does.
    """

    def __init__(self):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.db import connections
        from django.test.testcases import LiveServerThread

        self._shared = {}
        for conn in connections.all():
            if conn.vendor == "sqlite" and conn.is_in_memory_db():
                self._shared[conn.alias] = conn
                conn.inc_thread_sharing()
        handler = _serial(StaticFilesHandler) if self._shared else StaticFilesHandler
        self.thread = LiveServerThread("127.0.0.1", handler, connections_override=self._shared, port=0)
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        self.url = f"http://127.0.0.1:{self.thread.port}"

    def stop(self):
        self.thread.terminate()
        for conn in self._shared.values():
            conn.dec_thread_sharing()


_SHARED_CONNECTION_LOCK = threading.Lock()


def _serial(handler_class):
    """The handler, answering one request at a time.

    The browser asks for a page and its scripts at once; with an in-memory SQLite
    database every server thread uses the one shared connection, which is not
    safe for concurrent use ("bad parameter or other API misuse").
    """

    class Serial(handler_class):
        def __call__(self, environ, start_response):
            with _SHARED_CONNECTION_LOCK:
                response = super().__call__(environ, start_response)
                # Read a streamed body here too: it may still query the database.
                body = b"".join(response)
                if hasattr(response, "close"):
                    response.close()
                return [body]

    return Serial


@contextlib.contextmanager
def serving(django_db_blocker):
    """A live server over data the block commits, for a module fixture; on the way out the
    server stops, the audit entries written meanwhile are removed, the database is put back as the
    migrations left it and the cache cleared
    (the fixture removes its own rows)::

        with serving(django_db_blocker) as server:
            orgs = [make_org(...)]
            try:
                yield server
            finally:
                Organization.objects.filter(...).delete()
    """
    from django.core.cache import cache
    from django.db import connection

    from hoptac.audit.models import AuditEntry

    with django_db_blocker.unblock():
        snapshot = Snapshot.session()  # before the block commits anything
        cache.clear()
        before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        server = LiveServer()
        try:
            yield server
        finally:
            server.stop()
            with connection.cursor() as cursor:  # the trail refuses deletes through the ORM
                cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id > %s", [before])
            # What the block committed besides its own rows (the role groups its users made, say) would
            # clash with the one world's rows (tests/world.py): the database goes back to the migrations'.
            snapshot.restore()
            cache.clear()


@pytest.fixture(scope="module")
def browser(live):
    """Chromium for the tests of a module whose ``live`` fixture serves the site."""
    with chromium() as opened:
        yield opened


@contextlib.contextmanager
def chromium():
    """A Chromium (see :func:`launch`) for the block: ``with chromium() as browser: …``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
