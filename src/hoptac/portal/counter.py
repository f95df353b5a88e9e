"""The visitor counter in the portal's footer: online now, today, this week, total.

Privacy: a visit is counted through a first-party cookie that expires at the
next local midnight: the second it was made and 96 random bits. The server keeps
no IP address, user agent or cookie value. For "online now" it keeps, for ten
minutes, the number of browsers new in each second and, for a browser that comes
back, a 16-hex-digit HMAC of its cookie value under a secret that changes every
day, which cannot be linked to a person nor across days (see ``OnlineVisitor``).

Concurrency and cost: a page view only appends to a per-process queue, with no
lock (no database or cache write on the request path); the queue is summed into
the process's counts when they are read or flushed. A daemon thread in each
process flushes the counts every few seconds with one atomic
``UPDATE ... SET visits = visits + k`` per day, so no count is lost whatever the
number of processes or the cache backend (the file cache's incr is not atomic
across processes, which is why counts do not go through the cache). A failed
flush puts its counts back into the buffer.
"""

import atexit
import collections
import datetime
import functools
import hashlib
import logging
import os
import re
import secrets
import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

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


@functools.lru_cache(maxsize=4096)
def is_bot(user_agent):
    """Obvious automated clients: no user agent, or one that names a bot or a library.

    Remembered per user agent string: a crowd sends a few hundred distinct ones,
    and the pattern costs more than the rest of a cached page view.
    """
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def _local_day(epoch):
    """The local date at ``epoch``, and the epochs of its midnight and of the next."""
    now = timezone.localtime(datetime.datetime.fromtimestamp(epoch, datetime.UTC))
    day = now.date()
    start, end = (datetime.datetime.combine(d, datetime.time(), tzinfo=now.tzinfo).timestamp()
                  for d in (day, day + datetime.timedelta(days=1)))
    return day, start, end


@functools.lru_cache(maxsize=4)
def _day_secret(secret_key, day):
    return hashlib.sha256(f"{secret_key}:visitor:{day.isoformat()}".encode()).digest()


def online_key(cookie_value, day):
    """A keyed hash (BLAKE2b under a secret of the day) of a cookie value: 16 hex digits."""
    secret = _day_secret(settings.SECRET_KEY, day)
    return hashlib.blake2b(cookie_value.encode(), key=secret, digest_size=8).hexdigest()


def _aware(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC)


def made_at(cookie_value, now):
    """When a cookie was made: its first 8 hex digits, seconds since the epoch (0 if not in the past).

    Cookies made before this rule are all random: one of those reads as made at a random moment
    of 1970–2106, so only one in 14 million looks made in the last five minutes.
    """
    made = int(cookie_value[:8], 16)
    return made if made <= now else 0


def _write_online(online, new):
    """Returning browsers (key -> (last seen, cookie made), in seconds) inserted or refreshed with one
    statement run for all rows; new browsers (second -> how many) as one counted row per second.

    A crowd of new browsers means tens of thousands of views per flush: a row for each was most
    of the cost of a cached page (an index insert at a random place of a growing table).
    """
    from hoptac.portal.visits import OnlineVisitor

    meta = OnlineVisitor._meta
    seen_field = meta.get_field("last_seen")
    table, key, seen, since, visitors = (connection.ops.quote_name(n) for n in (
        meta.db_table, "key", seen_field.column, meta.get_field("since").column, meta.get_field("visitors").column))
    converted = {}  # second -> as the database stores it: a crowd comes in a few seconds

    def as_db(second):
        if second not in converted:
            converted[second] = seen_field.get_db_prep_save(_aware(second), connection)
        return converted[second]

    with connection.cursor() as cursor:
        if online:
            # a later flush of another process may bring an older time: the row keeps the latest
            cursor.executemany(
                f"INSERT INTO {table} ({key}, {seen}, {since}, {visitors}) VALUES (%s, %s, %s, 1) "
                f"ON CONFLICT ({key}) DO UPDATE SET {seen} = CASE WHEN excluded.{seen} > {table}.{seen} "
                f"THEN excluded.{seen} ELSE {table}.{seen} END",
                [(visitor, as_db(int(last)), as_db(made)) for visitor, (last, made) in online.items()])
        if new:
            cursor.executemany(
                f"INSERT INTO {table} ({key}, {seen}, {since}, {visitors}) VALUES (%s, %s, NULL, %s)",
                [(f"+{secrets.token_hex(7)}", as_db(second), n) for second, n in new.items()])


class VisitorCounter:
    def __init__(self, flush_seconds=FLUSH_SECONDS):
        self.flush_seconds = flush_seconds
        self.autoflush = True
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        # Views as they come, summed into the counts below when those are read or flushed (appending to a
        # deque needs no lock: a lock and three counts per view were most of the counter's cost)
        self._arrivals = collections.deque()  # the second of each new browser's first view
        self._returns = collections.deque()  # (online key, seen, cookie made) of each returning browser's view
        self._days = collections.Counter()  # (day, "visits" | "views") -> n
        self._online = {}  # returning browser's online key -> (last seen, cookie made), seconds since the epoch
        self._new = collections.Counter()  # second -> browsers new in it
        self._today = (None, 0.0, 0.0)  # (local date, epoch of its start, epoch of its end)
        self._thread = None
        self._figures = None
        self._figures_at = 0.0
        self._read_lock = threading.Lock()
        self._flushed = {}  # online key -> last seen, as written by this process (pruned each flush)
        self._random = []  # cookie values not yet given out

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
        now = time.time()
        second = int(now)
        if cookie_value and _COOKIE_VALUE.match(cookie_value):
            key = online_key(cookie_value, self._day_of(second)[0])
            self._returns.append((key, now, made_at(cookie_value, second)))
            new_cookie = None
        else:
            self._arrivals.append(second)
            new_cookie = (f"{second:08x}{self._random_part()}", max(60, int(self._day_of(second)[2] - now)))
        if self.autoflush and self._thread is None:
            self._ensure_thread()
        return new_cookie

    def _day_of(self, second):
        """(local date, epoch of its midnight, epoch of the next) of a second; the last day asked is kept."""
        today = self._today
        if not today[1] <= second < today[2]:
            today = self._today = _local_day(second)
        return today

    def _collect(self):
        """Sum the views that came since the last call into the counts (under the lock)."""
        days, online, day_of = self._days, self._online, self._day_of
        # The new browsers' seconds, counted in C up to a mark: views appended meanwhile, after the mark, wait
        # for the next call (a crowd brings tens of thousands between two calls).
        self._arrivals.append(None)
        arrived = collections.Counter(iter(self._arrivals.popleft, None))
        self._new.update(arrived)
        for second, n in arrived.items():
            day = day_of(second)[0]
            days[(day, "visits")] += n
            days[(day, "views")] += n
        take = self._returns.popleft
        try:
            while True:
                key, seen, made = take()
                days[(day_of(int(seen))[0], "views")] += 1
                online[key] = (seen, made)
        except IndexError:
            pass

    def _random_part(self):
        """24 random hex digits for a new cookie, after the second it is made (8 hex digits).

        They come from a batch of the system's random bytes: one system call per 256 new browsers
        instead of one each (a crowd of new browsers is the counter's worst case). ``list.pop`` is
        atomic: two threads never get the same value, and a thread that finds the batch used up
        makes the next one.
        """
        while True:
            try:
                return self._random.pop()
            except IndexError:
                batch = secrets.token_hex(12 * 256)
                self._random = [batch[i:i + 24] for i in range(0, len(batch), 24)]

    # --- the flush: off the request path ----------------------------------------------

    def _ensure_thread(self):
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._loop, name="hoptac-visitor-flush", daemon=True)
            self._thread.start()
            atexit.register(self.flush)

    def _after_fork(self):
        self._lock, self._flush_lock, self._read_lock = threading.Lock(), threading.Lock(), threading.Lock()
        self._thread = None
        self._arrivals, self._returns = collections.deque(), collections.deque()
        self._days, self._online, self._new, self._flushed = collections.Counter(), {}, collections.Counter(), {}
        self._random = []  # a child must not give out its parent's values

    def _loop(self):
        while True:
            time.sleep(self.flush_seconds)
            try:
                self.flush()
            except Exception:  # keep the thread alive; the counts were put back
                log.exception("visitor counter flush failed; will retry")
            finally:
                # this thread's own connection: not held open between flushes
                connection.close()

    def _take(self):
        with self._lock:
            self._collect()
            days, self._days = self._days, collections.Counter()
            online, self._online = self._online, {}
            new, self._new = self._new, collections.Counter()
        return days, online, new

    def _give_back(self, days, online, new):
        with self._lock:
            self._days.update(days)
            self._new.update(new)
            for key, seen in online.items():
                if key not in self._online or self._online[key][0] < seen[0]:
                    self._online[key] = seen

    def flush(self):
        """Write the buffered counts with atomic increments; returns the views written."""
        from hoptac.portal.visits import OnlineVisitor, VisitorDay

        with self._flush_lock:
            days, online, new = self._take()
            if not days and not online and not new:
                return 0
            try:
                with transaction.atomic():
                    for day in sorted({d for d, _ in days}):
                        VisitorDay.objects.get_or_create(day=day)
                        VisitorDay.objects.filter(day=day).update(
                            visits=F("visits") + days[(day, "visits")], views=F("views") + days[(day, "views")]
                        )
                    _write_online(online, new)
                    OnlineVisitor.objects.filter(last_seen__lt=timezone.now() - 2 * ONLINE_WINDOW).delete()
            except Exception:
                self._give_back(days, online, new)
                raise
            cutoff = time.time() - ONLINE_WINDOW.total_seconds()
            with self._lock:
                self._flushed.update((key, seen) for key, (seen, _made) in online.items())
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
        cutoff = time.time() - ONLINE_WINDOW.total_seconds()
        with self._lock:
            self._collect()
            pending_today = self._days.get((base["day"], "visits"), 0)
            # browsers seen here since the last flush and not yet in the table, counted as the table counts
            local_online = sum(n for second, n in self._new.items() if second >= cutoff) + sum(
                1 for k, (seen, made) in self._online.items() if seen >= cutoff and made < cutoff and k not in self._flushed)
        return {
            "online": base["online"] + local_online,
            "today": base["today"] + pending_today,
            "week": base["week"] + pending_today,
            "total": base["total"] + pending_today,
        }

    def _read_figures(self):
        from hoptac.portal.visits import OnlineVisitor, VisitorDay

        today = timezone.localdate()
        monday = today - datetime.timedelta(days=today.weekday())
        week = dict(VisitorDay.objects.filter(day__gte=monday).values_list("day", "visits"))
        total = VisitorDay.objects.aggregate(n=Sum("visits"))["n"] or 0
        cutoff = timezone.now() - ONLINE_WINDOW
        online = OnlineVisitor.objects.filter(
            Q(since__isnull=True) | Q(since__lt=cutoff), last_seen__gte=cutoff).aggregate(n=Sum("visitors"))["n"] or 0
        base = {"today": week.get(today, 0), "week": sum(week.values()), "total": total, "day": today,
                "online": online}
        self._figures, self._figures_at = base, time.monotonic()
        return base


visitors = VisitorCounter()
# A forked worker inherits the buffer but not the flushing thread: it starts its own
# and leaves the parent's unflushed counts to the parent.
os.register_at_fork(after_in_child=lambda: visitors._after_fork())


def record(request, response):
    visitors.record(request, response)


_html = {}  # language -> (rendered counter, when)
_html_lock = threading.Lock()
HTML_TTL = 1.0


def counter_html(language):
    """The footer counter, rendered at most once a second per language and process."""
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
