"""The roles that may publish news (policy ``publish_news``) as a Wagtail group.

Wagtail decides page, image and document permissions from group memberships,
not from hoptac's policy. One group, "Biên tập cổng thông tin", holds the page
permissions on the whole tree (add, change, publish, lock) and the image and
document permissions on the root collection; every user whose role may
``publish_news`` is in it, and nobody else. Membership follows the role: it is
set whenever a profile is saved, removed with the profile, and set for all
profiles after migrate.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hoptac.accounts import policy
from hoptac.accounts.models import Profile

GROUP_NAME = "Biên tập cổng thông tin"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (("wagtailimages", ("add_image", "change_image", "choose_image")),
                          ("wagtaildocs", ("add_document", "change_document", "choose_document")))


def group():
    """The group with its permissions (created or completed on first use)."""
    editors, _created = Group.objects.get_or_create(name=GROUP_NAME)
    root_page, root_collection = Page.get_first_root_node(), Collection.get_first_root_node()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=editors, page=root_page, permission=permission)
    if root_collection is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection=root_collection, permission=permission)
    return editors


def sync(user):
    """Put ``user`` in the group if their role may publish news, take them out otherwise."""
    may_publish = policy.reach(user, policy.PUBLISH_NEWS) is not None
    member = user.groups.filter(name=GROUP_NAME).exists()
    if may_publish and not member:
        user.groups.add(group())
    elif member and not may_publish:
        user.groups.remove(Group.objects.get(name=GROUP_NAME))


@receiver(post_save, sender=Profile)
def _profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh(instance.user)


@receiver(post_delete, sender=Profile)
def _profile_deleted(sender, instance, **kwargs):
    # Only ever a removal: the user may be being deleted with its profile (adding a
    # membership then would point at a user about to disappear).
    editors = Group.objects.filter(name=GROUP_NAME).first()
    if editors is not None:
        editors.user_set.remove(instance.user_id)


def _refresh(user):
    fresh = get_user_model().objects.filter(pk=user.pk).first()  # the role as stored now
    if fresh is not None:  # None: the user is being deleted with its profile
        sync(fresh)


def sync_all(**kwargs):
    """After migrate: every user with a role in the right place (a handful of rows)."""
    for user in get_user_model().objects.filter(hoptac_profile__isnull=False):
        sync(user)
