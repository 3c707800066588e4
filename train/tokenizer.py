"""Train the project's sentencepiece-style unigram tokenizer with the `tokenizers` library.

The result is saved with ``save_pretrained`` so that ``AutoTokenizer.from_pretrained(path)`` loads it as a
fast tokenizer. It normalises with NFC only (NFKC would rewrite Jeju arae-a) and never lower-cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

from dialect.regions import CODES

SPECIAL_TOKENS = ["<pad>", "<unk>", "<s>", "</s>", "<mask>"]
REGION_TAGS = [f"<{code}>" for code in CODES]
# Every conjoining and compatibility jamo, so old Hangul and Jeju arae-a (ᄒᆞᆫ, ㆍ) never become <unk>.
JAMO = [chr(code) for code in (*range(0x1100, 0x1200), *range(0x3131, 0x318F))]


@dataclass
class TokenizerArguments:
    """Input text, output folder and vocabulary size of the tokenizer."""

    corpus_file: Path = Path("data/corpus/pretrain.txt")
    output_dir: Path = Path("models/tokenizer")
    vocab_size: int = 8000
    max_piece_length: int = 8
    min_char_count: int = 3


def region_tag(code: str) -> str:
    """The special token that names a region, used as a target tag by translators."""
    return f"<{code}>"


def read_lines(path: Path) -> Iterator[str]:
    """Non-empty lines of a UTF-8 text file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield line


def corpus_alphabet(sentences: Iterable[str], min_count: int) -> list[str]:
    """Characters seen at least ``min_count`` times, plus every Hangul jamo."""
    counts = Counter(char for sentence in sentences for char in sentence if not char.isspace())
    return sorted({char for char, count in counts.items() if count >= min_count} | set(JAMO))


def train_tokenizer(
    sentences: Iterable[str], vocab_size: int, alphabet: list[str], max_piece_length: int = 8
) -> PreTrainedTokenizerFast:
    """Train a unigram tokenizer on ``sentences`` and wrap it as a transformers fast tokenizer."""
    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS + REGION_TAGS,
        unk_token="<unk>",
        max_piece_length=max_piece_length,
        shrinking_factor=0.75,
        initial_alphabet=alphabet,
    )
    tokenizer.train_from_iterator(sentences, trainer=trainer)
    bos, eos = tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", bos), ("</s>", eos)],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
        additional_special_tokens=REGION_TAGS,
        model_max_length=512,
    )


def build_tokenizer(args: TokenizerArguments) -> PreTrainedTokenizerFast:
    """Train on ``args.corpus_file`` and save to ``args.output_dir``."""
    alphabet = corpus_alphabet(read_lines(args.corpus_file), args.min_char_count)
    tokenizer = train_tokenizer(read_lines(args.corpus_file), args.vocab_size, alphabet, args.max_piece_length)
    tokenizer.save_pretrained(str(args.output_dir))
    return tokenizer
