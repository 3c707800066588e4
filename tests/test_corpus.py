"""Tests of the corpus builder's pure functions; the full build on ../shared/data is marked slow."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from train.corpus import SPLITS, CorpusArguments, build_corpus, classification_rows, remove_leaks, stable_bucket

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
COLUMNS = ["dialect", "standard", "changed", "doc", "region", "source", "split"]


def pairs_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Pairs from (region, split, dialect, standard); ``changed`` is dialect != standard."""
    records = [
        {
            "dialect": dialect,
            "standard": standard,
            "changed": dialect != standard,
            "doc": f"{region}-{index}",
            "region": region,
            "source": "aihub",
            "split": split,
        }
        for index, (region, split, dialect, standard) in enumerate(rows)
    ]
    return pd.DataFrame(records, columns=COLUMNS)


def pair_set(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(frame["split"], frame["dialect"], frame["standard"], strict=True))


# --- stable_bucket -------------------------------------------------------------------------------


def test_stable_bucket_is_deterministic() -> None:
    keys = [f"gyeongsang:DKCI{number:08d}" for number in range(200)]
    assert [stable_bucket(key) for key in keys] == [stable_bucket(key) for key in keys]
    # Fixed by the key alone: the md5 of "jeju:밥 먹언?" gives the same number on every machine.
    assert stable_bucket("jeju:밥 먹언?") == stable_bucket("jeju:밥 먹언?")
    assert stable_bucket("") == pytest.approx(int("d41d8cd9", 16) / 2**32)


def test_stable_bucket_is_in_unit_interval_and_spread() -> None:
    buckets = [stable_bucket(f"gangwon:DGDQ{number}") for number in range(2000)]
    assert all(0.0 <= bucket < 1.0 for bucket in buckets)
    assert len(set(buckets)) == len(buckets)
    # Roughly uniform: about 10% below 0.1, and both halves used.
    share = sum(bucket < 0.1 for bucket in buckets) / len(buckets)
    assert 0.07 < share < 0.13
    assert min(buckets) < 0.01
    assert max(buckets) > 0.99


def test_stable_bucket_depends_on_the_key() -> None:
    assert stable_bucket("gyeongsang:DKCI20000002") != stable_bucket("jeju:DKCI20000002")


# --- remove_leaks --------------------------------------------------------------------------------


def test_remove_leaks_drops_dev_and_test_rows_seen_in_train() -> None:
    pairs = pairs_frame(
        [
            ("gyeongsang", "train", "밥 뭇나?", "밥 먹었니?"),
            ("gyeongsang", "dev", "밥 뭇나?", "밥 먹었어?"),  # dialect sentence in train
            ("gyeongsang", "test", "밥 묵었나?", "밥 먹었니?"),  # standard sentence in train
            ("jeju", "dev", "밥 먹었니?", "밥 먹었니?"),  # train's standard sentence, another region
            ("gyeongsang", "dev", "억수로 춥다", "대단히 춥다"),  # distinct: kept
            ("gyeongsang", "test", "어데 가노?", "어디 가니?"),  # distinct: kept
        ]
    )
    kept = pair_set(remove_leaks(pairs))
    assert kept == {
        ("train", "밥 뭇나?", "밥 먹었니?"),
        ("dev", "억수로 춥다", "대단히 춥다"),
        ("test", "어데 가노?", "어디 가니?"),
    }


def test_remove_leaks_drops_test_rows_seen_in_dev() -> None:
    pairs = pairs_frame(
        [
            ("jeju", "train", "혼저 옵서", "어서 오세요"),
            ("jeju", "dev", "밥 먹언?", "밥 먹었어?"),
            ("jeju", "test", "밥 먹언?", "밥 먹었니?"),  # dialect sentence in dev
            ("gangwon", "test", "밥 먹었어?", "밥 먹었어?"),  # dev's standard sentence
            ("jeju", "test", "어드레 감수과?", "어디 가세요?"),
        ]
    )
    kept = remove_leaks(pairs)
    assert pair_set(kept) == {
        ("train", "혼저 옵서", "어서 오세요"),
        ("dev", "밥 먹언?", "밥 먹었어?"),
        ("test", "어드레 감수과?", "어디 가세요?"),
    }
    assert list(kept.columns) == COLUMNS


def test_remove_leaks_never_drops_train_rows_and_removes_duplicate_pairs() -> None:
    pairs = pairs_frame(
        [
            ("gyeongsang", "train", "와 이래 덥노", "왜 이렇게 덥니"),
            ("gyeongsang", "train", "와 이래 덥노", "왜 이렇게 덥니"),  # same pair twice in a split
            ("gyeongsang", "train", "와 이래 덥노", "왜 이리 덥니"),  # same dialect, other standard
            ("gyeongsang", "dev", "니 뭐하노", "너 뭐 하니"),
            ("gyeongsang", "dev", "니 뭐하노", "너 뭐 하니"),
        ]
    )
    kept = remove_leaks(pairs)
    assert len(kept) == 3
    assert (kept["split"] == "train").sum() == 2
    assert (kept["split"] == "dev").sum() == 1


def test_remove_leaks_keeps_split_order() -> None:
    pairs = pairs_frame(
        [
            ("gyeongsang", "test", "어데 가노?", "어디 가니?"),
            ("gyeongsang", "dev", "억수로 춥다", "대단히 춥다"),
            ("gyeongsang", "train", "밥 뭇나?", "밥 먹었니?"),
        ]
    )
    assert list(remove_leaks(pairs)["split"]) == list(SPLITS)


# --- classification_rows -------------------------------------------------------------------------


def small_arguments(train: int = 100, dev: int = 100, test: int = 100) -> CorpusArguments:
    return CorpusArguments(train_per_class=train, dev_per_class=dev, test_per_class=test, seed=13)


def labelled(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(frame["split"], frame["text"], frame["label"], strict=True))


def test_classification_labels_dialect_and_standard_sides() -> None:
    pairs = pairs_frame(
        [
            ("gyeongsang", "train", "밥 뭇나?", "밥 먹었니?"),
            ("gyeongsang", "train", "그래 갖고 그때", "그래 갖고 그때"),  # unchanged: standard only
            ("jeju", "train", "혼저 옵서", "어서 오세요"),
            ("gangwon", "dev", "뭐 하나?", "뭐 하니?"),
        ]
    )
    rows = classification_rows(pairs, small_arguments())
    assert labelled(rows) == {
        ("train", "밥 뭇나?", "gyeongsang"),
        ("train", "밥 먹었니?", "standard"),
        ("train", "그래 갖고 그때", "standard"),
        ("train", "혼저 옵서", "jeju"),
        ("train", "어서 오세요", "standard"),
        ("dev", "뭐 하나?", "gangwon"),
        ("dev", "뭐 하니?", "standard"),
    }
    assert set(rows.columns) == {"text", "label", "origin", "split"}
    origin = dict(zip(rows["text"], rows["origin"], strict=True))
    assert origin["어서 오세요"] == "jeju"
    assert origin["그래 갖고 그때"] == "gyeongsang"
    assert not rows.duplicated(["text", "split"]).any()


def test_classification_drops_texts_with_two_labels() -> None:
    pairs = pairs_frame(
        [
            # "뭐 하노" is Gyeongsang dialect in one pair and the standard side of a Jeju pair.
            ("gyeongsang", "train", "뭐 하노", "뭐 하니"),
            ("jeju", "train", "뭐 햄시니", "뭐 하노"),
            # The same standard sentence from two regions keeps one label and one row.
            ("gangwon", "train", "어디 가나", "어디 가니"),
            ("jeju", "train", "어드레 감시니", "어디 가니"),
        ]
    )
    rows = classification_rows(pairs, small_arguments())
    assert "뭐 하노" not in set(rows["text"])
    assert (rows["text"] == "어디 가니").sum() == 1
    assert labelled(rows) == {
        ("train", "뭐 하니", "standard"),
        ("train", "뭐 햄시니", "jeju"),
        ("train", "어디 가나", "gangwon"),
        ("train", "어디 가니", "standard"),
        ("train", "어드레 감시니", "jeju"),
    }


def test_classification_respects_the_per_class_cap() -> None:
    rows = []
    for index in range(10):
        rows.append(("gyeongsang", "train", f"경상 문장 {index} 했나", f"경상 표준 {index} 했니"))
        rows.append(("jeju", "train", f"제주 문장 {index} 햄수과", f"제주 표준 {index} 해요"))
    for index in range(6):
        rows.append(("gyeongsang", "dev", f"경상 개발 {index} 했나", f"경상 개발 표준 {index} 했니"))
    result = classification_rows(pairs_frame(rows), small_arguments(train=4, dev=3))
    counts = result.groupby(["split", "label"]).size().to_dict()
    assert counts[("train", "gyeongsang")] == 4
    assert counts[("train", "jeju")] == 4
    # Standard examples come equally from each region: 4 // 2 regions = 2 each.
    assert counts[("train", "standard")] == 4
    train_standard = result[(result["split"] == "train") & (result["label"] == "standard")]
    assert train_standard["origin"].value_counts().to_dict() == {"gyeongsang": 2, "jeju": 2}
    assert counts[("dev", "gyeongsang")] == 3
    assert counts[("dev", "standard")] == 3


def test_classification_sampling_is_reproducible() -> None:
    rows = [("gyeongsang", "train", f"문장 {index} 했나", f"문장 {index} 했니") for index in range(30)]
    pairs = pairs_frame(rows)
    first = classification_rows(pairs, small_arguments(train=5))
    second = classification_rows(pairs, small_arguments(train=5))
    pd.testing.assert_frame_equal(first, second)


# --- full build on the real data (slow) ----------------------------------------------------------


def split_overlaps(output_dir: Path) -> dict[str, set[str]]:
    """Sentences and documents found in more than one split of a built corpus, by kind."""
    translation = pd.concat(
        [
            pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3).assign(
                region=path.name.split(".")[0], split=path.name.split(".")[1]
            )
            for path in sorted((output_dir / "translation").glob("*.tsv"))
        ],
        ignore_index=True,
    )
    overlaps: dict[str, set[str]] = {}
    sentences = pd.concat(
        [
            translation[["dialect", "split"]].set_axis(["text", "split"], axis=1),
            translation[["standard", "split"]].set_axis(["text", "split"], axis=1),
        ]
    )
    per_sentence = sentences.drop_duplicates().groupby("text")["split"].nunique()
    overlaps["sentences"] = set(per_sentence[per_sentence > 1].index)
    for region in ("gyeongsang", "gangwon"):
        documents = translation[translation["region"] == region]
        per_doc = documents.drop_duplicates(["doc", "split"]).groupby("doc")["split"].nunique()
        overlaps[f"{region} documents"] = set(per_doc[per_doc > 1].index)
    classification = pd.concat(
        [
            pd.read_csv(
                output_dir / "classification" / f"{split}.tsv", sep="\t", dtype=str, keep_default_na=False, quoting=3
            ).assign(split=split)
            for split in SPLITS
        ]
    )
    per_text = classification.groupby("text")["split"].nunique()
    overlaps["classification texts"] = set(per_text[per_text > 1].index)
    return overlaps


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"needs the shared corpus in {SHARED_DATA}")
def test_built_corpus_splits_share_no_sentence_or_document(tmp_path: Path) -> None:
    stats = build_corpus(CorpusArguments(source_dir=SHARED_DATA, output_dir=tmp_path))
    for region in ("gyeongsang", "jeju", "gangwon"):
        assert set(stats["translation"][region]) == set(SPLITS)
    overlaps = split_overlaps(tmp_path)
    assert {kind: sorted(found)[:5] for kind, found in overlaps.items() if found} == {}


def test_split_overlaps_finds_shared_sentences_and_documents(tmp_path: Path) -> None:
    def write(relative: str, frame: pd.DataFrame) -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, sep="\t", index=False)

    def translation(dialect: str, doc: str) -> pd.DataFrame:
        return pd.DataFrame({"dialect": [dialect], "standard": ["표준 " + dialect], "changed": [True], "doc": [doc]})

    write("translation/gyeongsang.train.tsv", translation("밥 뭇나", "DKCI1"))
    write("translation/gyeongsang.dev.tsv", translation("밥 뭇나", "DKCI1"))
    write("translation/gangwon.test.tsv", translation("뭐 하나", "DGDQ1"))
    for split in SPLITS:
        write(
            f"classification/{split}.tsv",
            pd.DataFrame({"text": ["같은 문장"], "label": ["standard"], "origin": ["jeju"]}),
        )
    overlaps = split_overlaps(tmp_path)
    assert overlaps["sentences"] == {"밥 뭇나", "표준 밥 뭇나"}
    assert overlaps["gyeongsang documents"] == {"DKCI1"}
    assert overlaps["gangwon documents"] == set()
    assert overlaps["classification texts"] == {"같은 문장"}
