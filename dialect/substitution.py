"""Eojeol substitution table: a word-by-word translation baseline and a source of lexicon hints.

Learnt from parallel sentences whose two sides have the same number of eojeols (space-separated words),
aligned by position. Words are looked up without their leading/trailing punctuation, which is kept as
written (``억수로?`` uses the entry of ``억수로``). A source word gets an entry when its most frequent
counterpart holds at least ``min_share`` of its aligned occurrences; on a tie, keeping the word wins
(between two replacements, the first seen wins).
Lexicon entries fill in only words never seen in the aligned pairs (pair evidence wins). Words without
an entry are copied. Build with (standard, dialect) pairs for the reverse direction.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dialect.text import clean_corpus_text, normalize

LEXICON_PATH = Path(__file__).resolve().parents[2] / "shared" / "data" / "eojeol_lexicon.tsv.gz"

_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def split_word(word: str) -> tuple[str, str, str]:
    """(leading punctuation, core, trailing punctuation) of one eojeol; the core is the lookup key."""
    match = _WORD.match(word)
    assert match is not None  # the pattern matches every string
    return match.group(1), match.group(2), match.group(3)


def _core(word: str) -> str:
    return split_word(word)[1]


@dataclass
class SubstitutionTable:
    """Source word (punctuation stripped) -> target word; identity mappings are not stored."""

    entries: dict[str, str] = field(default_factory=dict)
    min_share: float = 0.5

    @classmethod
    def build(
        cls,
        pairs: Iterable[tuple[str, str]],
        lexicon: Iterable[tuple[str, str]] = (),
        min_share: float = 0.5,
    ) -> SubstitutionTable:
        """Learn the table from (source, target) sentence pairs, then add single-eojeol lexicon entries.

        A lexicon entry needs a one-word source side; its target may have several words (``데꼬온`` ->
        ``데리고 온``). Among several lexicon targets of one word the most frequent (then the first) wins.
        """
        totals: Counter[str] = Counter()
        changed: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for source, target in pairs:
            source_words, target_words = source.split(), target.split()
            if len(source_words) != len(target_words):
                continue
            for source_word, target_word in zip(source_words, target_words, strict=True):
                key, value = _core(source_word), _core(target_word)
                if not key:
                    continue
                totals[key] += 1
                if value != key:
                    changed[key][value] += 1
        entries: dict[str, str] = {}
        for key, counts in changed.items():
            value, count = counts.most_common(1)[0]
            kept = totals[key] - sum(counts.values())
            if count > kept and count >= min_share * totals[key]:
                entries[key] = value
        lexical: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for source, target in lexicon:
            source_words, target_words = source.split(), target.split()
            if len(source_words) != 1 or not target_words:
                continue
            key, value = _core(source_words[0]), _core(" ".join(target_words))
            if key and value and key not in totals:
                lexical[key][value] += 1
        for key, counts in lexical.items():
            value = counts.most_common(1)[0][0]
            if value != key:
                entries[key] = value
        return cls(entries=entries, min_share=min_share)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, word: str) -> str | None:
        """The replacement of one eojeol, punctuation kept, or ``None`` when the table has no entry."""
        lead, core, trail = split_word(word)
        value = self.entries.get(core)
        return None if value is None else f"{lead}{value}{trail}"

    def translate(self, sentence: str) -> str:
        """Replace every word that has an entry; copy the others."""
        words = normalize(sentence).split(" ")
        return " ".join(self.lookup(word) or word for word in words)

    def hints(self, sentence: str) -> list[tuple[str, str]]:
        """(word, replacement) for the words of ``sentence`` that have an entry, in order, without repeats."""
        found: dict[str, str] = {}
        for word in normalize(sentence).split():
            core = _core(word)
            if core in self.entries and core not in found:
                found[core] = self.entries[core]
        return list(found.items())

    def save(self, path: str | Path) -> None:
        """Write the table as UTF-8 JSON."""
        data = {"min_share": self.min_share, "entries": dict(sorted(self.entries.items()))}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> SubstitutionTable:
        """Read a table written by :meth:`save`."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(entries=dict(data["entries"]), min_share=float(data["min_share"]))


def direction_table(pairs, lexicon: list[tuple[str, str]], source: str, target: str) -> SubstitutionTable:
    """The table of one direction of a region's pairs (``source``/``target``: the ``dialect`` or ``standard``
    column of ``pairs``), with the region's (dialect, standard) lexicon turned the same way."""
    entries = lexicon if source == "dialect" else [(standard, dialect) for dialect, standard in lexicon]
    return SubstitutionTable.build(zip(pairs[source], pairs[target], strict=True), entries)


def read_lexicon(region: str, path: str | Path = LEXICON_PATH) -> list[tuple[str, str]]:
    """Cleaned (dialect, standard) entries of one region of the eojeol lexicon (empty for other regions)."""
    import pandas as pd

    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    frame = frame[frame["region"] == region]
    pairs = (
        (clean_corpus_text(dialect, "dialect"), clean_corpus_text(standard, "standard"))
        for dialect, standard in zip(frame["dialect"], frame["standard"], strict=True)
    )
    return [(dialect, standard) for dialect, standard in pairs if dialect and standard]
