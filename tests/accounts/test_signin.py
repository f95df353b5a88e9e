"""Sign-in security: Argon2, password policy, throttling, two-factor for administrators, idle expiry."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db
GOOD = "Hai-Phong-2025-xanh"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def code_for(device):
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_passwords_are_hashed_with_argon2(db):
    assert make_user("a", "viewer", password=GOOD).password.startswith("argon2")


@pytest.mark.parametrize("password", ["ngan", "password123", "1234567890", "qwertyuiop"])
def test_short_common_and_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_good_password_passes():
    validate_password(GOOD)


def test_five_failures_lock_the_username_on_that_address_even_for_the_right_password(client):
    make_user("bi_khoa", "viewer", password=GOOD)
    for _ in range(5):
        assert sign_in(client, "bi_khoa", "sai").status_code == 200
    response = sign_in(client, "bi_khoa", GOOD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "15" in response.content.decode()
    # another address is not locked
    assert sign_in(client, "bi_khoa", GOOD, ip="10.0.0.2").status_code == 302


def test_a_success_resets_the_failure_count(client):
    make_user("quen", "viewer", password=GOOD)
    for _ in range(4):
        sign_in(client, "quen", "sai")
    assert sign_in(client, "quen", GOOD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "quen", "sai")
    assert sign_in(client, "quen", GOOD).status_code == 302


def test_an_administrator_without_a_device_is_sent_to_set_one_up(client):
    admin = make_user("quan_tri", "admin", password=GOOD)
    sign_in(client, "quan_tri", GOOD)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/two-factor/")
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post("/admin/two-factor/", {"token": "000000" if code_for(device) != "000000" else "111111"}
                       ).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # django-otp also slows down repeated wrong codes
    assert client.post("/admin/two-factor/", {"token": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_an_administrator_with_a_device_must_give_a_code(client):
    admin = make_user("quan_tri", "admin", password=GOOD)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(client, "quan_tri", GOOD)
    response = client.get("/admin/registry/organizations/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/two-factor/verify/")
    assert client.get("/admin/registry/organizations/").status_code == 302
    client.post("/admin/two-factor/verify/", {"token": code_for(device)})
    assert client.get("/admin/registry/organizations/").status_code == 200


def test_other_roles_sign_in_without_a_code_unless_they_opted_in(client):
    make_user("lanh_dao", "viewer", password=GOOD)
    sign_in(client, "lanh_dao", GOOD)
    assert client.get("/admin/").status_code == 200


def test_sessions_expire_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_an_expired_session_is_signed_out(client):
    user = make_user("ngu_quen", "viewer")
    client.force_login(user)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/admin/").status_code == 302


def test_inactive_users_cannot_sign_in(client):
    user = make_user("nghi_viec", "viewer", password=GOOD)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert sign_in(client, "nghi_viec", GOOD).status_code == 200


def test_the_first_sign_in_with_two_factor_lands_on_the_page_asked_for(client):
    admin = make_user("quan_tri", "admin", password=GOOD)
    sign_in(client, "quan_tri", GOOD)
    response = client.get("/admin/roles/", headers={"Sec-Fetch-Dest": "document"})
    assert response["Location"] == "/admin/two-factor/?next=/admin/roles/"
    # the page's icon sprite, loaded in the background, is served, not sent to the set-up page
    sprite = client.get("/admin/sprite/?h=abc", headers={"Sec-Fetch-Dest": "empty"})
    assert sprite.status_code == 200 and b"two-factor" not in sprite.content
    # a background JSON call gets a refusal, never the set-up page
    picker = client.get("/admin/unit-picker/?q=hong", headers={"Accept": "application/json"})
    assert picker.status_code == 403 and "mã dùng một lần" in picker.json()["detail"]
    setup = client.get("/admin/two-factor/?next=/admin/roles/")
    assert setup.content.count(b"hoptac-qr") == 1  # one set-up card
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    done = client.post("/admin/two-factor/", {"token": code_for(device), "next": "/admin/roles/"})
    assert done.status_code == 302 and done["Location"] == "/admin/roles/"


def test_a_resource_is_never_the_page_to_return_to_after_the_code(client):
    admin = make_user("quan_tri", "admin", password=GOOD)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(client, "quan_tri", GOOD)
    done = client.post("/admin/two-factor/verify/", {"token": code_for(device), "next": "/admin/sprite/?h=abc"})
    assert done["Location"] == "/admin/"


def test_a_wrong_password_is_told_in_plain_vietnamese(client):
    """Wagtail's own Vietnamese names the field twice and drops a space; ours replaces it."""
    make_user("sai_mat_khau", "viewer", password=GOOD)
    page = sign_in(client, "sai_mat_khau", "Khong-phai-mat-khau-1").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại." in page
    assert "Tên người dùng" not in page
