"""What a Vietnamese page must not show, judged from the translation catalogues.

English is what the catalogues say it is: every msgid of the Vietnamese catalogues
Django loads (Django's, Wagtail's, hoptac's) whose Vietnamese differs from it. A text
node that *is* such a msgid (placeholders filled with anything), or holds one of
their English-only words, is English on a Vietnamese page. The mirror check finds
Vietnamese catalogue text on an English page. Years grouped like numbers
(``2.023``) are caught in links, form values, titles and running text.
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail
from django.conf import settings

# Words that read the same in a Vietnamese office (names, formats, abbreviations, codes).
SHARED_WORDS = {
    "hoptac", "wagtail", "excel", "email", "mail", "admin", "demo", "xlsx", "docx", "csv", "json", "html", "http",
    "https", "sha", "api", "token", "tokens", "url", "pdf", "typst", "grdp", "vnd", "otp", "totp", "svg", "png",
    "jpeg", "jpg", "gif", "webp", "zip", "unicode", "utf", "bom", "iso", "vsic", "phone", "online", "internet",
    "website", "web", "logo", "backup", "frictionless", "datapackage", "schema", "open", "data", "http", "www", "org",
    "gov", "example", "sohtx", "hongbang", "phuong", "hoptacxa", "bientap", "lanhdao",
    "quantri", "times", "roman", "noto", "serif", "liberation", "google", "microsoft", "word", "office", "libreoffice",
    "chromium", "firefox", "ctrl", "shift", "enter", "esc", "tab",
}
# English that Wagtail writes without gettext (a template's aria-label, Python's None printed
# for a page without a locale or owner in its page listing, the sites list's column titled
# from its field name): no catalogue can translate it.
HARD_CODED = {("aria-label", "Actions"), ("text", "None"), ("text", "Root page")}
# A language offered by name, in that language (the language choosers): right on any page.
NATIVE_LANGUAGE_NAMES = {"English", "Tiếng Việt"}
SKIP_TAGS = {"script", "style", "template", "code", "pre", "svg", "noscript", "textarea", "kbd", "samp"}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdif]|%[sdif]|\{[a-z_]*\}")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
URLISH = re.compile(r"\S+@\S+|\S*://\S+|\S+/\S+|\S+\.(?:py|html|xlsx|csv|docx|pdf|json)\b|\b[a-z]+(?:[._][a-z]+)+\b")


def _po_entries(path):
    """(msgid, msgstr) pairs of a .po file (plurals: the singular and plural msgids, the first msgstr)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fields, key = {}, None
        for line in block.splitlines():
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[0\])?|msgctxt) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
        for msgid in (fields.get("msgid"), fields.get("msgid_plural")):
            if msgid:
                entries.append((_unescape(msgid), _unescape(msgstr)))
    return entries


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def catalogue_files(lang):
    roots = [Path(django.__file__).parent, Path(wagtail.__file__).parent, Path(settings.BASE_DIR)]
    for root in roots:
        yield from sorted(root.rglob(f"locale/{lang}/LC_MESSAGES/django.po"))


@functools.lru_cache(maxsize=1)
def catalogues():
    """(english phrases, english-only words, vietnamese phrases).

    English: every msgid of the source (``en``) and Vietnamese catalogues of Django,
    Wagtail and hoptac, unless the Vietnamese catalogue Django loads (all of them
    merged, hoptac's first) gives it the same text. Vietnamese: what that catalogue says.
    """
    from django.utils.translation import trans_real

    loaded = trans_real.translation("vi")._catalog
    vietnamese = {v for v in (loaded[k] for k in loaded.keys()) if isinstance(v, str) and v}
    english = set()
    for lang in ("en", "vi"):
        for path in catalogue_files(lang):
            for msgid, _msgstr in _po_entries(path):
                if loaded.get(msgid) != msgid:
                    english.add(msgid)
    shared = set(SHARED_WORDS)
    for text in vietnamese:  # a word Vietnamese translations also use is not English-only (names, codes)
        shared.update(w.lower() for w in WORD.findall(text))
    words, phrases = set(), set()
    for msgid in english:
        plain = PLACEHOLDER.sub(" ", re.sub(r"<[^>]+>", " ", msgid))
        words.update(w.lower() for w in WORD.findall(plain) if len(w) >= 4 and w.lower() not in shared)
        if not PLACEHOLDER.search(msgid) and re.search(r"[A-Za-z]{3}", msgid):
            phrases.add(_norm(msgid))
    viet_phrases = {_norm(t) for t in vietnamese if re.search(VIETNAMESE_LETTERS, t, re.I)}
    return phrases, words, viet_phrases


VIETNAMESE_LETTERS = r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]"


def _norm(text):
    return re.sub(r"\s+", " ", text).strip().strip(":·•*").strip()


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Texts(HTMLParser):
    """Visible texts, some attributes, the title and options of a page.

    Skipped: scripts and code, elements in another language than the page's
    (``lang="en"`` on a Vietnamese page: the language switch), and with
    ``skip_content`` the content an editor wrote (``<article>``).
    """

    def __init__(self, skip_content=False):
        super().__init__(convert_charrefs=True)
        self.texts, self.attrs, self.title, self.options, self._skip, self._in_title, self._in_option = [], [], "", [], 0, False, False
        self.page_lang, self.skip_content, self._stack = "", skip_content, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_lang = (attrs.get("lang") or "")[:2]
            return
        other_lang = bool(attrs.get("lang")) and self.page_lang and attrs["lang"][:2] != self.page_lang
        skip = tag in SKIP_TAGS or other_lang or (self.skip_content and tag == "article")
        if tag not in VOID:
            self._stack.append((tag, skip))
            if skip:
                self._skip += 1
        if skip:
            return
        self._in_title = tag == "title"
        self._in_option = tag == "option"
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.attrs.append((name, attrs[name]))
        for name in ("href", "action", "value", "src", "data-url"):
            if attrs.get(name):
                self.attrs.append((name, attrs[name]))

    def handle_endtag(self, tag):
        while any(open_tag == tag for open_tag, _skipped in self._stack):
            open_tag, skipped = self._stack.pop()
            if skipped:
                self._skip -= 1
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False
        if tag == "option":
            self._in_option = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_option:
            self.options.append(data.strip())
        if self._skip:
            return
        if data.strip():
            self.texts.append(_norm(data))


def read(html, skip_content=False):
    parser = _Texts(skip_content)
    parser.feed(html)
    return parser


YEAR = r"(?:19|20)\d\.\d{3}(?![\d,.])"
GROUPED_YEAR_IN_LINK = re.compile(r"(?:/|=)" + YEAR)
GROUPED_YEAR_IN_TEXT = re.compile(r"(?:năm|Năm|year|Year|—|–)\s*" + YEAR + r"|" + YEAR + r"\s*[–-]\s*(?:19|20)\d")
GROUPED_YEAR = re.compile(r"(?<![\d.,])" + YEAR)


def english_on_vietnamese_page(html, allowed=frozenset()):
    """The English found on a page that should be Vietnamese: [(where, text)].

    ``allowed``: lower-case words that are data there (names of units and organisations).
    """
    phrases, words, _vi = catalogues()
    page = read(html)
    found = []
    for where, text in [("text", t) for t in page.texts] + [(name, _norm(v)) for name, v in page.attrs
                                                              if name in ATTRIBUTES]:
        if (where, text) in HARD_CODED or text in NATIVE_LANGUAGE_NAMES or text.lower() in allowed:
            continue
        if text in phrases:
            found.append((where, text))
            continue
        english = [w for w in WORD.findall(URLISH.sub(" ", text)) if w.lower() in words and w.lower() not in allowed]
        if english:
            found.append((where, f"{text}  [{', '.join(english)}]"))
    return found


def vietnamese_on_english_page(html, content=frozenset()):
    """Vietnamese of the catalogues on an English page, outside what editors wrote (articles, page
    titles in ``content``: the portal's pages are written once, in Vietnamese)."""
    _phrases, _words, vietnamese = catalogues()
    page = read(html, skip_content=True)
    return [("text", t) for t in page.texts if t in vietnamese and t not in content]


def grouped_years(html):
    """Years written like numbers (2.023) where a year is meant: links, form values, titles, text."""
    page = read(html)
    found = [(name, v) for name, v in page.attrs if name in ("href", "action", "value", "data-url")
             and GROUPED_YEAR_IN_LINK.search(v)]
    found += [("value", v) for name, v in page.attrs if name == "value" and re.fullmatch(YEAR, v.strip())]
    if GROUPED_YEAR.search(page.title):
        found.append(("title", page.title.strip()))
    found += [("option", o) for o in page.options if re.fullmatch(YEAR, o)]
    found += [("text", t) for t in page.texts if GROUPED_YEAR_IN_TEXT.search(t)]
    return found
