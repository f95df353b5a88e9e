"""The visitor counter's tables (beside the page models, not among them: the pages record visits
through :mod:`hoptac.portal.counter`, which stores them here)."""

from django.db import models


class VisitorDay(models.Model):
    """Visits and page views of one day, added to by the counter's periodic flush.

    A visit is one browser on one day (a random cookie that expires at midnight);
    nothing here or in the cookie identifies a person or an address.
    """

    day = models.DateField(unique=True)
    visits = models.PositiveBigIntegerField(default=0)
    views = models.PositiveBigIntegerField(default=0)


class OnlineVisitor(models.Model):
    """Browsers seen recently, for "online now".

    Either one returning browser — an unlinkable hash of its cookie under a secret of the day
    (``key``), when it was last seen and when its cookie was made (``since``) — or the browsers
    new in one second of one process, counted together (``visitors``; ``since`` empty; a random
    ``key`` starting with "+"). A new browser is online through its count until the window has
    passed since its first view, and through its own row after that, when it came back; so a
    browser's row counts only once its cookie is older than the window, and none is counted twice.
    """

    key = models.CharField(max_length=16, unique=True)
    last_seen = models.DateTimeField(db_index=True)
    since = models.DateTimeField(null=True)
    visitors = models.PositiveIntegerField(default=1)
