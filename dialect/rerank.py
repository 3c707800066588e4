"""Reranking a translator's beam candidates with signals the model under-uses.

Each candidate scores ``log p_model + dialect · log p_classifier(target) + hints · (hints followed)
+ channel · log p_reverse(source | candidate)``:

- *Dialect*: into a dialect, the classifier's probability of the target region. A model trained on parallel
  text often keeps standard words where the dialect would change them; this picks a candidate that reads as
  the dialect when the model is nearly as sure of it. The price is that sentences a dialect speaker would
  leave as they are get a dialect form more often.
- *Hints*: for a model trained with lexicon hints, the number of hints (``word = replacement``) a candidate
  follows (replacement present, word gone) minus those it contradicts. Training hints come from tables built
  on half the pairs (``train.translator.cross_fitted_examples``), so the model learns to trust hints less
  than the full tables shipped for serving deserve.
- *Channel*: into standard Korean, how well the reverse route (standard → the source dialect, the same model
  with the other direction tag) explains the source from the candidate, length-normalised like the model score.
  This is noisy-channel reranking: a candidate that corrupts a rare word the source had (``한번 한내 줄까?`` for
  ``함 혼내 줄까?``) makes the source unlikely. Into a dialect it lowered fidelity on dev, so it is not used there.

Into standard Korean, the candidates also include the hint table's own word-by-word translation, scored by the
model like a beam output (``Seq2SeqTranslator.scores``): the table is a strong baseline there, and this lets the
model pick it when it agrees, for a sentence whose right reading the beam missed. Into a dialect it lowered chrF
on dev, so it is not drawn there.

``bench/rerank.py`` chose the weights on the dev split (the ``rerank`` section of bench/RESULTS.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DIALECT_WEIGHT = 0.05
HINT_WEIGHT = 1.0
CHANNEL_WEIGHT = 0.25
RERANK_CANDIDATES = 4
TABLE_CANDIDATE = True
_FLOOR = 1e-6


@dataclass(frozen=True)
class RerankWeights:
    """How much the classifier (into a dialect), the lexicon hints and the reverse route (into standard Korean)
    count next to the model's score, and whether the hint table's translation competes (into standard Korean)."""

    dialect: float = DIALECT_WEIGHT
    hints: float = HINT_WEIGHT
    table_candidate: bool = TABLE_CANDIDATE
    channel: float = CHANNEL_WEIGHT


@dataclass(frozen=True)
class Candidate:
    """One beam output (or the hint table's translation, ``from_table``) with its length-normalised
    log-probability and the reranking signals (``channel_score``: the reverse route's length-normalised
    log-probability of the source given this text; 0 where not computed)."""

    text: str
    model_score: float
    dialect_probability: float = 1.0
    hints_followed: int = 0
    from_table: bool = False
    channel_score: float = 0.0

    def score(self, weights: RerankWeights) -> float:
        """The combined score under ``weights``."""
        dialect = weights.dialect * math.log(max(self.dialect_probability, _FLOOR))
        return self.model_score + dialect + weights.hints * self.hints_followed + weights.channel * self.channel_score


def hints_followed(hints: Sequence[tuple[str, str]], text: str) -> int:
    """Hints whose replacement ``text`` uses and whose word it drops, minus those it keeps the word of (words are
    eojeols; a replacement of several eojeols counts when all of them are there)."""
    words = set(text.split())
    return sum(words.issuperset(replacement.split()) - (word in words) for word, replacement in hints)


def best_candidate(candidates: Sequence[Candidate], weights: RerankWeights) -> str:
    """The text of the best-scoring candidate (the table's only if ``weights.table_candidate``); ties go to the
    model's order."""
    allowed = [candidate for candidate in candidates if weights.table_candidate or not candidate.from_table]
    scores = [candidate.score(weights) for candidate in allowed]
    return allowed[scores.index(max(scores))].text
