"""Command line of the training package: ``python -m train <step> [--options]``."""

from __future__ import annotations

import sys

from transformers import HfArgumentParser


def run_data(argv: list[str]) -> None:
    """``python -m train data``: build the corpus splits from ../shared/data."""
    from train.corpus import CorpusArguments, build_corpus, statistics_markdown

    (args,) = HfArgumentParser(CorpusArguments).parse_args_into_dataclasses(argv)
    print(statistics_markdown(build_corpus(args)))


def run_tokenizer(argv: list[str]) -> None:
    """``python -m train tokenizer``: train the unigram tokenizer on the pretraining text."""
    from train.tokenizer import TokenizerArguments, build_tokenizer

    (args,) = HfArgumentParser(TokenizerArguments).parse_args_into_dataclasses(argv)
    tokenizer = build_tokenizer(args)
    print(f"vocabulary of {len(tokenizer)} tokens saved to {args.output_dir}")


def run_pretrain(argv: list[str]) -> None:
    """``python -m train pretrain``: MLM-pretrain (or resume) the small Korean BERT."""
    from train.pretrain import PretrainArguments, pretrain

    (args,) = HfArgumentParser(PretrainArguments).parse_args_into_dataclasses(argv)
    print(pretrain(args))


STEPS = {"data": run_data, "tokenizer": run_tokenizer, "pretrain": run_pretrain}


def main(argv: list[str]) -> None:
    """Dispatch to one training step."""
    if not argv or argv[0] not in STEPS:
        print(f"usage: python -m train {{{','.join(STEPS)}}} [--help]", file=sys.stderr)
        raise SystemExit(2)
    STEPS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
