"""Splitting long input into sentence-sized pieces for translation, and joining the results again."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.?!。])\s+")
_CLAUSE_END = re.compile(r"(?<=[,;])\s+")


def split_pieces(text: str, max_chars: int = 120) -> list[str]:
    """Sentences, then clauses, then word windows, so that no piece is longer than ``max_chars``."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        if len(sentence) <= max_chars:
            pieces.append(sentence)
            continue
        for clause in _CLAUSE_END.split(sentence):
            pieces.extend(_word_windows(clause, max_chars))
    return [piece for piece in pieces if piece]


def _word_windows(text: str, max_chars: int) -> list[str]:
    windows: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > max_chars:
            windows.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        windows.append(current)
    return windows


def join_pieces(pieces: list[str]) -> str:
    """Join translated pieces with single spaces."""
    return " ".join(piece.strip() for piece in pieces if piece.strip())
