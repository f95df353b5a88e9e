"""Reminders by e-mail before and after the deadline, received by a real SMTP server on loopback."""

import datetime
import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller

from hoptac.collection import reminders, workflow
from hoptac.collection.models import Reminder
from hoptac.registry.models import REPORTING_TZ, ReportingWindow

from . import factories as f

YEAR = 2024
NEAR_DEADLINE = datetime.datetime(2025, 3, 28, 8, 0, tzinfo=REPORTING_TZ)
AFTER_DEADLINE = datetime.datetime(2025, 4, 2, 8, 0, tzinfo=REPORTING_TZ)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((sorted(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10}}}
    settings.HOPTAC_REMINDERS = True
    yield inbox
    controller.stop()


@pytest.fixture
def window(db):
    return ReportingWindow.objects.create(year=YEAR, opens_on=datetime.date(2025, 1, 1),
                                          deadline=datetime.date(2025, 3, 31))


@pytest.fixture
def situation(world, window):
    """The own cooperative has not submitted; a second one of the commune submitted (waits for
    verification); the other unit's organisation submitted and was verified."""
    submitted = f.org(unit_code=f.OWN_COMMUNE, code="HP-XONG")
    workflow.submit(world["province_officer"], workflow.save_draft(world["province_officer"], submitted, YEAR, f.FIGURES),
                    now=NEAR_DEADLINE - datetime.timedelta(days=10))
    report = workflow.submit(world["province_officer"], workflow.save_draft(world["province_officer"], world.foreign_org, YEAR, f.FIGURES),
                             now=NEAR_DEADLINE - datetime.timedelta(days=10))
    workflow.verify(world["outsider"], report, now=NEAR_DEADLINE - datetime.timedelta(days=5))
    return submitted


def received(inbox):
    return {tuple(to): msg for to, msg in inbox.messages}


def test_reminders_before_the_deadline_reach_who_has_work_left(smtp, world, situation):
    sent = reminders.send(now=NEAR_DEADLINE)
    inbox = received(smtp)
    assert set(inbox) == {("htx_thuy_son@example.gov.vn",), ("hong_bang@example.gov.vn",)}
    coop = inbox["htx_thuy_son@example.gov.vn",]
    assert coop["Subject"] == "Nhắc hạn: báo cáo năm 2024 phải nộp trước ngày 31/03/2025"
    assert world.own_org.code in coop.get_content()
    assert situation.code not in coop.get_content()
    officer = inbox["hong_bang@example.gov.vn",].get_content()
    assert world.own_org.code in officer and "HP-XONG" in officer  # not submitted / to verify
    assert world.foreign_org.code not in officer
    assert sorted((r.email, r.kind, r.year) for r in sent) == [
        ("hong_bang@example.gov.vn", "before", 2024), ("htx_thuy_son@example.gov.vn", "before", 2024)]
    assert Reminder.objects.get(email="htx_thuy_son@example.gov.vn").organizations == [world.own_org.code]


def test_a_second_run_sends_nothing_twice_and_after_the_deadline_a_late_notice_goes(smtp, world, situation):
    reminders.send(now=NEAR_DEADLINE)
    assert reminders.send(now=NEAR_DEADLINE + datetime.timedelta(hours=5)) == []
    assert len(smtp.messages) == 2
    reminders.send(now=AFTER_DEADLINE)
    late = [msg for _to, msg in smtp.messages[2:]]
    assert sorted(m["Subject"] for m in late) == ["Quá hạn: báo cáo năm 2024 đã hết hạn nộp ngày 31/03/2025"] * 2
    assert Reminder.objects.filter(kind="after").count() == 2


def test_nothing_is_sent_outside_the_reminder_days_or_when_turned_off(smtp, settings, world, situation):
    assert reminders.send(now=datetime.datetime(2025, 2, 1, 8, 0, tzinfo=REPORTING_TZ)) == []
    settings.HOPTAC_REMINDERS = False
    assert reminders.send(now=NEAR_DEADLINE) == []
    assert smtp.messages == [] and not Reminder.objects.exists()


def mailers_from_environment(monkeypatch, port):
    """The e-mail settings hoptac's settings module builds from HOPTAC_EMAIL_* (evaluated afresh)."""
    import runpy

    import hoptac.settings

    monkeypatch.setenv("HOPTAC_EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("HOPTAC_EMAIL_PORT", str(port))
    monkeypatch.setenv("HOPTAC_EMAIL_FROM", "Sở Tài chính Hải Phòng <htx@sotaichinh.haiphong.gov.vn>")
    namespace = runpy.run_path(hoptac.settings.__file__)
    return namespace["MAILERS"], namespace["DEFAULT_FROM_EMAIL"]


def test_the_reminder_task_sends_through_the_smtp_server_named_in_the_environment(
        smtp, settings, monkeypatch, world, situation):
    from hoptac.collection import tasks

    port = settings.MAILERS["default"]["OPTIONS"]["port"]  # the loopback server the fixture started
    settings.MAILERS, settings.DEFAULT_FROM_EMAIL = mailers_from_environment(monkeypatch, port)
    result = tasks.send_reminders.enqueue(now=NEAR_DEADLINE.isoformat())  # through the configured task backend
    assert result.return_value == {"sent": 2, "failed": []}
    inbox = received(smtp)
    assert set(inbox) == {("htx_thuy_son@example.gov.vn",), ("hong_bang@example.gov.vn",)}
    assert all(m["From"].addresses[0].addr_spec == "htx@sotaichinh.haiphong.gov.vn" for m in inbox.values())
    assert inbox["htx_thuy_son@example.gov.vn",]["Subject"] == "Nhắc hạn: báo cáo năm 2024 phải nộp trước ngày 31/03/2025"


def test_an_unreachable_mail_server_is_one_clear_message_and_the_next_run_sends_it(smtp, settings, world):
    """The daily command, with a deadline three days from today: no traceback, nothing recorded, then sent."""
    from django.core.management import CommandError, call_command
    from django.utils import timezone, translation

    today = timezone.localdate()
    ReportingWindow.objects.create(year=today.year - 1, opens_on=today - datetime.timedelta(days=60),
                                   deadline=today + datetime.timedelta(days=3))
    working = settings.MAILERS
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": closed, "timeout": 5}}}
    out = io.StringIO()
    with translation.override("vi"), pytest.raises(CommandError) as caught:
        call_command("send_reminders", stdout=out)
    assert "0 thư nhắc đã được gửi." in out.getvalue()
    message = str(caught.value)
    assert message.startswith("3 thư nhắc chưa gửi được (máy chủ thư trả lời, với ") and "HOPTAC_EMAIL_HOST" in message
    assert not Reminder.objects.exists() and smtp.messages == []  # nothing recorded as sent
    settings.MAILERS = working
    out = io.StringIO()
    with translation.override("vi"):
        call_command("send_reminders", stdout=out)
    assert "3 thư nhắc đã được gửi." in out.getvalue()  # each commune officer, and the cooperative
    assert sorted(r.email for r in Reminder.objects.all()) == [
        "hong_bang@example.gov.vn", "htx_thuy_son@example.gov.vn", "ngo_quyen@example.gov.vn"]
    assert len(smtp.messages) == 3
