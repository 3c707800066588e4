"""The router: classify (unless the source is fixed), plan the route, translate hop by hop."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from dialect.classifier import DialectClassifier, RegionPrediction
from dialect.hints import sentence_hints
from dialect.pieces import join_pieces, split_pieces
from dialect.regions import CODES, korean_name
from dialect.registry import DEFAULT_REGISTRY, PIVOT, Registry, RouteModel
from dialect.rerank import RERANK_CANDIDATES, Candidate, RerankWeights, best_candidate, hints_followed
from dialect.substitution import SubstitutionTable
from dialect.text import InputError, check_input
from dialect.translator import Seq2SeqTranslator

AUTO = "auto"


@dataclass
class Hop:
    """One model application on the route: its regions, model, output, time, the lexicon hints it was given and
    whether its beam candidates were reranked (``dialect.rerank``)."""

    source: str
    target: str
    model: str
    output: str
    seconds: float
    hints: list[tuple[str, str]] = field(default_factory=list)
    reranked: bool = False


@dataclass
class TranslationResult:
    """Everything the page and the CLI show about one translation."""

    text: str
    source: str
    target: str
    detected: RegionPrediction | None
    route: list[str]
    hops: list[Hop] = field(default_factory=list)
    translation: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def models(self) -> list[str]:
        """The models used, in route order."""
        return [hop.model for hop in self.hops]

    def route_korean(self) -> str:
        """The route in Korean region names, e.g. ``경상도 → 표준어 → 제주도``."""
        return " → ".join(korean_name(code) for code in self.route)


class RouteUnavailable(LookupError):
    """No model (direct or through standard Korean) serves the requested route."""


class Router:
    """Loads models on first use (once per process) and serves classification and translation."""

    def __init__(self, registry: Registry, num_beams: int = 1, rerank: RerankWeights | None = None) -> None:
        self.registry = registry
        self.num_beams = num_beams
        self.rerank = rerank or RerankWeights()
        self._classifier: DialectClassifier | None = None
        self._translators: dict[str, Seq2SeqTranslator] = {}
        self._hint_tables: dict[str, SubstitutionTable] = {}

    @classmethod
    def from_registry(cls, path: Path = DEFAULT_REGISTRY, **kwargs) -> Router:
        """A router for the registry file at ``path``."""
        return cls(Registry.load(path), **kwargs)

    @property
    def classifier(self) -> DialectClassifier:
        """The classifier of the registry, loaded on first use."""
        if self._classifier is None:
            self._classifier = DialectClassifier.from_pretrained(self.registry.classifier)
        return self._classifier

    def translator(self, model: str) -> Seq2SeqTranslator:
        """The seq2seq model at ``model``, loaded on first use."""
        if model not in self._translators:
            self._translators[model] = Seq2SeqTranslator.from_pretrained(model)
        return self._translators[model]

    def hint_table(self, path: str) -> SubstitutionTable | None:
        """The substitution table at ``path`` (``None`` for a route without hints), loaded on first use."""
        if not path:
            return None
        if path not in self._hint_tables:
            self._hint_tables[path] = SubstitutionTable.load(path)
        return self._hint_tables[path]

    def load_all(self) -> None:
        """Load the classifier and every translator now (for a warm start)."""
        _ = self.classifier
        for route in self.registry.routes.values():
            self.translator(route.model)
            self.hint_table(route.hints)

    def reranks(self, hop: RouteModel, rerank: RerankWeights | None = None) -> bool:
        """Whether ``hop``'s beam candidates are reranked: into a dialect the classifier knows with a dialect
        weight, for a model given lexicon hints with a hint weight, or into standard Korean with a channel weight."""
        weights = rerank or self.rerank
        return (
            (weights.dialect > 0 and self._into_known_dialect(hop))
            or bool(hop.hints and weights.hints > 0)
            or (weights.channel > 0 and self.reverse_hop(hop) is not None)
        )

    def reverse_hop(self, hop: RouteModel) -> RouteModel | None:
        """Into standard Korean, the direct route back to ``hop``'s source, which scores the channel; else None."""
        if hop.target != PIVOT:
            return None
        plan = self.registry.plan(hop.target, hop.source)
        return plan[0] if plan is not None and len(plan) == 1 else None

    def _into_known_dialect(self, hop: RouteModel) -> bool:
        return hop.target != PIVOT and hop.target in self.classifier.labels

    def candidates(
        self,
        hop: RouteModel,
        texts: list[str],
        num_beams: int | None = None,
        with_table: bool | None = None,
        with_channel: bool = True,
    ) -> list[list[Candidate]]:
        """``RERANK_CANDIDATES`` beam candidates of each text by ``hop``'s model, with the classifier's probability
        of the target region (into a dialect) and the number of lexicon hints each follows (with hints).

        ``with_table`` (default: into standard Korean, for a hop with hints) adds the hint table's translation,
        scored by the model, unless a beam candidate already says the same. ``with_channel`` scores each candidate
        by the reverse route (into standard Korean, when the registry has it)."""
        table = self.hint_table(hop.hints)
        beams = max(num_beams or self.num_beams, RERANK_CANDIDATES)
        ranked = self.translator(hop.model).candidates(texts, hop.prefix, beams, RERANK_CANDIDATES, table)
        rows = [[(output, score, False) for output, score in row] for row in ranked]
        if table is not None and (hop.target == PIVOT if with_table is None else with_table):
            self._add_table_candidates(hop, table, texts, rows)
        flat = [output for row in rows for output, _, _ in row]
        into_dialect = self._into_known_dialect(hop)
        probabilities = iter(self.dialect_probabilities(flat, hop.target) if into_dialect else [1.0] * len(flat))
        reverse = self.reverse_hop(hop) if with_channel else None
        channel = iter(self._channel_scores(reverse, texts, rows) if reverse else [0.0] * len(flat))
        return [
            [
                Candidate(output, score, next(probabilities), hints_followed(hints, output), from_table, next(channel))
                for output, score, from_table in row
            ]
            for hints, row in zip((sentence_hints(text, table) for text in texts), rows, strict=True)
        ]

    def _add_table_candidates(
        self, hop: RouteModel, table: SubstitutionTable, texts: list[str], rows: list[list[tuple[str, float, bool]]]
    ) -> None:
        """Append to each row the table's translation of its text with the model's score, when it is new."""
        translations = [(index, table.translate(text)) for index, text in enumerate(texts)]
        missing = [(index, output) for index, output in translations if output not in {o for o, _, _ in rows[index]}]
        if not missing:
            return
        sources = [texts[index] for index, _ in missing]
        outputs = [output for _, output in missing]
        scores = self.translator(hop.model).scores(sources, outputs, hop.prefix, table)
        for (index, output), score in zip(missing, scores, strict=True):
            rows[index].append((output, score, True))

    def _channel_scores(
        self, reverse: RouteModel, texts: list[str], rows: list[list[tuple[str, float, bool]]]
    ) -> list[float]:
        """The reverse route's score of each text given each of its candidates, flattened row by row."""
        candidates = [output for row in rows for output, _, _ in row]
        sources = [text for text, row in zip(texts, rows, strict=True) for _ in row]
        table = self.hint_table(reverse.hints)
        return self.translator(reverse.model).scores(candidates, sources, reverse.prefix, table)

    def dialect_probabilities(self, texts: list[str], region: str) -> list[float]:
        """The PLM classifier's probability of ``region`` for each text (0 for an empty one).

        The char n-gram evidence is left out: a model of the same kind is the benchmark's independent judge of
        dialect fidelity, and the reranker must not be tuned against the judge."""
        readable = [text for text in texts if text.strip()]
        scores = iter(self.classifier.predict(readable, with_ngram=False) if readable else [])
        return [next(scores).scores[region] if text.strip() else 0.0 for text in texts]

    def translate_hop(
        self, hop: RouteModel, texts: list[str], num_beams: int | None = None, rerank: RerankWeights | None = None
    ) -> list[str]:
        """``texts`` translated by ``hop``'s model with its hints: the best beam candidate under the reranking
        weights (``rerank``, default the router's), or the plain output when no reranking applies."""
        weights = rerank or self.rerank
        if not self.reranks(hop, weights):
            table = self.hint_table(hop.hints)
            return self.translator(hop.model).translate(texts, hop.prefix, num_beams or self.num_beams, table)
        with_table = None if weights.table_candidate else False
        rows = self.candidates(hop, texts, num_beams, with_table, with_channel=weights.channel > 0)
        return [best_candidate(row, weights) for row in rows]

    def translate(
        self,
        text: str,
        target: str,
        source: str = AUTO,
        num_beams: int | None = None,
        rerank: RerankWeights | None = None,
    ) -> TranslationResult:
        """Translate ``text`` into ``target``; raise ``InputError`` or ``RouteUnavailable`` with a clear message.

        ``num_beams`` and ``rerank`` (see ``translate_hop``) default to the router's settings."""
        text = check_input(text)
        if target not in CODES:
            raise InputError(f"알 수 없는 목표 지역입니다: {target} (unknown target region)")
        timings: dict[str, float] = {}
        detected = None
        if source == AUTO:
            started = time.perf_counter()
            detected = self.classifier.predict_one(text)
            timings["classify"] = time.perf_counter() - started
            source = detected.region
        hops_plan = self.registry.plan(source, target)
        if hops_plan is None:
            raise RouteUnavailable(
                f"{korean_name(source)} → {korean_name(target)} 번역 모델이 없습니다 "
                f"(no model for {source} -> {target}, directly or through standard Korean)."
            )
        result = TranslationResult(text, source, target, detected, [source] + [hop.target for hop in hops_plan])
        current = text
        for planned in hops_plan:
            started = time.perf_counter()
            pieces, table = split_pieces(current), self.hint_table(planned.hints)
            outputs = self.translate_hop(planned, pieces, num_beams, rerank)
            hints = list(dict.fromkeys(hint for piece in pieces for hint in sentence_hints(piece, table)))
            current = join_pieces(outputs)
            seconds = time.perf_counter() - started
            reranked = self.reranks(planned, rerank)
            result.hops.append(Hop(planned.source, planned.target, planned.model, current, seconds, hints, reranked))
            timings[f"{planned.source}->{planned.target}"] = seconds
        result.translation = current
        result.timings = timings
        return result
