"""A tiny real BART trained with the project's Seq2SeqTrainer set-up learns to copy, is tracked and published."""

import pandas as pd

from dialect.metrics import corpus_chrf
from dialect.translator import Seq2SeqTranslator
from train.translator import TranslatorArguments, train_translator

from .conftest import MODELS, SAMPLES


def test_tiny_translator_learns_to_copy(tmp_path, tracking_uri):
    sentences = pd.read_csv(SAMPLES / "classification_sample.csv")["text"]
    sentences = sentences[sentences.str.len().between(6, 12)].head(30).tolist()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pairs = pd.DataFrame({"dialect": sentences, "standard": sentences, "changed": True})
    pairs.to_csv(corpus / "jeju.train.tsv", sep="\t", index=False)
    pairs.to_csv(corpus / "jeju.dev.tsv", sep="\t", index=False)
    args = TranslatorArguments(
        regions=["jeju"],
        corpus_dir=corpus,
        tokenizer_dir=MODELS / "tokenizer",
        output_dir=tmp_path / "run",
        publish_dir=tmp_path / "model",
        d_model=128,
        encoder_layers=1,
        decoder_layers=1,
        attention_heads=2,
        ffn_dim=256,
        min_pairs_per_region=0,
        eval_pairs_per_route=10,
        learning_rate=2e-3,
        batch_size=16,
        max_steps=400,
        eval_steps=400,
        save_steps=400,
        label_smoothing=0.0,
        tracking_uri=tracking_uri,
    )
    metrics = train_translator(args)
    assert metrics["eval_chrf"] > 80
    translator = Seq2SeqTranslator.from_pretrained(str(tmp_path / "model"))
    outputs = translator.translate(sentences, prefix="<standard>")
    assert corpus_chrf(outputs, sentences) > 80
    assert "## Why one model" in (tmp_path / "model" / "README.md").read_text(encoding="utf-8")
