"""A tiny real BART trained with the project's Seq2SeqTrainer set-up learns to copy, is tracked and published;
trained with lexicon hints, it ships its hint tables and knows the hint marker."""

from pathlib import Path

import pandas as pd
from transformers import AutoTokenizer

from dialect.hints import HINT_TOKEN
from dialect.metrics import corpus_chrf
from dialect.substitution import SubstitutionTable
from dialect.translator import Seq2SeqTranslator
from train.translator import TranslatorArguments, train_translator

from .conftest import MODELS, SAMPLES


def tiny_translator_arguments(
    tmp_path: Path, region: str, pairs: pd.DataFrame, tracking_uri: str, **overrides
) -> TranslatorArguments:
    """Arguments of a one-layer BART trained on ``pairs`` (also its dev split), published to tmp_path/model."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pairs.to_csv(corpus / f"{region}.train.tsv", sep="\t", index=False)
    pairs.to_csv(corpus / f"{region}.dev.tsv", sep="\t", index=False)
    settings = {
        "d_model": 128,
        "encoder_layers": 1,
        "decoder_layers": 1,
        "attention_heads": 2,
        "ffn_dim": 256,
        "min_pairs_per_region": 0,
        "eval_pairs_per_route": 10,
        "batch_size": 16,
        **overrides,
    }
    return TranslatorArguments(
        regions=[region],
        corpus_dir=corpus,
        tokenizer_dir=MODELS / "tokenizer",
        output_dir=tmp_path / "run",
        publish_dir=tmp_path / "model",
        tracking_uri=tracking_uri,
        **settings,
    )


def test_tiny_translator_learns_to_copy(tmp_path, tracking_uri):
    sentences = pd.read_csv(SAMPLES / "classification_sample.csv")["text"]
    sentences = sentences[sentences.str.len().between(6, 12)].head(30).tolist()
    pairs = pd.DataFrame({"dialect": sentences, "standard": sentences, "changed": True})
    args = tiny_translator_arguments(
        tmp_path,
        "jeju",
        pairs,
        tracking_uri,
        learning_rate=2e-3,
        max_steps=400,
        eval_steps=400,
        save_steps=400,
        label_smoothing=0.0,
    )
    metrics = train_translator(args)
    assert metrics["eval_chrf"] > 80
    translator = Seq2SeqTranslator.from_pretrained(str(tmp_path / "model"))
    outputs = translator.translate(sentences, prefix="<standard>")
    assert corpus_chrf(outputs, sentences) > 80
    card = (tmp_path / "model" / "README.md").read_text(encoding="utf-8")
    assert "## Why one model" in card and "Trained without lexicon hints" in card


def test_translator_trained_with_lexicon_hints_ships_its_tables_and_reads_the_hint_marker(tmp_path, tracking_uri):
    rows = [("억수로 좋다", "매우 좋다"), ("쫌 좋다", "조금 좋다")] * 10
    pairs = pd.DataFrame({"dialect": [d for d, _ in rows], "standard": [s for _, s in rows], "changed": True})
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text(
        "region\tdialect\tstandard\ngyeongsang\t머라카노\t뭐라고하니\njeju\t혼저\t어서\n", encoding="utf-8"
    )
    args = tiny_translator_arguments(
        tmp_path,
        "gyeongsang",
        pairs,
        tracking_uri,
        lexicon_hints=True,
        lexicon_file=lexicon,
        max_steps=4,
        eval_steps=4,
        save_steps=4,
    )
    train_translator(args)
    table = SubstitutionTable.load(tmp_path / "model" / "hints" / "gyeongsang-standard.json")
    expected = {"억수로": "매우", "쫌": "조금", "머라카노": "뭐라고하니"}
    assert table.entries == expected, "the training pairs, then the region's own lexicon entries"
    assert SubstitutionTable.load(tmp_path / "model" / "hints" / "standard-gyeongsang.json").entries["매우"] == "억수로"
    tokenizer = AutoTokenizer.from_pretrained(str(tmp_path / "model"))
    assert HINT_TOKEN in tokenizer.all_special_tokens and "<gyeongsang>" in tokenizer.all_special_tokens
    assert "Trained with lexicon hints" in (tmp_path / "model" / "README.md").read_text(encoding="utf-8")
