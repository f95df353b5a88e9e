"""Vietnamese text for people: searching without diacritics and sorting names.

``fold`` is the search key: no tone marks, no vowel marks, đ/Đ as d, lower case,
so "nuoc sach" matches "Nước sạch". ``Folded`` computes the same key in SQL (on
PostgreSQL with the built-in ``translate``; on SQLite with ``fold`` registered as a
function), so a search filters in the database on both.

``sort_key`` orders names as Vietnamese dictionaries do: the letters
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (ă, â, đ, ê, ô, ơ, ư
are letters of their own, so "Đ" comes after "D" and before "E"), then the tones
as a second level (none, huyền, hỏi, ngã, sắc, nặng), then case. Written here
rather than taken from an ICU binding so that it installs everywhere; the
Unicode collation table (DUCET) without the Vietnamese tailoring would put "Ăn"
before "An" and "Âu" between "Ao" and "Ay".
"""

import functools
import unicodedata

from django.db.models import CharField, Func

# Vowel and consonant marks that make a letter of its own.
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
# Tone marks in dictionary order (no mark first).
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

ALPHABET = ["a", "a" + BREVE, "a" + CIRCUMFLEX, "b", "c", "d", "đ", "e", "e" + CIRCUMFLEX, "f", "g", "h", "i",
            "j", "k", "l", "m", "n", "o", "o" + CIRCUMFLEX, "o" + HORN, "p", "q", "r", "s", "t", "u", "u" + HORN,
            "v", "w", "x", "y", "z"]
# Letters rank after digits; anything else (spaces, punctuation) before both.
_RANK = {letter: 100 + i for i, letter in enumerate(ALPHABET)}
_RANK.update({str(d): 50 + d for d in range(10)})


def fold(text):
    """The search key of ``text``: lower case, no marks, đ as d ("Nước Sạch Đồng" → "nuoc sach dong")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _letters(text):
    """(letter, tone, upper) for each letter of ``text``, a letter carrying its vowel mark."""
    out = []
    for c in unicodedata.normalize("NFD", text):
        if unicodedata.combining(c):
            if c in TONES and out:
                out[-1][1] = TONES[c]
            elif out:
                out[-1][0] += c
            continue
        out.append([c.lower(), 0, c != c.lower()])
    return out


def _rank(letter):
    if letter in _RANK:
        return _RANK[letter]
    if letter[0].isalnum():  # a letter outside the alphabet (ç, ø…): beside its base letter, else after z
        return _RANK.get(letter[0], 100 + len(ALPHABET))
    return 0


@functools.lru_cache(maxsize=200_000)
def sort_key(text):
    """A key ordering ``text`` in Vietnamese collation (letters, then tones, then case)."""
    letters = _letters((text or "").strip())
    primary = tuple(_rank(letter) for letter, _, _ in letters)
    secondary = tuple(tone for _, tone, _ in letters)
    tertiary = tuple(upper for _, _, upper in letters)
    return primary, secondary, tertiary, text or ""


def sorted_by_name(items, name=lambda item: item.name):
    """``items`` in Vietnamese order of their names."""
    return sorted(items, key=lambda item: sort_key(name(item)))


def _translation_table():
    """(from, to) for SQL ``translate``: every precomposed Latin letter whose key is one ASCII letter."""
    source, target = [], []
    for code in range(0xC0, 0x1EFA):
        c = chr(code)
        if not c.isalpha():
            continue
        folded = fold(c)
        if len(folded) == 1 and folded.isascii() and folded != c:
            source.append(c)
            target.append(folded)
    return "".join(source), "".join(target)


SQL_FROM, SQL_TO = _translation_table()


class Folded(Func):
    """``fold`` of a text column in SQL, for ``.annotate(key=Folded("name")).filter(key__contains=fold(q))``."""

    output_field = CharField()
    function = "hoptac_fold"

    def as_sqlite(self, compiler, connection, **extra):
        connection.ensure_connection()
        register_sqlite(connection.connection)
        return super().as_sql(compiler, connection, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # lower() first: translate then only needs to know the accented letters (both cases listed).
        return f"translate(lower({sql}), %s, %s)", (*params, SQL_FROM, SQL_TO)


def register_sqlite(raw_connection):
    raw_connection.create_function("hoptac_fold", 1, fold, deterministic=True)
