import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_public_images_are_served_but_not_other_media(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.jpg").write_bytes(b"\xff\xd8jpeg")
    (tmp_path / "collection").mkdir()
    (tmp_path / "collection" / "upload.xlsx").write_bytes(b"secret")
    assert client.get("/media/images/photo.jpg").status_code == 200
    assert client.get("/media/collection/upload.xlsx").status_code == 404
    assert client.get("/media/images/../collection/upload.xlsx").status_code == 404
