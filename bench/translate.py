"""Translator benchmark: model vs copy and eojeol table on the same test pairs, fidelity, latency, memory.

``python -m bench.translate [--pairs N]`` scores, per region and direction, a fixed random sample of the test
split's changed pairs (and, apart, of its identity pairs) with the registry's translators, next to both
baselines on exactly the same sample; writes the ``translate`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import torch

from bench.baselines import DIRECTIONS, REGIONS, ngram_judge, read_split
from bench.results import write_section
from dialect.metrics import corpus_bleu, corpus_chrf
from dialect.registry import PIVOT, side_code
from dialect.rerank import RERANK_CANDIDATES, RerankWeights
from dialect.router import Router
from dialect.substitution import direction_table, read_lexicon

CORPUS = Path("data/corpus/translation")
NO_RERANKING = RerankWeights(dialect=0.0, hints=0.0, channel=0.0)
# Row-key prefixes of the fidelity columns: the model's output, its output without reranking, the references.
FIDELITY_KEYS = ("", "unreranked_", "reference_")
# VmHWM is the peak RSS of this process image alone; getrusage's ru_maxrss would carry over the peak of the
# benchmark process that forked the probe.
MEMORY_PROBE = (
    "import re; from dialect.router import Router; router = Router.from_registry(); router.load_all(); "
    "router.translate('걔가 쫌 쎘어 근데', 'jeju'); "
    "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
)


def score_direction(
    router: Router, judge, train: pd.DataFrame, test: pd.DataFrame, region: str, direction, pairs: int
) -> list[dict]:
    """Rows (changed, identity) of chrF/BLEU for the router's model, the model without hints, its greedy output
    without reranking, copy and table on the same sampled pairs; fidelity by the shipped classifier and by the
    n-gram ``judge``, also of the reference dialect sentences (what a perfect translation would score)."""
    source, target = direction
    table = direction_table(train, read_lexicon(region), source, target)
    (hop,) = router.registry.plan(side_code(source, region), side_code(target, region))
    translator = router.translator(hop.model)
    rows = []
    for subset, flag, size in (("changed", "True", pairs), ("identity", "False", pairs // 4)):
        part = test[test["changed"] == flag]
        part = part.sample(min(size, len(part)), random_state=0)
        sources, references = list(part[source]), list(part[target])
        started = time.perf_counter()
        outputs = router.translate_hop(hop, sources)
        seconds = time.perf_counter() - started
        unhinted = translator.translate(sources, prefix=hop.prefix) if hop.hints else outputs
        plain = router.translate_hop(hop, sources, rerank=NO_RERANKING)
        substituted = [table.translate(sentence) for sentence in sources]
        row = {
            "region": region,
            "direction": f"{source}→{target}",
            "subset": subset,
            "pairs": len(part),
            "model_chrf": corpus_chrf(outputs, references),
            "model_bleu": corpus_bleu(outputs, references),
            "unhinted_chrf": corpus_chrf(unhinted, references),
            "unreranked_chrf": corpus_chrf(plain, references),
            "copy_chrf": corpus_chrf(sources, references),
            "table_chrf": corpus_chrf(substituted, references),
            "table_bleu": corpus_bleu(substituted, references),
            "sentences_per_second": len(sources) / seconds,
        }
        if target == "dialect" and subset == "changed":
            for key, texts in zip(FIDELITY_KEYS, (outputs, plain, references), strict=True):
                row[f"{key}fidelity"] = fidelity(router, texts, region)
                row[f"{key}judged_fidelity"] = float((judge.predict(texts) == region).mean())
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False))
    return rows


def fidelity(router: Router, outputs: list[str], region: str) -> float:
    """Share of ``outputs`` the shipped classifier (with its n-gram evidence) labels as ``region``."""
    return sum(prediction.region == region for prediction in router.classifier.predict(outputs)) / len(outputs)


def latency(
    router: Router, sentences: list[str], target: str = PIVOT, rerank: RerankWeights | None = None
) -> tuple[float, float]:
    """p50 and p95 (ms) of one sentence through the router, classification included, into ``target``."""
    for sentence in sentences[:5]:
        router.translate(sentence, target=target, rerank=rerank)
    times = []
    for sentence in sentences:
        started = time.perf_counter()
        router.translate(sentence, target=target, rerank=rerank)
        times.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(times, n=100)
    return quantiles[49], quantiles[94]


def markdown(rows: list[dict], speed: dict) -> str:
    """The ``translate`` section."""
    lines = [
        "## Translator",
        "",
        f"Written by `python -m bench.translate` on {time.strftime('%Y-%m-%d')}. Every system is scored on the same "
        f"random sample of the test split (seed 0). *Model* is the router's default: {RERANK_CANDIDATES} beam "
        "candidates (into standard Korean, plus the hint table's translation scored by the model) reranked by the "
        "lexicon hints they follow and, into a dialect, by how dialectal the classifier finds them, into standard "
        "Korean by how well the reverse route explains the source (`dialect.rerank`). *Not reranked* is the same "
        "model's greedy output, *without hints* its greedy output for the bare sentence. chrF is the headline; "
        "BLEU is eojeol-level. Fidelity is the share "
        "of outputs labelled as the target dialect by the shipped classifier (the PLM times its char n-gram "
        "evidence) / by the char n-gram baseline (a judge apart from the reranker, which scores candidates with the "
        "PLM alone); *references* is the fidelity of the "
        "corpus's own dialect sentences, what a perfect translation would score.",
        "",
        "### Changed pairs",
        "",
        "| region | direction | pairs | model chrF | without hints | not reranked | copy chrF | table chrF | "
        "model BLEU | table BLEU | fidelity shipped / judged | not reranked | references |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in (row for row in rows if row["subset"] == "changed"):
        fidelities = [
            f"{row[f'{key}fidelity']:.2f} / {row[f'{key}judged_fidelity']:.2f}" if "fidelity" in row else ""
            for key in FIDELITY_KEYS
        ]
        lines.append(
            f"| {row['region']} | {row['direction']} | {row['pairs']} | **{row['model_chrf']:.1f}** | "
            f"{row['unhinted_chrf']:.1f} | {row['unreranked_chrf']:.1f} | {row['copy_chrf']:.1f} | "
            f"{row['table_chrf']:.1f} | {row['model_bleu']:.1f} | {row['table_bleu']:.1f} | {' | '.join(fidelities)} |"
        )
    lines += [
        "",
        "### Identity pairs (copy scores 100)",
        "",
        "| region | direction | pairs | model chrF | not reranked | table chrF |",
    ]
    lines.append("|---|---|---:|---:|---:|---:|")
    for row in (row for row in rows if row["subset"] == "identity"):
        lines.append(
            f"| {row['region']} | {row['direction']} | {row['pairs']} | {row['model_chrf']:.1f} | "
            f"{row['unreranked_chrf']:.1f} | {row['table_chrf']:.1f} |"
        )
    lines += ["", "### Speed and memory (CPU)", "", "| measure | value |", "|---|---:|"]
    lines += [f"| {name} | {value} |" for name, value in speed.items()]
    return "\n".join(lines)


def main() -> None:
    """Score every region and direction, time the router, probe memory; print and record."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=600, help="changed test pairs per region and direction")
    args = parser.parse_args()
    router, judge = Router.from_registry(), ngram_judge()
    rows = []
    for region in REGIONS:
        train, test = read_split(CORPUS / f"{region}.train.tsv"), read_split(CORPUS / f"{region}.test.tsv")
        for direction in DIRECTIONS:
            rows += score_direction(router, judge, train, test, region, direction, args.pairs)
    test = read_split(CORPUS / "gyeongsang.test.tsv")
    sample = test[test["changed"] == "True"].sample(200, random_state=1)
    default = latency(router, sample["dialect"].tolist())
    greedy = latency(router, sample["dialect"].tolist(), rerank=NO_RERANKING)
    into_dialect = latency(router, sample["standard"].tolist(), target="gyeongsang")
    peak_kb = int(
        subprocess.run([sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True).stdout.split()[-1]
    )
    batch = [row["sentences_per_second"] for row in rows if row["subset"] == "changed"]
    speed = {
        "changed Gyeongsang sentence, classify + translate (default: reranked beams) p50 / p95": (
            f"{default[0]:.0f} / {default[1]:.0f} ms"
        ),
        "the same, greedy without reranking p50 / p95": f"{greedy[0]:.0f} / {greedy[1]:.0f} ms",
        "its standard side, classify + translate into Gyeongsang (default) p50 / p95": (
            f"{into_dialect[0]:.0f} / {into_dialect[1]:.0f} ms"
        ),
        "batch translation (batch 32, default), mean over routes": f"{statistics.mean(batch):.0f} sentences/s",
        "peak RSS, every shipped model loaded + one pivot translation": f"{peak_kb / 1024:.0f} MB",
        "torch threads / load average (1 min) after timing (a load above the threads means other jobs ran)": (
            f"{torch.get_num_threads()} / {os.getloadavg()[0]:.1f}"
        ),
    }
    text = markdown(rows, speed)
    print(text)
    write_section("translate", text)
    (Path(__file__).resolve().parent / "translate.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
