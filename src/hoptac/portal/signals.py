"""Cache invalidation (and the precompute of the standard views, :mod:`hoptac.portal.warm`): pages and site settings changed in Wagtail, and every
change to the register (lifecycle writes, imports, approved reports: :func:`cache.listen_to_register`)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from hoptac.portal import cache, warm
from hoptac.portal.models import PortalSettings


def _bump(sender, **kwargs):
    cache.bump()


def connect():
    cache.listen_to_register()
    warm.listen_to_register()  # the standard views' figures computed ahead of their first reader

    page_published.connect(_bump, dispatch_uid="portal-cache-published")
    page_unpublished.connect(_bump, dispatch_uid="portal-cache-unpublished")
    post_delete.connect(_bump, sender="wagtailcore.Page", dispatch_uid="portal-cache-page-deleted")
    post_save.connect(_bump, sender=PortalSettings, dispatch_uid="portal-cache-settings")
