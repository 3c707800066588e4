"""Ablation: how many unchanged (identity) pairs the translator should train on.

``python -m bench.identity_ratio --base models/translator`` fine-tunes the same base translator once per ratio
on one region, with the same steps, learning rate and seed, then scores each on the region's test pairs: chrF
on changed pairs, and on identity pairs the share of outputs left exactly as the input (a model that never
sees identity pairs learns to rewrite sentences that are already correct). A competent base is needed: on
CPU, small models trained from scratch for the same budget do not learn to translate at all. Writes the
``identity_ratio`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.baselines import DIRECTIONS, read_split
from bench.results import write_section
from bench.translate import CORPUS
from dialect.metrics import corpus_chrf
from dialect.registry import side_code
from dialect.translator import Seq2SeqTranslator
from train.tokenizer import region_tag
from train.translator import TranslatorArguments, train_translator

RUNS = Path("runs/ablation/identity-ratio")


def train_one(base: str, region: str, ratio: float, steps: int) -> Path:
    """Fine-tune ``base`` for one ratio; return the folder it was published to."""
    folder = RUNS / f"{region}-{ratio:g}"
    train_translator(
        TranslatorArguments(
            model_name_or_path=base,
            regions=[region],
            identity_ratio=ratio,
            min_pairs_per_region=0,
            batch_size=32,
            learning_rate=3e-4,
            max_steps=steps,
            eval_steps=steps,
            save_steps=steps,
            eval_pairs_per_route=50,
            output_dir=folder / "checkpoints",
            publish_dir=folder / "model",
            experiment="identity-ratio-ablation",
            run_name=f"{region} identity_ratio={ratio:g}",
        )
    )
    return folder / "model"


def score(model_dir: Path, region: str, pairs: int) -> list[dict]:
    """Per direction: chrF on changed pairs, chrF and exact-copy share on identity pairs."""
    translator = Seq2SeqTranslator.from_pretrained(str(model_dir))
    test = read_split(CORPUS / f"{region}.test.tsv")
    rows = []
    for source, target in DIRECTIONS:
        prefix = region_tag(side_code(target, region))
        changed = test[test["changed"] == "True"].sample(pairs, random_state=0)
        identity = test[test["changed"] == "False"].sample(pairs, random_state=0)
        changed_out = translator.translate(list(changed[source]), prefix=prefix)
        identity_in = list(identity[source])
        identity_out = translator.translate(identity_in, prefix=prefix)
        rows.append(
            {
                "direction": f"{source}→{target}",
                "changed_chrf": corpus_chrf(changed_out, list(changed[target])),
                "changed_edited": sum(o != i for o, i in zip(changed_out, changed[source], strict=True)) / pairs,
                "identity_chrf": corpus_chrf(identity_out, list(identity[target])),
                "identity_kept": sum(o == i for o, i in zip(identity_out, identity_in, strict=True)) / pairs,
            }
        )
    return rows


def markdown(base: str, region: str, steps: int, pairs: int, results: dict[float, list[dict]]) -> str:
    """The ``identity_ratio`` section."""
    lines = [
        "## Translator: share of identity pairs in training",
        "",
        f"Written by `python -m bench.identity_ratio` on {time.strftime('%Y-%m-%d')}. `{base}` fine-tuned once per "
        f"ratio on {region} only for {steps} steps of batch 32 (lr 3e-4, same seed); "
        f"{pairs} changed and {pairs} identity test pairs per direction, greedy. *Ratio* = unchanged pairs kept "
        "per changed pair. *Edited* = outputs that differ from the input on changed pairs; *kept* = identity "
        "inputs returned exactly.",
        "",
        "| ratio | direction | changed chrF | edited | identity chrF | kept |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for ratio, rows in results.items():
        for row in rows:
            lines.append(
                f"| {ratio:g} | {row['direction']} | {row['changed_chrf']:.1f} | {row['changed_edited']:.2f} | "
                f"{row['identity_chrf']:.1f} | {row['identity_kept']:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    """Train and score every ratio; print and record."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="models/translator", help="translator to fine-tune (folder or hub id)")
    parser.add_argument("--region", default="jeju")
    parser.add_argument("--ratios", type=float, nargs="+", default=[0.0, 0.25, 0.75])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=300)
    args = parser.parse_args()
    results = {}
    for ratio in args.ratios:
        results[ratio] = score(train_one(args.base, args.region, ratio, args.steps), args.region, args.pairs)
        print(ratio, json.dumps(results[ratio], ensure_ascii=False), flush=True)
    text = markdown(args.base, args.region, args.steps, args.pairs, results)
    print(text)
    write_section("identity_ratio", text)


if __name__ == "__main__":
    main()
