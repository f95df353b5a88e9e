"""The visitor counter in the portal's footer: online now, today, this week, total.

Privacy: a visit is counted through a random first-party cookie that expires at
the next local midnight; the server keeps no IP address, user agent or cookie
value. For "online now" it keeps, for ten minutes, a 16-hex-digit HMAC of the
cookie value under a secret that changes every day, which cannot be linked to a
person nor across days.

Concurrency and cost: a page view only adds to a per-process buffer under a
lock (no database or cache write on the request path). A daemon thread in each
process flushes the buffer every few seconds with one atomic
``UPDATE ... SET visits = visits + k`` per day, so no count is lost whatever the
number of processes or the cache backend (the file cache's incr is not atomic
across processes, which is why counts do not go through the cache). A failed
flush puts its counts back into the buffer.
"""

import atexit
import datetime
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from hoptac.portal.cache import COUNTER_PLACEHOLDER

log = logging.getLogger(__name__)

COOKIE = "hoptac_v"
ONLINE_WINDOW = datetime.timedelta(minutes=5)
FLUSH_SECONDS = 5
FIGURES_TTL = 5  # seconds a process reuses the figures it read
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|preview|monitor|uptime|curl|wget|httpie|python-|"
    r"go-http|java/|okhttp|libwww|scrapy|headlesschrome|phantomjs|lighthouse|pingdom|feedfetcher",
    re.IGNORECASE,
)
_COOKIE_VALUE = re.compile(r"^[0-9a-f]{32}$")


def is_bot(user_agent):
    """Obvious automated clients: no user agent, or one that names a bot or a library."""
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def _seconds_to_midnight(now):
    tomorrow = (now + datetime.timedelta(days=1)).date()
    midnight = datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=now.tzinfo)
    return max(60, int((midnight - now).total_seconds()))


def online_key(cookie_value, day):
    secret = f"{settings.SECRET_KEY}:visitor:{day.isoformat()}".encode()
    return hmac.new(secret, cookie_value.encode(), hashlib.sha256).hexdigest()[:16]


class VisitorCounter:
    def __init__(self, flush_seconds=FLUSH_SECONDS):
        self.flush_seconds = flush_seconds
        self.autoflush = True
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._days = Counter()  # (day, "visits" | "views") -> n
        self._online = {}  # online key -> last seen (aware datetime)
        self._thread = None
        self._figures = None
        self._figures_at = 0.0
        self._read_lock = threading.Lock()
        self._flushed = {}  # online key -> last seen, as written by this process (pruned each flush)

    # --- the request path: memory only -------------------------------------------

    def record(self, request, response):
        """Count a page view (and a visit for a browser new today); sets the cookie."""
        new_cookie = self.record_view(
            request.META.get("HTTP_USER_AGENT", ""), request.COOKIES.get(COOKIE, ""), request.is_secure()
        )
        if new_cookie:
            value, max_age = new_cookie
            response.set_cookie(COOKIE, value, max_age=max_age, httponly=True, samesite="Lax",
                                secure=request.is_secure())

    def record_view(self, user_agent, cookie_value, secure=False):
        """Count a view; returns (cookie value, max age) to set for a browser new today, else None."""
        if is_bot(user_agent):
            return None
        now = timezone.localtime()
        day = now.date()
        new_visit = not _COOKIE_VALUE.match(cookie_value or "")
        if new_visit:
            cookie_value = secrets.token_hex(16)
        key = online_key(cookie_value, day)
        with self._lock:
            self._days[(day, "views")] += 1
            if new_visit:
                self._days[(day, "visits")] += 1
            self._online[key] = now
        if self.autoflush:
            self._ensure_thread()
        return (cookie_value, _seconds_to_midnight(now)) if new_visit else None

    # --- the flush: off the request path ----------------------------------------------

    def _ensure_thread(self):
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._loop, name="hoptac-visitor-flush", daemon=True)
            self._thread.start()
            atexit.register(self.flush)

    def _loop(self):
        while True:
            time.sleep(self.flush_seconds)
            try:
                close_old_connections()
                self.flush()
            except Exception:  # keep the thread alive; the counts were put back
                log.exception("visitor counter flush failed; will retry")

    def _take(self):
        with self._lock:
            days, self._days = self._days, Counter()
            online, self._online = self._online, {}
        return days, online

    def _give_back(self, days, online):
        with self._lock:
            self._days.update(days)
            for key, seen in online.items():
                if key not in self._online or self._online[key] < seen:
                    self._online[key] = seen

    def flush(self):
        """Write the buffered counts with atomic increments; returns the views written."""
        from hoptac.portal.models import OnlineVisitor, VisitorDay

        with self._flush_lock:
            days, online = self._take()
            if not days and not online:
                return 0
            try:
                with transaction.atomic():
                    for day in sorted({d for d, _ in days}):
                        VisitorDay.objects.get_or_create(day=day)
                        VisitorDay.objects.filter(day=day).update(
                            visits=F("visits") + days[(day, "visits")], views=F("views") + days[(day, "views")]
                        )
                    if online:
                        OnlineVisitor.objects.bulk_create(
                            [OnlineVisitor(key=k, last_seen=seen) for k, seen in online.items()],
                            update_conflicts=True, unique_fields=["key"], update_fields=["last_seen"],
                        )
                    OnlineVisitor.objects.filter(last_seen__lt=timezone.now() - 2 * ONLINE_WINDOW).delete()
            except Exception:
                self._give_back(days, online)
                raise
            cutoff = timezone.now() - ONLINE_WINDOW
            with self._lock:
                self._flushed.update(online)
                self._flushed = {k: seen for k, seen in self._flushed.items() if seen >= cutoff}
            self._figures = None
            return sum(n for (_d, what), n in days.items() if what == "views")

    # --- reading ------------------------------------------------------------------------

    def figures(self):
        """Online now, today, this week (from Monday) and total visits; reused for a few seconds.

        One thread at a time refreshes from the database; the others use the
        figures read last rather than wait.
        """
        stale = self._figures
        if stale is not None and time.monotonic() - self._figures_at < FIGURES_TTL:
            base = stale
        elif self._read_lock.acquire(blocking=stale is None):
            try:
                base = self._read_figures()
            finally:
                self._read_lock.release()
        else:
            base = stale
        cutoff = timezone.now() - ONLINE_WINDOW
        with self._lock:
            pending_today = self._days.get((base["day"], "visits"), 0)
            # browsers seen here since the last flush and not yet in the table
            local_online = sum(1 for k, seen in self._online.items() if seen >= cutoff and k not in self._flushed)
        return {
            "online": base["online"] + local_online,
            "today": base["today"] + pending_today,
            "week": base["week"] + pending_today,
            "total": base["total"] + pending_today,
        }

    def _read_figures(self):
        from hoptac.portal.models import OnlineVisitor, VisitorDay

        today = timezone.localdate()
        monday = today - datetime.timedelta(days=today.weekday())
        week = dict(VisitorDay.objects.filter(day__gte=monday).values_list("day", "visits"))
        total = VisitorDay.objects.aggregate(n=Sum("visits"))["n"] or 0
        online = OnlineVisitor.objects.filter(last_seen__gte=timezone.now() - ONLINE_WINDOW).count()
        base = {"today": week.get(today, 0), "week": sum(week.values()), "total": total, "day": today,
                "online": online}
        self._figures, self._figures_at = base, time.monotonic()
        return base


visitors = VisitorCounter()


def record(request, response):
    visitors.record(request, response)


_html = {}  # language -> (rendered counter, when)
_html_lock = threading.Lock()
HTML_TTL = 1.0


def counter_html(language):
    """The footer counter, rendered at most once a second per language and process."""
    from django.utils import translation

    cached = _html.get(language)
    now = time.monotonic()
    if cached is not None and now - cached[1] < HTML_TTL:
        return cached[0]
    if not _html_lock.acquire(blocking=cached is None):
        return cached[0]  # another thread is rendering it; the last one is a second old
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            html = render_to_string("portal/includes/visitor_counter.html", {"visitors": visitors.figures()}).encode()
        _html[language] = (html, now)
    finally:
        _html_lock.release()
    return html


def fill_placeholder(request, response):
    """Put the live counter into a (possibly cached) page."""
    content = response.content
    marker = COUNTER_PLACEHOLDER.encode()
    if marker in content:
        response.content = content.replace(marker, counter_html(getattr(request, "LANGUAGE_CODE", "")), 1)
