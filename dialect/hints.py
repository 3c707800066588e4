"""Lexicon hints: the substitution table's word suggestions appended to a translator's input.

``<standard> 이번 즌화 받으시겠어요. <hint> 즌화 = 전화`` tells the model what the corpus says about the words
of the sentence; the model decides in context whether to follow each hint. The same format is used when
training (``python -m train translator --lexicon_hints``) and when translating.
"""

from __future__ import annotations

from dialect.substitution import SubstitutionTable

HINT_TOKEN = "<hint>"
MAX_HINTS = 8


def sentence_hints(text: str, table: SubstitutionTable | None, limit: int = MAX_HINTS) -> list[tuple[str, str]]:
    """The (word, replacement) hints a model is given for ``text``: the table's first ``limit`` suggestions."""
    return table.hints(text)[:limit] if table is not None else []


def with_hints(source: str, text: str, table: SubstitutionTable | None, limit: int = MAX_HINTS) -> str:
    """``source`` (the model input for ``text``) followed by up to ``limit`` hints for the words of ``text``."""
    hints = sentence_hints(text, table, limit)
    return source + "".join(f" {HINT_TOKEN} {word} = {replacement}" for word, replacement in hints)
