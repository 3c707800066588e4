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

# ``(dialect)/(standard)``; the corpora also write ``(a)(b)``, ``(a) (b)`` and ``(a)//(b)``.
_MARKUP_PAIR = re.compile(r"\(([^()/]*)\)\s*/{0,2}\s*\(([^()/]*)\)")
# A word opened by a bracket that is never closed: the Gyeongsang standard side keeps ``(word``, a cut
# ``(dialect)/(standard)`` pair whose word the dialect side dropped (leaving a double space).
_UNCLOSED_BRACKET = re.compile(r"(?<!\S)\((?![^()\]]*[)\]])[^\s.,?!]*")
# Anonymised names, shops and places (``&company-name1&``, ``&&``, ``$&``, ``@이름``, ``@상호명``,
# ``@상호1&``, ``@주소``, a cut ``&company``) go together with a bare particle written onto them
# (``@이름이가``, ``&&한테``); other glued text is a word (``&&마트에``) and stays.
_PARTICLE = "이가|이는|이랑|이도|이나|이든|이라는|이라고|이한테|가|는|은|을|를|랑|도|나|든|라는|라고|한테|에|에서|의|이"
_ANONYMISED = re.compile(
    rf"(?:&[^&\s]*&|\$&?|@(?:이름|상호명?|주소)\d*&?)(?:(?:{_PARTICLE})(?![가-힣]))?|&(?:company|name)[a-z-]*\d*"
)
# Noise and transcription tags: ``@중복발화``, ``@기침``, ``@ 웃음``, ``{clearing}``, ``xxx`` (unintelligible),
# and opendict's source citations ``≪조선일보 2016년 10월≫`` (sometimes cut before the closing mark).
_NOISE = re.compile(r"[@&]\s?(?:중복발화|기침|웃음)|\{[^{}]*\}|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|≪[^≫]*(?:≫|$)")
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
    text = unicodedata.normalize("NFC", "" if text is None else str(text)).translate(_FULLWIDTH)
    return _SPACES.sub(" ", text).strip()


def clean_corpus_text(text: str, side: str = "dialect") -> str:
    """Clean one AI Hub or opendict utterance.

    Resolves ``(dialect)/(standard)`` inline markup for ``side`` ("dialect" or "standard"), drops
    anonymisation marks (``&company-name1&``, ``&&``, ``@이름``, ``#``) with the particle glued to them,
    noise tags (``{clearing}``, ``@기침``, ``xxx``), opendict citations (``≪...≫``), ``~`` fillers,
    speaker tags, stray brackets and dash remnants, and re-attaches punctuation split off by spaces.
    On the standard side a word opened by a never-closed bracket (``(쫌``) is dropped as well.
    """
    if side not in ("dialect", "standard"):
        raise ValueError(f"side must be 'dialect' or 'standard', not {side!r}")
    text = normalize(text)
    keep = 1 if side == "dialect" else 2
    text = _MARKUP_PAIR.sub(lambda match: match.group(keep), text)
    if side == "standard":
        text = _UNCLOSED_BRACKET.sub(" ", text)
    text = _SPEAKER_TAG.sub("", text)
    text = _NOISE.sub(" ", text)
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
