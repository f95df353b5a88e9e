"""Permissions that follow from a hoptac role rather than from Django groups."""

from hoptac.accounts.policy import role_of

ACCESS_ADMIN = "wagtailadmin.access_admin"


class RoleBackend:
    """Lets every user with a role into the back office; everything else is the policy's.

    It authenticates nobody: passwords stay with Django's ModelBackend.
    """

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return perm == ACCESS_ADMIN and role_of(user_obj) is not None
