"""The directives' catalogue does not take over words other screens use."""

from django.utils import translation
from django.utils.translation import gettext

from hoptac.directives.models import Award, Document, Task, TaskStatus


def test_the_award_reason_has_its_own_words_and_the_upload_warnings_keep_theirs():
    with translation.override("vi"):
        assert str(Award._meta.get_field("reason").verbose_name) == "lý do khen thưởng"
        assert gettext("reason") == "lý do"  # the column of the upload's warnings and problems


def test_the_action_plan_words_are_its_own_and_other_screens_keep_theirs():
    with translation.override("vi"):
        assert str(Task._meta.verbose_name) == "nhiệm vụ"
        assert str(Task._meta.get_field("title").verbose_name) == "nhiệm vụ"
        assert str(Task._meta.get_field("deadline").verbose_name) == "hạn hoàn thành"
        assert str(TaskStatus.NOT_STARTED.label) == "chưa triển khai"
        assert str(Document._meta.get_field("title").verbose_name) == "trích yếu"
        # The reporting window's deadline and a report not yet sent keep the collection's words.
        assert gettext("deadline") == "hạn nộp" and gettext("not started") == "chưa báo cáo"
