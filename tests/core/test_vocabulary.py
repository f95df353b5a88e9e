"""One vocabulary for kinds, sectors, statuses and event types (registry/vocabulary.py), said once."""

import ast
import datetime
import re
from pathlib import Path

from django.utils import translation

from hoptac.registry import vocabulary
from hoptac.registry.models import TERMINAL_STATUSES, EventType

SRC = Path(__file__).resolve().parents[2] / "src" / "hoptac"
HOME = {SRC / "registry" / "models.py", SRC / "registry" / "vocabulary.py"}
# The same English word naming something else, with why.
OTHER_MEANING = {
    (SRC / "directives" / "models.py", "credit"): "a kind of support (SupportKind), not a sector",
    (SRC / "directives" / "models.py", "other"): "a kind of document or support, not a sector",
    (SRC / "reports" / "directives_section.py", "credit"): "a kind of support, not a sector",
    (SRC / "api" / "templates" / "api" / "tokens.html", "active"): "an API token still in force",
    (SRC / "templates" / "portal" / "home_page.html", "active"): "the figure card of the indicator htx.active",
    (SRC / "templates" / "portal" / "statistics_page.html", "active"): "the figure card of the indicator htx.active",
}
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "npgettext"}


def english_words():
    """The English words of the vocabulary and their capitalised forms ("Established" as a column
    heading of counts is another thing)."""
    with translation.override("en"):
        words = {str(word) for family in vocabulary.FAMILIES.values() for word in family.values()}
    return words | {word.capitalize() for word in words if " " in word} | {"Unclassified"}


def test_every_code_has_its_vietnamese_word():
    with translation.override("vi"):
        for name, family in vocabulary.FAMILIES.items():
            for code, word in family.items():
                with translation.override("en"):
                    english = str(word)
                assert vocabulary.label(name, code) != english, (name, code)


def test_a_status_reads_as_a_state_and_an_event_as_the_act():
    with translation.override("vi"):
        for status in TERMINAL_STATUSES:
            state, act = vocabulary.label("statuses", status), vocabulary.label("events", status)
            assert state == f"đã {act}", (status, state, act)
        assert vocabulary.label("statuses", "active") == "đang hoạt động"
        assert vocabulary.label("events", EventType.ESTABLISHED) == "thành lập"


def test_a_blank_sector_is_unclassified_and_an_unknown_code_is_itself():
    with translation.override("vi"):
        assert vocabulary.label("sectors", "") == vocabulary.label("sectors", "unclassified") == "chưa phân loại"
        assert vocabulary.label("kinds", "xyz") == "xyz"


def vietnamese_words():
    with translation.override("vi"):
        return {str(word) for family in vocabulary.FAMILIES.values() for word in family.values()}


def test_no_other_module_labels_the_codes():
    words, vietnamese, found = english_words(), vietnamese_words(), []
    for path in SRC.rglob("*.py"):
        if path in HOME or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in GETTEXT:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and arg.value in words:
                        found.append((path, arg.value, node.lineno))
            elif isinstance(node, ast.Constant) and node.value in vietnamese:  # a word written in Vietnamese
                found.append((path, node.value, node.lineno))
    for path in SRC.rglob("*.html"):
        for match in re.finditer(r'{%\s*(?:trans|translate)\s+"([^"]+)"', path.read_text(encoding="utf-8")):
            if match.group(1) in words:
                found.append((path, match.group(1), None))
    copies = [f"{path.relative_to(SRC)}:{line} {word!r}" for path, word, line in found
              if (path, word) not in OTHER_MEANING]
    assert not copies, "label these codes through hoptac.registry.vocabulary: " + ", ".join(copies)



def test_the_back_office_the_portal_and_the_open_data_say_the_same_words(db, make_org):
    from hoptac.api import open_data
    from hoptac.portal.templatetags.portal_tags import label
    from hoptac.registry import lifecycle
    from hoptac.registry.models import Event

    gone, active = make_org(sector=""), make_org()
    lifecycle.record_event(gone, "dissolved", datetime.date(2020, 6, 1))
    gone.refresh_from_db()
    event = Event.objects.get(organization=gone, type="dissolved")
    with translation.override("vi"):
        assert gone.get_status_display() == label(gone.status, "statuses") == "đã giải thể"
        assert event.get_type_display() == label(event.type, "events") == "giải thể"
        assert label(gone.sector, "sectors") == "chưa phân loại"
    with translation.override("en"):  # open data are in Vietnamese whatever the caller's language
        [row] = [r for r in open_data.register_rows(datetime.date(2021, 1, 1)) if r["code"] == active.code]
    assert (row["kind_label"], row["sector_label"], row["status_label"]) == ("hợp tác xã", "nông nghiệp", "đang hoạt động")
