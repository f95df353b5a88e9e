"""Vietnamese collation of names and the search key without diacritics."""

import random

import pytest

from hoptac.core.vietnamese import fold, sort_key, sorted_by_name

# In Vietnamese dictionary order: ă, â, đ, ê, ô, ơ, ư are letters of their own after
# a, a, d, e, o, o, u; tones only break ties (none, huyền, hỏi, ngã, sắc, nặng).
ORDERED = [
    "An Lão", "Anh Dũng", "Ao Sen", "Ăn Uống", "Âu Cơ", "Bạch Đằng", "Bình Minh", "Dương Kinh", "Đa Phúc",
    "Đông Hải", "Ea Súp", "Ê Đê", "Ong Vàng", "Ô Môn", "Ơn Trời", "Thủy Nguyên", "Thuỷ Tú", "Uy Nỗ", "Ư Tình",
    "Xuân Hòa",
]


def test_names_sort_in_vietnamese_order():
    shuffled = ORDERED[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ORDERED


def test_d_with_stroke_sorts_after_d_not_after_x():
    assert sorted(["Xuân", "Đồng", "Dân", "Em"], key=sort_key) == ["Dân", "Đồng", "Em", "Xuân"]


def test_letters_with_marks_follow_their_base_letter_whatever_follows():
    # Code-point order and the Unicode table without Vietnamese tailoring both put "Ăm" before "An".
    assert sorted(["Ăm", "An", "Âm", "Ap"], key=sort_key) == ["An", "Ap", "Ăm", "Âm"]
    assert sorted(["Ơi", "Ôi", "Oi", "Ot"], key=sort_key) == ["Oi", "Ot", "Ôi", "Ơi"]
    assert sorted(["Ưa", "Ua", "Uy"], key=sort_key) == ["Ua", "Uy", "Ưa"]
    assert sorted(["Êm", "Em", "Eo"], key=sort_key) == ["Em", "Eo", "Êm"]


def test_tones_break_ties_in_dictionary_order():
    assert sorted(["má", "mạ", "mà", "ma", "mã", "mả"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_sorted_by_name_reads_the_name_attribute():
    class Named:
        def __init__(self, name):
            self.name = name

    assert [n.name for n in sorted_by_name([Named("Đông"), Named("Dừa")])] == ["Dừa", "Đông"]


@pytest.mark.parametrize("text, key", [
    ("Nước sạch", "nuoc sach"), ("ĐỒNG THÁP", "dong thap"), ("Ăn Ân Ê Ô Ơ Ư", "an an e o o u"),
    ("HTX Thủy sản Đồ Sơn", "htx thuy san do son"), ("", ""),
])
def test_fold_removes_marks_and_case(text, key):
    assert fold(text) == key
