"""``python -m dialect classify|translate``: JSON lines in, JSON lines out, one output line per input line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dialect.regions import CODES, parse_region
from dialect.registry import DEFAULT_REGISTRY
from dialect.rerank import CHANNEL_WEIGHT, DIALECT_WEIGHT, HINT_WEIGHT, RerankWeights
from dialect.router import AUTO, Router, RouteUnavailable
from dialect.text import InputError, check_input


def read_lines(path: str | None) -> Iterator[str]:
    """Input lines (without their newline) from a file or stdin; undecodable bytes become U+FFFD."""
    if path:
        with open(path, encoding="utf-8", errors="replace") as handle:
            yield from (line.rstrip("\r\n") for line in handle)
    else:
        with open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False) as stream:
            yield from (line.rstrip("\r\n") for line in stream)


def classify_lines(router: Router, lines: Iterable[str], batch_size: int = 64) -> Iterator[dict]:
    """One JSON-ready dict per line: region, confidence and scores, or an error."""
    batch: list[tuple[str, str | InputError]] = []
    for line in lines:
        batch.append((line, _checked(line)))
        if len(batch) >= batch_size:
            yield from _classify_batch(router, batch)
            batch = []
    yield from _classify_batch(router, batch)


def _checked(line: str) -> str | InputError:
    try:
        return check_input(line)
    except InputError as error:
        return error


def _classify_batch(router: Router, batch: list[tuple[str, str | InputError]]) -> Iterator[dict]:
    valid = [text for _, text in batch if isinstance(text, str)]
    predictions = iter(router.classifier.predict(valid) if valid else [])
    for line, text in batch:
        if isinstance(text, InputError):
            yield {"text": line, "error": str(text)}
        else:
            prediction = next(predictions)
            yield {
                "text": line,
                "region": prediction.region,
                "confidence": round(prediction.confidence, 4),
                "scores": {label: round(score, 4) for label, score in prediction.scores.items()},
            }


def translate_lines(
    router: Router, lines: Iterable[str], target: str, source: str, beams: int, rerank: RerankWeights | None = None
) -> Iterator[dict]:
    """One JSON-ready dict per line: detection, route, translation and models, or an error."""
    for line in lines:
        try:
            result = router.translate(line, target, source, num_beams=beams, rerank=rerank)
        except (InputError, RouteUnavailable) as error:
            yield {"source": line, "error": str(error)}
            continue
        yield {
            "source": line,
            "detected": result.detected.region if result.detected else None,
            "confidence": round(result.detected.confidence, 4) if result.detected else None,
            "route": result.route,
            "translation": result.translation,
            "models": result.models,
        }


def region_argument(value: str) -> str:
    """argparse type for a region (any spelling ``parse_region`` accepts)."""
    try:
        return parse_region(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def source_argument(value: str) -> str:
    """argparse type for ``--from``: ``auto`` or a region."""
    return AUTO if value.strip().lower() == AUTO else region_argument(value)


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    main = argparse.ArgumentParser(prog="python -m dialect", description=__doc__)
    main.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="model registry TOML")
    commands = main.add_subparsers(dest="command", required=True)
    classify = commands.add_parser("classify", help="detect the dialect of each line")
    classify.add_argument("--input", help="file with one sentence per line (default: stdin)")
    translate = commands.add_parser("translate", help="translate each line")
    translate.add_argument("--input", help="file with one sentence per line (default: stdin)")
    translate.add_argument("--to", dest="target", type=region_argument, required=True, help=", ".join(CODES))
    translate.add_argument("--from", dest="source", type=source_argument, default=AUTO, help="auto or a region")
    translate.add_argument("--beams", type=int, default=1, help="beam size (1 = greedy)")
    translate.add_argument(
        "--dialect-weight",
        type=float,
        default=DIALECT_WEIGHT,
        help="into a dialect, weight of the classifier's log-probability when reranking beam candidates (0 = off)",
    )
    translate.add_argument(
        "--hint-weight",
        type=float,
        default=HINT_WEIGHT,
        help="weight of the lexicon hints a beam candidate follows when reranking (0 = off)",
    )
    translate.add_argument(
        "--no-table-candidate",
        dest="table_candidate",
        action="store_false",
        help="into standard Korean, do not let the hint table's word-by-word translation compete when reranking",
    )
    translate.add_argument(
        "--channel-weight",
        type=float,
        default=CHANNEL_WEIGHT,
        help="into standard Korean, weight of the reverse model's log-probability of the source when reranking "
        "(noisy channel; 0 = off)",
    )
    return main


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every output line is flushed as soon as it is ready."""
    args = parser().parse_args(argv)
    router = Router.from_registry(args.registry)
    lines = read_lines(args.input)
    if args.command == "classify":
        records = classify_lines(router, lines)
    else:
        rerank = RerankWeights(args.dialect_weight, args.hint_weight, args.table_candidate, args.channel_weight)
        records = translate_lines(router, lines, args.target, args.source, args.beams, rerank)
    for record in records:
        print(json.dumps(record, ensure_ascii=False), flush=True)
