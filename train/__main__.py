"""Command line of the training package: ``python -m train <step> [--options]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from transformers import HfArgumentParser


def json_arguments(path: str) -> list[str]:
    """A JSON file of arguments (how the Train page starts jobs) as command-line words, so types are parsed."""
    words: list[str] = []
    for key, value in json.loads(Path(path).read_text(encoding="utf-8")).items():
        if value is not None:
            words += [f"--{key}", *map(str, value if isinstance(value, list) else [value])]
    return words


def parse(dataclass_types, argv: list[str]) -> tuple:
    """Dataclass arguments from the command line, or from a single JSON file."""
    if len(argv) == 1 and argv[0].endswith(".json"):
        argv = json_arguments(argv[0])
    return HfArgumentParser(dataclass_types).parse_args_into_dataclasses(argv)


def run_data(argv: list[str]) -> None:
    """``python -m train data``: build the corpus splits from ../shared/data."""
    from train.corpus import CorpusArguments, build_corpus, statistics_markdown

    (args,) = parse(CorpusArguments, argv)
    print(statistics_markdown(build_corpus(args)))


def run_tokenizer(argv: list[str]) -> None:
    """``python -m train tokenizer``: train the unigram tokenizer on the pretraining text."""
    from train.tokenizer import TokenizerArguments, build_tokenizer

    (args,) = parse(TokenizerArguments, argv)
    tokenizer = build_tokenizer(args)
    print(f"vocabulary of {len(tokenizer)} tokens saved to {args.output_dir}")


def run_pretrain(argv: list[str]) -> None:
    """``python -m train pretrain``: MLM-pretrain (or resume) the small Korean BERT."""
    from train.pretrain import PretrainArguments, pretrain

    (args,) = parse(PretrainArguments, argv)
    print(pretrain(args))


def run_classifier(argv: list[str]) -> None:
    """``python -m train classifier``: fine-tune a dialect classifier, tracked in MLflow."""
    from train.classifier import ClassifierArguments, train_classifier

    (args,) = parse(ClassifierArguments, argv)
    result = train_classifier(args)
    print(f"{result.status}: run {result.run_id}, model {result.model_dir}, metrics {result.metrics}")


def run_ngram(argv: list[str]) -> None:
    """``python -m train ngram``: fit char n-gram evidence for an existing classifier folder."""
    from train.ngram import NgramArguments, add_ngram_evidence

    (args,) = parse(NgramArguments, argv)
    evidence, scores = add_ngram_evidence(args)
    outcome = f"weight {evidence.weight:g} saved" if evidence.weight > 0 else "no weight beat the PLM alone; none saved"
    print(f"{args.classifier_dir}: {outcome}; validation macro-F1 by weight: {scores}")


def run_translator(argv: list[str]) -> None:
    """``python -m train translator``: train (or resume) the seq2seq translator, tracked in MLflow."""
    from train.translator import TranslatorArguments, publish_checkpoint, train_translator

    (args,) = parse(TranslatorArguments, argv)
    print(publish_checkpoint(args) if args.publish_only else train_translator(args))


def run_search(argv: list[str]) -> None:
    """``python -m train search``: an Optuna search over classifier hyperparameters."""
    from train.classifier import ClassifierArguments
    from train.search import SearchArguments, run_search

    base, search = parse((ClassifierArguments, SearchArguments), argv)
    study = run_search(base, search)
    print(f"{len(study.trials)} trials; best {search.objective}: {study.best_value:.4f} with {study.best_params}")


STEPS = {
    "data": run_data,
    "tokenizer": run_tokenizer,
    "pretrain": run_pretrain,
    "classifier": run_classifier,
    "ngram": run_ngram,
    "translator": run_translator,
    "search": run_search,
}


def main(argv: list[str]) -> None:
    """Dispatch to one training step."""
    if not argv or argv[0] not in STEPS:
        print(f"usage: python -m train {{{','.join(STEPS)}}} [--help]", file=sys.stderr)
        raise SystemExit(2)
    STEPS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
