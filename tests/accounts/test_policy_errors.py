"""A user without a profile has no role; a database error while reading the profile is not taken for that."""

import pytest
from django.db import DatabaseError

from hoptac.accounts import policy
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_user_without_a_profile_has_no_role():
    assert policy.role_of(make_user("khach", None)) is None


def test_a_database_error_reading_the_profile_propagates(monkeypatch):
    user = make_user("can-bo", "province_officer")
    user = type(user).objects.get(pk=user.pk)  # the profile is not cached yet

    def broken(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr("django.db.models.query.QuerySet.get", broken)
    with pytest.raises(DatabaseError):
        policy.role_of(user)
