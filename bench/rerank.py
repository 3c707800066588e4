"""Choosing the reranking weights of ``dialect.rerank`` on the dev split.

``python -m bench.rerank`` draws, per region and direction, the router's beam candidates for a fixed sample of
dev pairs once, then picks among them under each weight:

- the hint weight μ on every route (dialect weight 0), with and without the hint table's translation among the
  candidates, scored by chrF on changed pairs and, on identity pairs (both sides equal), the share of outputs
  kept as the input;
- the dialect weight λ into each dialect (with the chosen μ, no table candidate), scored the same way plus
  fidelity: the share of outputs labelled as the target region by the PLM classifier (which the reranker uses)
  and by the char n-gram baseline (which it does not, so it cannot be gamed);
- the channel weight ν into standard Korean (with the shipped μ and table candidate), scored like μ.

The hint and dialect sweeps leave the channel off. μ and the table candidate are the setting with the best mean
dialect → standard chrF; λ the smallest weight that lifts judged fidelity to 0.8 on Gyeongsang and Jeju at a cost
of at most 1.5 chrF; ν the weight with the best mean dialect → standard chrF.
Writes the ``rerank`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.baselines import DIRECTIONS, ngram_judge, read_split
from bench.results import write_section
from bench.translate import CORPUS
from dialect.metrics import corpus_chrf
from dialect.registry import side_code
from dialect.rerank import (
    CHANNEL_WEIGHT,
    DIALECT_WEIGHT,
    HINT_WEIGHT,
    RERANK_CANDIDATES,
    TABLE_CANDIDATE,
    RerankWeights,
    best_candidate,
)
from dialect.router import Router

REGIONS = ("gyeongsang", "jeju", "gangwon")
HINT_WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0)
# (hint weight, table candidate) pairs of the hint sweep, without the table first.
HINT_SETTINGS = tuple((weight, table) for table in (False, True) for weight in HINT_WEIGHTS)
DIALECT_WEIGHTS = (0.0, 0.05, 0.1, 0.25, 1.0)
CHANNEL_WEIGHTS = (0.0, 0.1, 0.25, 0.5, 1.0)
FIDELITY_GOAL = 0.8
CHRF_COST = 1.5


def sampled_candidates(router: Router, region: str, direction, pairs: int) -> dict:
    """Sources, references and candidates (beam and table) of ``pairs`` changed and ``pairs // 3`` identity dev
    pairs."""
    source, target = direction
    dev = read_split(CORPUS / f"{region}.dev.tsv")
    (hop,) = router.registry.plan(side_code(source, region), side_code(target, region))
    sample = {}
    for subset, flag, size in (("changed", "True", pairs), ("identity", "False", pairs // 3)):
        part = dev[dev["changed"] == flag]
        part = part.sample(min(size, len(part)), random_state=0)
        sources = list(part[source])
        sample[subset] = (sources, list(part[target]), router.candidates(hop, sources, with_table=True))
    return sample


def score(
    sample: dict, weights: RerankWeights, region: str, into_dialect: bool, router: Router, judge
) -> dict[str, float]:
    """chrF on changed pairs, identity kept and (into a dialect) fidelity of the picks under ``weights``."""
    _, references, candidates = sample["changed"]
    picks = [best_candidate(row, weights) for row in candidates]
    identity_sources, _, identity_candidates = sample["identity"]
    kept = [
        best_candidate(row, weights) == text for text, row in zip(identity_sources, identity_candidates, strict=True)
    ]
    row = {"changed_chrf": corpus_chrf(picks, references), "identity_kept": sum(kept) / len(kept)}
    if into_dialect:
        labelled = router.classifier.predict(picks, with_ngram=False)
        row["fidelity"] = sum(prediction.region == region for prediction in labelled) / len(picks)
        row["judged_fidelity"] = float((judge.predict(picks) == region).mean())
    return row


def sweep(router: Router, judge, pairs: int) -> list[dict]:
    """Every region, direction and weight of every sweep."""
    rows = []
    for region in REGIONS:
        for direction in DIRECTIONS:
            sample = sampled_candidates(router, region, direction, pairs)
            into_dialect = direction[1] == "dialect"
            label = {"region": region, "direction": "→".join(direction), "pairs": len(sample["changed"][0])}
            grids = {
                "hints": [
                    (hints, RerankWeights(dialect=0.0, hints=hints, table_candidate=table, channel=0.0))
                    for hints, table in HINT_SETTINGS
                ]
            }
            if into_dialect:
                grids["dialect"] = [
                    (dialect, RerankWeights(dialect, HINT_WEIGHT, table_candidate=False, channel=0.0))
                    for dialect in DIALECT_WEIGHTS
                ]
            else:
                grids["channel"] = [
                    (channel, RerankWeights(0.0, HINT_WEIGHT, TABLE_CANDIDATE, channel)) for channel in CHANNEL_WEIGHTS
                ]
            for name, grid in grids.items():
                for weight, weights in grid:
                    scores = score(sample, weights, region, into_dialect, router, judge)
                    setting = {"weight": weight, "table_candidate": weights.table_candidate}
                    rows.append({**label, "sweep": name, **setting, **scores})
                    print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def mean_chrf(rows: list[dict], sweep: str, direction: str, weight: float, table: bool) -> float:
    """Mean changed-pair chrF over regions of one sweep at one setting."""
    return statistics.mean(
        row["changed_chrf"]
        for row in rows
        if row["sweep"] == sweep
        and row["direction"] == direction
        and row["weight"] == weight
        and row["table_candidate"] == table
    )


def chosen_hint_setting(rows: list[dict]) -> tuple[float, bool]:
    """The (hint weight, table candidate) with the best mean dialect → standard chrF."""
    return max(HINT_SETTINGS, key=lambda setting: mean_chrf(rows, "hints", "dialect→standard", *setting))


def chosen_dialect_weight(rows: list[dict]) -> float:
    """The smallest dialect weight meeting the fidelity goal on Gyeongsang and Jeju within the chrF cost."""
    by_region = {
        region: {row["weight"]: row for row in rows if row["sweep"] == "dialect" and row["region"] == region}
        for region in ("gyeongsang", "jeju")
    }
    for weight in DIALECT_WEIGHTS:
        if all(
            table[weight]["judged_fidelity"] >= FIDELITY_GOAL
            and table[weight]["changed_chrf"] >= table[0.0]["changed_chrf"] - CHRF_COST
            for table in by_region.values()
        ):
            return weight
    return 0.0


def chosen_channel_weight(rows: list[dict]) -> float:
    """The channel weight with the best mean dialect → standard chrF."""
    return max(
        CHANNEL_WEIGHTS, key=lambda weight: mean_chrf(rows, "channel", "dialect→standard", weight, TABLE_CANDIDATE)
    )


def markdown(rows: list[dict]) -> str:
    """The ``rerank`` section."""
    lines = [
        "## Reranking weights",
        "",
        f"Written by `python -m bench.rerank` on {time.strftime('%Y-%m-%d')}. Dev split, {rows[0]['pairs']} changed "
        f"and a third as many identity pairs per region and direction (seed 0). Each weight picks among "
        f"{RERANK_CANDIDATES} beam candidates (plus, with *table*, the hint table's translation scored by the "
        "model) by `log p_model + λ · log p_classifier(region) + μ · hints followed + ν · log p_reverse(source)`; "
        "every weight 0 is the model's own best beam. *Kept* is the share of identity inputs (already correct) "
        "left unchanged. *Judged* fidelity uses the char n-gram baseline, which the reranker never sees.",
        "",
        "### Hint weight μ and table candidate (λ = 0)",
        "",
        "| region | direction | table | μ | changed chrF | identity kept |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in (row for row in rows if row["sweep"] == "hints"):
        lines.append(
            f"| {row['region']} | {row['direction']} | {'yes' if row['table_candidate'] else 'no'} | "
            f"{row['weight']:g} | {row['changed_chrf']:.1f} | {row['identity_kept']:.2f} |"
        )
    lines += [
        "",
        f"### Dialect weight λ (μ = {HINT_WEIGHT:g}, no table candidate)",
        "",
        "| region | λ | changed chrF | fidelity (PLM) | fidelity (judged) | identity kept |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in (row for row in rows if row["sweep"] == "dialect"):
        lines.append(
            f"| {row['region']} | {row['weight']:g} | {row['changed_chrf']:.1f} | {row['fidelity']:.2f} | "
            f"{row['judged_fidelity']:.2f} | {row['identity_kept']:.2f} |"
        )
    lines += [
        "",
        f"### Channel weight ν (dialect → standard, μ = {HINT_WEIGHT:g}, table candidate "
        f"{'on' if TABLE_CANDIDATE else 'off'})",
        "",
        "ν weighs the reverse route's length-normalised log-probability of the dialect source given the candidate.",
        "",
        "| region | ν | changed chrF | identity kept |",
        "|---|---:|---:|---:|",
    ]
    for row in (row for row in rows if row["sweep"] == "channel"):
        lines.append(
            f"| {row['region']} | {row['weight']:g} | {row['changed_chrf']:.1f} | {row['identity_kept']:.2f} |"
        )
    hints, table = chosen_hint_setting(rows)
    into_dialect = {flag: mean_chrf(rows, "hints", "standard→dialect", hints, flag) for flag in (False, True)}
    lines += [
        "",
        f"At μ = {hints:g}, the table candidate moves mean standard → dialect chrF from {into_dialect[False]:.1f} "
        f"to {into_dialect[True]:.1f}; it is drawn into standard Korean only.",
        "",
        f"Chosen by the rule above: μ = {hints:g}, table candidate {'on' if table else 'off'}, "
        f"λ = {chosen_dialect_weight(rows):g}, ν = {chosen_channel_weight(rows):g}. Shipped (`dialect.rerank`): "
        f"μ = **{HINT_WEIGHT:g}**, table candidate **{'on' if TABLE_CANDIDATE else 'off'}**, "
        f"λ = **{DIALECT_WEIGHT:g}**, ν = **{CHANNEL_WEIGHT:g}**.",
    ]
    return "\n".join(lines)


def main() -> None:
    """Sweep the weights for every region; print and record."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=200, help="changed dev pairs per region and direction")
    args = parser.parse_args()
    router, judge = Router.from_registry(), ngram_judge()
    rows = sweep(router, judge, args.pairs)
    text = markdown(rows)
    print(text)
    write_section("rerank", text)
    (Path(__file__).resolve().parent / "rerank.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
