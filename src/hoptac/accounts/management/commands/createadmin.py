"""``hoptac createadmin``: the first system administrator of a new installation.

The password is read from ``HOPTAC_ADMIN_PASSWORD`` or asked for twice at the
terminal, and must pass the password rules. The administrator sets up two-factor
sign-in (a one-time code app) at the first sign-in to the back office.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hoptac.accounts.models import Profile, Role
from hoptac.audit import trail as audit
from hoptac.audit.models import Channel

PASSWORD_VARIABLE = "HOPTAC_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (f"Create the first system administrator; the password comes from {PASSWORD_VARIABLE} or is asked for. "
            "Two-factor sign-in is set up at the first sign-in.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="full name shown in the back office")

    def handle(self, *args, username, email, name, **options):
        User = get_user_model()
        username = username.strip()
        if not username:
            raise CommandError("--username is empty")
        existing = User.objects.filter(is_superuser=True).order_by("pk").first() or (
            Profile.objects.filter(role=Role.ADMIN).select_related("user").first())
        if existing is not None:
            who = existing.get_username() if isinstance(existing, User) else existing.user.get_username()
            raise CommandError(f"an administrator already exists ({who}); add other users in the back office")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} already exists; choose another --username")
        user = User(username=username, email=email, first_name=name, is_staff=True, is_superuser=True)
        password = self.password()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("the password is refused: " + " ".join(exc.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            Profile.objects.create(user=user, role=Role.ADMIN)
            audit.record_created(user, action="accounts.admin.created", note="hoptac createadmin",
                                 channel=Channel.COMMAND)
        self.stdout.write(f"administrator {username!r} created; sign in at /admin/ and set up the one-time code "
                          "app (two-factor sign-in) when asked")

    def password(self):
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            return password
        if not sys.stdin.isatty():
            raise CommandError(f"no password: set {PASSWORD_VARIABLE} or run the command in a terminal")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ; nothing was created")
        return first
