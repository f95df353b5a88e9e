"""Typst with the serif font shipped from PyPI (``fontpkg-noto-serif``).

No system font is used, so the PDF looks the same on every machine and every
Vietnamese letter (ă â đ ê ô ơ ư and the five tones) comes from one font.
"""

from functools import lru_cache
from pathlib import Path

import fontpkg_noto_serif
import typst


class TypesettingError(RuntimeError):
    """typst refused the document (a bug in the template, not a user mistake)."""


@lru_cache(maxsize=1)
def font_dir():
    return Path(fontpkg_noto_serif.ROOT) / "files"


@lru_cache(maxsize=1)
def fonts():
    # Scanning font files costs a few tens of milliseconds: do it once per process.
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(font_dir())])


def compile_typst(source, inputs, fmt="pdf", ppi=None):
    """Compile typst ``source`` (bytes) with string ``inputs`` to PDF or PNG bytes."""
    try:
        result = typst.compile(
            source, font_paths=fonts(), ignore_system_fonts=True, format=fmt, ppi=ppi, sys_inputs=inputs,
        )
    except typst.TypstError as exc:
        raise TypesettingError(f"typst: {exc.message}") from exc
    if isinstance(result, list):  # PNG: one image per page
        result = result[0]
    return result
