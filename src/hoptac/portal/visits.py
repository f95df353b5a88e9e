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
    """A browser seen recently: an unlinkable hash (cookie id + daily secret), and when."""

    key = models.CharField(max_length=16, unique=True)
    last_seen = models.DateTimeField(db_index=True)
