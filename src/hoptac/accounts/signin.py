"""Sign-in security: throttling of repeated failures, and the back-office login form.

After ``HOPTAC_SIGNIN_MAX_FAILURES`` (5) failed sign-ins for one username from
one IP address, that pair is locked for ``HOPTAC_SIGNIN_LOCK_SECONDS`` (15
minutes) counted from the last failure — even the right password is refused
meanwhile. Counters live in the cache, so all app servers sharing one cache
(Redis, or the file cache of one machine) share them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from hoptac.audit import trail as audit
from hoptac.audit.models import Channel
from hoptac.core import clients


def max_failures():
    return settings.HOPTAC_SIGNIN_MAX_FAILURES


def lock_seconds():
    return settings.HOPTAC_SIGNIN_LOCK_SECONDS


def _key(scope, username, ip):
    raw = f"{scope}|{(username or '').strip().lower()}|{ip or '-'}"
    return "hoptac:signin:" + hashlib.sha256(raw.encode()).hexdigest()


def is_locked(username, ip, scope="password"):
    return cache.get(_key(scope, username, ip), 0) >= max_failures()


def register_failure(username, ip, scope="password"):
    """Count one failure; returns the count so far."""
    key = _key(scope, username, ip)
    count = cache.get(key, 0) + 1
    cache.set(key, count, lock_seconds())
    return count


def reset(username, ip, scope="password"):
    cache.delete(_key(scope, username, ip))


# Passwords published with the product (the demo's): refused at sign-in in production
# mode, whoever's account they open. The demo registers its own (hoptac.demo.apps).
PUBLISHED_PASSWORDS = set()


def refuse_in_production(password):
    PUBLISHED_PASSWORDS.add(password)


def is_published(password):
    return bool(password) and password in PUBLISHED_PASSWORDS


def locked_message():
    minutes = max(1, lock_seconds() // 60)
    return _("Too many failed sign-ins. Wait %(minutes)d minutes and try again.") % {"minutes": minutes}


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with throttling per username and IP address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = _("Enter your username")
        self.fields["password"].label = _("Password")

    def clean(self):
        username = self.cleaned_data.get("username", "")
        ip = clients.client_ip(self.request)
        if is_locked(username, ip):
            audit.record(audit.SIGN_IN_LOCKED, request=self.request, note=username[:150],
                         channel=Channel.BACK_OFFICE)
            raise ValidationError(locked_message(), code="locked")
        if settings.PRODUCTION and is_published(self.cleaned_data.get("password")):
            register_failure(username, ip)
            raise ValidationError(_("This is the demo's published password: it does not open any account of a "
                                    "production site. Ask the administrator to set a password of your own."),
                                  code="published_password")
        try:
            cleaned = super().clean()
        except ValidationError:
            register_failure(username, ip)
            raise
        reset(username, ip)
        return cleaned
