"""The directives' catalogue does not take over words other screens use."""

from django.utils import translation
from django.utils.translation import gettext

from hoptac.directives.models import Award


def test_the_award_reason_has_its_own_words_and_the_upload_warnings_keep_theirs():
    with translation.override("vi"):
        assert str(Award._meta.get_field("reason").verbose_name) == "lý do khen thưởng"
        assert gettext("reason") == "lý do"  # the column of the upload's warnings and problems
