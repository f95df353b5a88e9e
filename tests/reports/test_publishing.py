"""Published reports are stored once, unchanged, with their hash."""

import hashlib

import pytest

from hoptac.reports.models import ImmutableReport, PublishedReport
from hoptac.reports.services import publish_report, render_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(demo_data):
    return render_data(demo_data, "xlsx")


def test_publishing_stores_the_exact_bytes_under_media_root(rendered, settings):
    report = publish_report(rendered)
    assert report.sha256 == hashlib.sha256(rendered.content).hexdigest()
    assert report.size == len(rendered.content)
    assert report.file.path.startswith(str(settings.MEDIA_ROOT))
    assert report.file.name.startswith("reports/2021/")
    assert report.file.read() == rendered.content
    assert report.verify()
    assert (report.unit_code, report.year, report.baseline_year, report.format) == ("31", 2021, 2001, "xlsx")
    assert report.since.isoformat() == "2002-01-01" and report.as_of.isoformat() == "2021-12-31"
    assert report.title.startswith("BÁO CÁO Tình hình kinh tế tập thể")


def test_a_published_report_cannot_be_changed(rendered):
    report = publish_report(rendered)
    report.title = "changed"
    with pytest.raises(ImmutableReport):
        report.save()
    with pytest.raises(ImmutableReport):
        PublishedReport.objects.filter(pk=report.pk).update(title="changed")
    with pytest.raises(ImmutableReport):
        report.delete()
    with pytest.raises(ImmutableReport):
        PublishedReport.objects.all().delete()
    assert PublishedReport.objects.get(pk=report.pk).title != "changed"


def test_publishing_the_same_bytes_twice_keeps_one_record(rendered):
    assert publish_report(rendered).pk == publish_report(rendered).pk
    assert PublishedReport.objects.count() == 1


def test_published_lists_newest_first(demo_data):
    first = publish_report(render_data(demo_data, "xlsx"))
    second = publish_report(render_data(demo_data, "pdf"))
    assert list(PublishedReport.objects.published()) == [second, first]


def test_a_changed_file_fails_verification(rendered):
    report = publish_report(rendered)
    with open(report.file.path, "ab") as handle:
        handle.write(b"tampered")
    assert not PublishedReport.objects.get(pk=report.pk).verify()


def test_the_public_download_is_the_published_file(rendered, client):
    report = publish_report(rendered)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == rendered.content
    assert response["X-Content-SHA256"] == report.sha256
    assert client.get(f"/bao-cao/{report.pk}/other-name.xlsx").status_code == 404


def test_issuer_comes_from_settings(settings, demo_data):
    from hoptac.reports.builder import build
    from hoptac.reports.data import Issuer

    settings.HOPTAC_REPORT_ISSUER = "Sở Nông nghiệp và Môi trường"
    settings.HOPTAC_REPORT_SYMBOL = "SNNMT"
    demo_data.issuer = Issuer.from_settings(place="Hải Dương")
    header = build(demo_data, "vi").header
    assert header.issuer == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert header.number.endswith("/BC-SNNMT") and header.place_date.startswith("Hải Dương, ngày")


def test_a_published_report_is_listed_and_downloadable_on_the_portal(rendered, client, settings, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    from hoptac.portal.pages import ensure_portal_pages

    settings.MEDIA_ROOT = tmp_path
    ensure_portal_pages()
    assert "Tình hình kinh tế tập thể" not in client.get("/van-ban/").content.decode()  # cached without it
    with django_capture_on_commit_callbacks(execute=True):
        report = publish_report(rendered)
    html = client.get("/van-ban/").content.decode()
    assert report.get_absolute_url() in html and report.sha256[:10] in html
    download = client.get(report.get_absolute_url())
    assert download.status_code == 200
    assert download["X-Content-SHA256"] == report.sha256
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == rendered.content


def test_a_published_report_keeps_every_figure_it_printed_beside_its_file(rendered, client):
    from hoptac.reports.services import withdraw_report

    data = rendered.data
    report = publish_report(rendered)
    stored = PublishedReport.objects.get(pk=report.pk)
    assert stored.made_at == data.generated_at and stored.product_version == data.version
    assert stored.figures["values"]["htx.total"] == data.values["htx.total"]
    # Decimals are kept exactly, as text: no float rounding between the file and its figures.
    assert stored.figures["values"]["revenue.avg"] == str(data.values["revenue.avg"])
    assert [c["code"] for c in stored.figures["children"]] == [c.code for c in data.children]
    assert len(stored.figures["targets"]) == len(data.targets)
    answer = client.get(stored.get_figures_url())
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    body = answer.json()
    assert body["report"]["sha256"] == report.sha256 and body["report"]["file"] == report.get_absolute_url()
    assert body["values"] == stored.figures["values"] and body["made_at"] == data.generated_at.isoformat()
    withdraw_report(stored, "Sai số liệu", user=None)
    assert client.get(stored.get_figures_url()).status_code == 404
