"""Build the project's corpora from ../shared/data: cleaned, deduplicated, split by document.

Writes, under ``output_dir``:
- ``translation/<region>.<split>.tsv``: dialect, standard, changed, doc, source
- ``classification/<split>.tsv``: text, label, origin
- ``pretrain.txt``: every unique training sentence, both sides, for tokenizer and MLM
- ``stats.json`` and ``stats.md``: split statistics
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from dialect.text import clean_corpus_text, hangul_share, same_words

SPLITS = ("train", "dev", "test")
# Share of documents held out for dev and for test: Gangwon has only 143 recordings.
HELD_OUT_SHARE = {"gyeongsang": 0.04, "jeju": 0.06, "gangwon": 0.1}
AIHUB_FILES = {
    "gyeongsang": "gyeongsang_aihub.tsv.gz",
    "jeju": "jeju_aihub.tsv.gz",
    "gangwon": "gangwon_aihub.tsv.gz",
}


@dataclass
class CorpusArguments:
    """Where to read and write, split shares and class caps of the corpus builder."""

    source_dir: Path = Path("../shared/data")
    output_dir: Path = Path("data/corpus")
    seed: int = 13
    train_per_class: int = 60000
    dev_per_class: int = 2000
    test_per_class: int = 3000
    min_hangul_share: float = 0.5
    samples_dir: Path = Path("data/samples")
    sample_per_class: int = 1000
    sample_pairs_per_region: int = 1000

    def cap(self, split: str) -> int:
        """Most sentences per class in ``split`` of the classification set."""
        return {"train": self.train_per_class, "dev": self.dev_per_class, "test": self.test_per_class}[split]


def stable_bucket(key: str) -> float:
    """A number in [0, 1) fixed by ``key`` alone, the same on every machine and run."""
    digest = hashlib.md5(key.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) / 0x100000000


def read_tsv(path: Path) -> pd.DataFrame:
    """Read one of the shared gzip TSV files as strings."""
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)


def load_region(args: CorpusArguments, region: str) -> pd.DataFrame:
    """Cleaned parallel rows of one AI Hub corpus, each with its split."""
    raw = read_tsv(args.source_dir / AIHUB_FILES[region])
    frame = pd.DataFrame(
        {
            "dialect": [clean_corpus_text(text, "dialect") for text in raw["dialect"]],
            "standard": [clean_corpus_text(text, "standard") for text in raw["standard"]],
        }
    )
    keep = (frame["dialect"].str.len() > 0) & (frame["standard"].str.len() > 0)
    keep &= frame["dialect"].map(hangul_share) >= args.min_hangul_share
    frame = frame[keep].copy()
    # Split by recording; without recording ids (Jeju) by the raw utterance, so cleaning changes never move rows.
    frame["doc"] = raw.loc[frame.index, "doc_id" if "doc_id" in raw.columns else "dialect"].to_numpy()
    frame["region"] = region
    frame["source"] = "aihub"
    frame["changed"] = [not same_words(d, s) for d, s in zip(frame["dialect"], frame["standard"], strict=True)]
    dev = test = HELD_OUT_SHARE[region]
    buckets = frame["doc"].map(lambda doc: stable_bucket(f"{region}:{doc}"))
    frame["split"] = "train"
    frame.loc[buckets < dev + test, "split"] = "dev"
    frame.loc[buckets < test, "split"] = "test"
    return frame.reset_index(drop=True)


def load_opendict(args: CorpusArguments) -> pd.DataFrame:
    """Dictionary example pairs (Gyeongsang, Jeju), used for training only."""
    raw = read_tsv(args.source_dir / "opendict_entries.tsv.gz")
    raw = raw[(raw["example_dialect"] != "") & (raw["example_standard"] != "")]
    frame = pd.DataFrame(
        {
            "dialect": [clean_corpus_text(text, "dialect") for text in raw["example_dialect"]],
            "standard": [clean_corpus_text(text, "standard") for text in raw["example_standard"]],
            "region": raw["region"].to_numpy(),
        }
    )
    frame = frame[(frame["dialect"] != "") & (frame["standard"] != "")].copy()
    frame["doc"] = "opendict"
    frame["source"] = "opendict"
    frame["changed"] = [not same_words(d, s) for d, s in zip(frame["dialect"], frame["standard"], strict=True)]
    frame["split"] = "train"
    return frame.reset_index(drop=True)


def remove_leaks(pairs: pd.DataFrame) -> pd.DataFrame:
    """Drop dev/test rows with a sentence seen in an earlier split, and duplicate pairs in a split.

    Order is train, dev, test: a sentence in train never appears in dev or test, one in dev never in test.
    """
    pairs = pairs.drop_duplicates(subset=["region", "split", "dialect", "standard"])
    seen: set[str] = set()
    kept = []
    for split in SPLITS:
        part = pairs[pairs["split"] == split]
        if split != "train":
            part = part[~part["dialect"].isin(seen) & ~part["standard"].isin(seen)]
        seen.update(part["dialect"])
        seen.update(part["standard"])
        kept.append(part)
    return pd.concat(kept, ignore_index=True)


def classification_rows(pairs: pd.DataFrame, args: CorpusArguments) -> pd.DataFrame:
    """Labelled sentences: dialect sides of changed pairs, standard sides of every region.

    Standard examples come equally from every region's standard side, so the classifier learns
    the dialect and not a source's topic or recording style. Texts with two labels are dropped.
    """
    dialect = pairs[pairs["changed"]].rename(columns={"dialect": "text"})
    dialect = dialect.assign(label=dialect["region"])[["text", "label", "region", "split"]]
    standard = pairs.rename(columns={"standard": "text"}).assign(label="standard")
    standard = standard[["text", "label", "region", "split"]]
    rows = pd.concat([dialect, standard], ignore_index=True).drop_duplicates(["text", "label", "split"])
    labels_per_text = rows.groupby("text")["label"].nunique()
    rows = rows[rows["text"].map(labels_per_text) == 1]
    rows = rows.drop_duplicates(["text", "split"])
    sampled = []
    for (split, label), group in rows.groupby(["split", "label"]):
        cap = args.cap(split)
        if label == "standard":
            regions = group["region"].unique()
            per_region = cap // len(regions)
            for region in regions:
                part = group[group["region"] == region]
                sampled.append(part.sample(min(per_region, len(part)), random_state=args.seed))
        else:
            sampled.append(group.sample(min(cap, len(group)), random_state=args.seed))
    result = pd.concat(sampled, ignore_index=True).rename(columns={"region": "origin"})
    return result.sample(frac=1.0, random_state=args.seed).reset_index(drop=True)


def split_statistics(pairs: pd.DataFrame, classification: pd.DataFrame) -> dict:
    """Counts per region and split (pairs, changed pairs, documents) and per label and split."""
    translation = {}
    for (region, split), group in pairs.groupby(["region", "split"]):
        translation.setdefault(region, {})[split] = {
            "pairs": len(group),
            "changed": int(group["changed"].sum()),
            "documents": int(group["doc"].nunique()),
        }
    labels = classification.groupby(["label", "split"]).size().unstack(fill_value=0)
    return {"translation": translation, "classification": labels.astype(int).to_dict(orient="index")}


def statistics_markdown(stats: dict) -> str:
    """The split statistics as Markdown tables."""
    lines = ["## Translation pairs", "", "| region | split | pairs | changed | documents |", "|---|---|---:|---:|---:|"]
    for region, splits in stats["translation"].items():
        for split in SPLITS:
            if split in splits:
                row = splits[split]
                lines.append(f"| {region} | {split} | {row['pairs']} | {row['changed']} | {row['documents']} |")
    lines += ["", "## Classification sentences", "", "| label | " + " | ".join(SPLITS) + " |", "|---|---:|---:|---:|"]
    for label, counts in stats["classification"].items():
        lines.append(f"| {label} | " + " | ".join(str(counts.get(split, 0)) for split in SPLITS) + " |")
    return "\n".join(lines) + "\n"


def write_tsv(frame: pd.DataFrame, path: Path) -> None:
    """Write a UTF-8 TSV without an index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep="\t", index=False)


def write_samples(pairs: pd.DataFrame, classification: pd.DataFrame, args: CorpusArguments) -> None:
    """Small real samples from the train split, shipped in ``data/samples`` for the Train page and tests."""
    train = classification[classification["split"] == "train"]
    sample = train.groupby("label", group_keys=False).sample(args.sample_per_class, random_state=args.seed)
    sample = sample.sample(frac=1.0, random_state=args.seed)[["text", "label"]]
    args.samples_dir.mkdir(parents=True, exist_ok=True)
    sample.to_csv(args.samples_dir / "classification_sample.csv", index=False)
    for region, group in pairs[(pairs["split"] == "train") & (pairs["source"] == "aihub")].groupby("region"):
        changed = group[group["changed"]].sample(args.sample_pairs_per_region, random_state=args.seed)
        unchanged = group[~group["changed"]].sample(args.sample_pairs_per_region // 4, random_state=args.seed)
        parallel = pd.concat([changed, unchanged]).sample(frac=1.0, random_state=args.seed)
        write_tsv(parallel[["dialect", "standard", "changed"]], args.samples_dir / f"parallel_{region}.tsv")


def build_corpus(args: CorpusArguments) -> dict:
    """Build every split and file; return the statistics."""
    regions = [load_region(args, region) for region in AIHUB_FILES]
    pairs = remove_leaks(pd.concat([*regions, load_opendict(args)], ignore_index=True))
    for (region, split), group in pairs.groupby(["region", "split"]):
        columns = ["dialect", "standard", "changed", "doc", "source"]
        write_tsv(group[columns], args.output_dir / "translation" / f"{region}.{split}.tsv")
    classification = classification_rows(pairs, args)
    write_samples(pairs, classification, args)
    for split, group in classification.groupby("split"):
        write_tsv(group[["text", "label", "origin"]], args.output_dir / "classification" / f"{split}.tsv")
    train = pairs[pairs["split"] == "train"]
    mixed = read_tsv(args.source_dir / "mixed_region_unlabelled.tsv.gz")
    sentences = pd.concat(
        [
            train["dialect"],
            train["standard"],
            *(
                mixed[side].map(lambda text, side=side: clean_corpus_text(text, side))
                for side in ("dialect", "standard")
            ),
        ]
    )
    sentences = sentences[sentences.str.len() > 0].drop_duplicates()
    (args.output_dir / "pretrain.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    stats = split_statistics(pairs, classification)
    stats["pretrain_sentences"] = len(sentences)
    stats["arguments"] = {key: str(value) for key, value in asdict(args).items()}
    (args.output_dir / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8")
    (args.output_dir / "stats.md").write_text(statistics_markdown(stats), encoding="utf-8")
    return stats
