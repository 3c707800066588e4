"""Baselines on the test split: copy-the-input and the eojeol substitution table for translation, char n-gram
TF-IDF + logistic regression for dialect classification. Writes the ``baselines`` section of bench/RESULTS.md.

Run from the project root: ``python -m bench.baselines`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from bench.results import RESULTS_PATH, write_section
from dialect.metrics import BLEU_TOKENIZER, classification_report_dict, corpus_bleu, corpus_chrf
from dialect.substitution import LEXICON_PATH, direction_table, read_lexicon

BASELINES_JSON = Path(__file__).resolve().parent / "baselines.json"
REGIONS = ("gyeongsang", "jeju", "gangwon")
DIRECTIONS = (("dialect", "standard"), ("standard", "dialect"))
LABELS = ("standard", "gyeongsang", "jeju", "gangwon")
SUBSETS = (("changed", "True"), ("identity", "False"))


def read_split(path: Path) -> pd.DataFrame:
    """One of the corpus TSV files, all columns as strings."""
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


def translation_baselines(corpus_dir: Path, lexicon_path: Path) -> tuple[list[dict], list[dict]]:
    """Scores of copy and substitution per region, direction and subset; and split sizes / table sizes."""
    rows, sizes = [], []
    for region in REGIONS:
        train = read_split(corpus_dir / "translation" / f"{region}.train.tsv")
        test = read_split(corpus_dir / "translation" / f"{region}.test.tsv")
        lexicon = read_lexicon(region, lexicon_path)
        size = {
            "region": region,
            "train": len(train),
            "train_changed": int((train["changed"] == "True").sum()),
            "test": len(test),
            "test_changed": int((test["changed"] == "True").sum()),
            "lexicon": len(lexicon),
        }
        for source, target in DIRECTIONS:
            started = time.perf_counter()
            table = direction_table(train, lexicon, source, target)
            size[f"entries_{source[0]}2{target[0]}"] = len(table)
            seconds = time.perf_counter() - started
            print(f"[{region}] {source}->{target} table: {len(table):,} entries in {seconds:.1f}s")
            for subset, flag in SUBSETS:
                part = test[test["changed"] == flag]
                if part.empty:
                    continue
                sources, references = list(part[source]), list(part[target])
                substituted = [table.translate(sentence) for sentence in sources]
                row = {
                    "region": region,
                    "direction": f"{source}→{target}",
                    "subset": subset,
                    "pairs": len(part),
                    "copy_chrf": corpus_chrf(sources, references),
                    "copy_bleu": corpus_bleu(sources, references),
                    "table_chrf": corpus_chrf(substituted, references),
                    "table_bleu": corpus_bleu(substituted, references),
                    "exact": sum(hyp == ref for hyp, ref in zip(substituted, references, strict=True)) / len(part),
                    "touched": sum(hyp != src for hyp, src in zip(substituted, sources, strict=True)) / len(part),
                }
                rows.append(row)
                print(
                    f"  {subset:8s} n={row['pairs']:6d} copy chrF {row['copy_chrf']:.1f} BLEU {row['copy_bleu']:.1f}"
                    f" | table chrF {row['table_chrf']:.1f} BLEU {row['table_bleu']:.1f}"
                    f" exact {row['exact']:.1%} (changes {row['touched']:.0%} of inputs)"
                )
        sizes.append(size)
    return rows, sizes


def ngram_vectorizer() -> TfidfVectorizer:
    """Char 1-4-gram TF-IDF features of the classification baseline."""
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True, max_features=300_000, dtype=np.float32
    )


def ngram_judge(corpus_dir: Path = Path("data/corpus"), c_value: float = 1.0) -> Pipeline:
    """The baseline classifier (C chosen on dev) fit on the classification train split: an independent judge of
    how dialectal a translation reads, for outputs the PLM classifier itself helped choose."""
    train = read_split(corpus_dir / "classification" / "train.tsv")
    model = LogisticRegression(C=c_value, class_weight="balanced", solver="lbfgs", max_iter=1000)
    return make_pipeline(ngram_vectorizer(), model).fit(train["text"], train["label"])


def classification_baseline(corpus_dir: Path, c_values: tuple[float, ...], max_train: int | None, seed: int) -> dict:
    """Char 1-4-gram TF-IDF + logistic regression: C picked on dev by macro-F1, scored on test."""
    splits = {split: read_split(corpus_dir / "classification" / f"{split}.tsv") for split in ("train", "dev", "test")}
    train = splits["train"]
    note = ""
    if max_train is not None and len(train) > max_train:
        note = f"train subsampled from {len(train):,} to {max_train:,} sentences (seed {seed})"
        print("NOTE:", note)
        train = train.sample(max_train, random_state=seed)
    started = time.perf_counter()
    vectorizer = ngram_vectorizer()
    x_train = vectorizer.fit_transform(train["text"])
    x_dev, x_test = vectorizer.transform(splits["dev"]["text"]), vectorizer.transform(splits["test"]["text"])
    print(f"[classify] TF-IDF: {x_train.shape[1]:,} features in {time.perf_counter() - started:.1f}s")
    best: tuple[float, float, LogisticRegression] | None = None
    dev_scores = {}
    for c_value in c_values:
        started = time.perf_counter()
        model = LogisticRegression(C=c_value, class_weight="balanced", solver="lbfgs", max_iter=1000)
        model.fit(x_train, train["label"])
        dev = classification_report_dict(splits["dev"]["label"], model.predict(x_dev), LABELS)
        dev_scores[c_value] = dev["macro_f1"]
        print(f"[classify] C={c_value:g}: dev macro-F1 {dev['macro_f1']:.4f} ({time.perf_counter() - started:.1f}s)")
        if best is None or dev["macro_f1"] > best[1]:
            best = (c_value, dev["macro_f1"], model)
    assert best is not None
    c_value, _, model = best
    test = splits["test"]
    predictions = model.predict(x_test)
    report = classification_report_dict(test["label"], predictions, LABELS)
    standard = test["label"] == "standard"
    by_origin = (
        pd.Series(predictions[standard.to_numpy()] == "standard", index=test.index[standard])
        .groupby(test.loc[standard, "origin"])
        .agg(["mean", "size"])
    )
    return {
        **report,
        "c": c_value,
        "dev_macro_f1": dev_scores,
        "features": x_train.shape[1],
        "sizes": {"train": len(train), "dev": len(splits["dev"]), "test": len(test)},
        "test_counts": test["label"].value_counts().to_dict(),
        "standard_recall_by_origin": {origin: (float(r["mean"]), int(r["size"])) for origin, r in by_origin.iterrows()},
        "note": note,
    }


def translation_markdown(rows: list[dict], sizes: list[dict]) -> list[str]:
    """Markdown tables of the translation baselines."""
    lines = [
        "### Translation: copy vs. eojeol substitution table (test split)",
        "",
        "chrF (sacrebleu, char 6-grams) is the headline metric; BLEU is eojeol-level (sacrebleu `13a` tokenizer).",
        "The table is built from the region's train pairs (position-aligned when both sides have the same number of",
        "eojeols, majority counterpart holding ≥ 50 % of a word's occurrences) plus the eojeol lexicon",
        "(Gyeongsang, Jeju). *changed* = test pairs whose sides differ in words (headline); *identity* = the",
        "speaker said it in standard form. *exact* = share of table outputs equal to the reference; *touched* = share",
        "of inputs the table changed. Copy is never exact on *changed* pairs and always exact on *identity* pairs.",
        "",
    ]
    for subset, title in (("changed", "(a) changed pairs — headline"), ("identity", "(b) identity pairs")):
        lines += [
            f"#### {title}",
            "",
            "| region | direction | pairs | copy chrF | copy BLEU | table chrF | table BLEU | exact | touched |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            if row["subset"] == subset:
                lines.append(
                    f"| {row['region']} | {row['direction']} | {row['pairs']:,} | {row['copy_chrf']:.1f} |"
                    f" {row['copy_bleu']:.1f} | {row['table_chrf']:.1f} | {row['table_bleu']:.1f} |"
                    f" {row['exact']:.1%} | {row['touched']:.0%} |"
                )
        lines.append("")
    lines += [
        "#### Split and table sizes",
        "",
        "| region | train pairs | train changed | test pairs | test changed | lexicon | table d→s | table s→d |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        lines.append(
            f"| {size['region']} | {size['train']:,} | {size['train_changed']:,} | {size['test']:,} |"
            f" {size['test_changed']:,} | {size['lexicon']:,} | {size['entries_d2s']:,} | {size['entries_s2d']:,} |"
        )
    return [*lines, ""]


def classification_markdown(result: dict) -> list[str]:
    """Markdown tables of the classification baseline."""
    sizes = result["sizes"]
    dev = ", ".join(f"C={c:g}: {f1:.4f}" for c, f1 in result["dev_macro_f1"].items())
    lines = [
        "### Classification: char 1-4-gram TF-IDF + logistic regression (test split)",
        "",
        f"`TfidfVectorizer(analyzer='char_wb', ngram_range=(1, 4), min_df=2, sublinear_tf=True,"
        f" max_features=300000)` → {result['features']:,} features; `LogisticRegression(lbfgs,"
        f" class_weight='balanced')`, C={result['c']:g} chosen on dev macro-F1 ({dev}).",
        f"Sentences: train {sizes['train']:,}, dev {sizes['dev']:,}, test {sizes['test']:,}."
        + (f" **{result['note']}.**" if result["note"] else ""),
        "",
        f"**Accuracy {result['accuracy']:.4f}, macro-F1 {result['macro_f1']:.4f}**",
        "",
        "| class | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, scores in result["per_class"].items():
        lines.append(
            f"| {label} | {scores['precision']:.4f} | {scores['recall']:.4f} | {scores['f1']:.4f} |"
            f" {scores['support']:,} |"
        )
    labels = result["labels"]
    lines += ["", "Confusion matrix (rows: true, columns: predicted):", ""]
    lines += ["| true \\ predicted | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for label, counts in zip(labels, result["confusion"], strict=True):
        lines.append(f"| {label} | " + " | ".join(f"{count:,}" for count in counts) + " |")
    lines += ["", "Recall of `standard` test sentences by the region whose recordings they come from:", ""]
    lines += ["| origin | recall | sentences |", "|---|---:|---:|"]
    for origin, (recall, count) in sorted(result["standard_recall_by_origin"].items()):
        lines.append(f"| {origin} | {recall:.4f} | {count:,} |")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=Path("data/corpus"))
    parser.add_argument("--lexicon", type=Path, default=LEXICON_PATH)
    parser.add_argument("--results", type=Path, default=RESULTS_PATH)
    parser.add_argument("--c-values", type=float, nargs="+", default=[0.3, 1.0])
    parser.add_argument("--max-classifier-train", type=int, default=None, help="subsample classification train")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    started = time.perf_counter()
    rows, sizes = translation_baselines(args.corpus_dir, args.lexicon)
    result = classification_baseline(args.corpus_dir, tuple(args.c_values), args.max_classifier_train, args.seed)
    print(f"[classify] test accuracy {result['accuracy']:.4f}, macro-F1 {result['macro_f1']:.4f}")
    wall = time.perf_counter() - started
    lines = [
        "## Baselines",
        "",
        f"Written by `python -m bench.baselines` on {dt.date.today().isoformat()}; wall time {wall / 60:.1f} min"
        f" (BLEU tokenizer `{BLEU_TOKENIZER}`).",
        "",
        *translation_markdown(rows, sizes),
        *classification_markdown(result),
    ]
    body = "\n".join(lines)
    print()
    print(body)
    path = write_section("baselines", body, args.results)
    figures = {"translation": rows, "sizes": sizes, "classification": result}
    BASELINES_JSON.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=float), encoding="utf-8")
    print(f"\nwrote section 'baselines' of {path} (wall time {wall:.0f}s)")


if __name__ == "__main__":
    main()
