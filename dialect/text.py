"""Text normalisation: cleaning of AI Hub / opendict corpus text and checks of user input."""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT_CHARS = 5000
MIN_HANGUL_SHARE = 0.3

_HANGUL_RANGES = (
    (0xAC00, 0xD7A3),  # syllables
    (0x1100, 0x11FF),  # conjoining jamo (old Hangul, Jeju arae-a ᆞ)
    (0x3130, 0x318F),  # compatibility jamo (ㆍ)
    (0xA960, 0xA97F),  # extended jamo A
    (0xD7B0, 0xD7FF),  # extended jamo B
)
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20

_MARKUP_PAIR = re.compile(r"\(([^()/]*)\)\s*/\s*\(([^()/]*)\)")
_ANONYMISED = re.compile(r"&[^&\s]*&|@이름\d*|\$")
_SPEAKER_TAG = re.compile(r"^\s*\d+\s*:\s*")
_STRAY_MARKS = re.compile(r"[#@&`\[\]{}<>()^*|\\=_+]")
_FILLER_TILDE = re.compile(r"~+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,?!;:])")
_REPEATED_PUNCT = re.compile(r"([.,?!])\1+")
_SPACES = re.compile(r"\s+")
_DASH_REMNANT = re.compile(r"(?<!\S)[-–]+|[-–]+(?!\S)")


def is_hangul(char: str) -> bool:
    """True for a Hangul syllable or jamo, old Hangul included."""
    code = ord(char)
    return any(low <= code <= high for low, high in _HANGUL_RANGES)


def hangul_share(text: str) -> float:
    """Share of Hangul among the letters of ``text`` (0 when it has no letters)."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(is_hangul(char) for char in letters) / len(letters)


def normalize(text: str) -> str:
    """NFC, full-width ASCII to ASCII, one space between words. Jeju arae-a is kept."""
    text = unicodedata.normalize("NFC", str(text)).translate(_FULLWIDTH)
    return _SPACES.sub(" ", text).strip()


def clean_corpus_text(text: str, side: str = "dialect") -> str:
    """Clean one AI Hub or opendict utterance.

    Resolves ``(dialect)/(standard)`` inline markup for ``side`` ("dialect" or "standard"), drops
    anonymisation marks (``&company-name1&``, ``&&``, ``@이름``, ``#``), ``~`` fillers, speaker tags,
    stray brackets and dash remnants, and re-attaches punctuation split off by spaces.
    """
    text = normalize(text)
    keep = 1 if side == "dialect" else 2
    text = _MARKUP_PAIR.sub(lambda match: match.group(keep), text)
    text = _SPEAKER_TAG.sub("", text)
    text = _ANONYMISED.sub(" ", text)
    text = _STRAY_MARKS.sub("", text)
    text = _FILLER_TILDE.sub("", text)
    text = text.replace("/", " ")
    text = _DASH_REMNANT.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return text.lstrip(".,?!;: ")


def same_words(first: str, second: str) -> bool:
    """True when two sentences differ at most in spacing and punctuation."""

    def letters(text: str) -> str:
        return "".join(char for char in text if char.isalnum())

    return letters(first) == letters(second)


class InputError(ValueError):
    """A user's sentence that cannot be processed; the message says why, in Korean and English."""


def check_input(text: str, max_chars: int = MAX_INPUT_CHARS) -> str:
    """Return the normalised sentence or raise ``InputError`` for empty, too long or non-Korean text."""
    cleaned = normalize(text)
    if not cleaned:
        raise InputError("빈 문장입니다 (empty text).")
    if len(cleaned) > max_chars:
        raise InputError(
            f"문장이 너무 깁니다: {len(cleaned):,}자 (최대 {max_chars:,}자) "
            f"(text too long: {len(cleaned):,} > {max_chars:,} characters)."
        )
    if hangul_share(cleaned) < MIN_HANGUL_SHARE:
        raise InputError("한국어 문장이 아닙니다 (not Korean text: too few Hangul letters).")
    return cleaned
