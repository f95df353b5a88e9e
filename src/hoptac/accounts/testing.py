"""Helpers for tests of other apps that need a signed-in back-office user."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def force_verified_login(client, user):
    """Sign ``user`` in on a test client as if they had also given a valid one-time code.

    Administrators must pass two-factor sign-in before the back office opens;
    use this instead of ``client.force_login`` for them.
    """
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
