"""Train the seq2seq dialect translator with the HF ``Seq2SeqTrainer`` (shaped like ``run_translation.py``).

The shipped model is one small BART for every region and both directions: the input starts with the target
tag (``<standard>``, ``<jeju>``, ...), so dialect -> standard and standard -> dialect share one decoder of
standard Korean and the small regions (Gangwon) learn from the large ones. Any seq2seq hub model or local
folder (a KoBART, a Marian) can be fine-tuned instead with ``--model_name_or_path``.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from transformers import (
    AutoModelForSeq2SeqLM,
    AutoTokenizer,
    BartConfig,
    BartForConditionalGeneration,
    DataCollatorForSeq2Seq,
    EvalPrediction,
    Seq2SeqTrainer,
    Seq2SeqTrainingArguments,
)

from dialect.hints import HINT_TOKEN, with_hints
from dialect.metrics import corpus_bleu, corpus_chrf
from dialect.registry import PIVOT, side_code
from dialect.substitution import LEXICON_PATH, SubstitutionTable, direction_table, read_lexicon
from dialect.translator import without_decoder_start
from train.checkpoints import publish_model, resumable_checkpoint
from train.hardware import mixed_precision_flags
from train.model_card import markdown_table, save_fp16, write_model_card
from train.progress import ProgressCallback, write_json_atomic
from train.stores import tracking_uri
from train.tokenizer import region_tag
from train.tracking import MlflowRunCallback, flat_params, is_main_process, mlflow_client, process_tags

TRANSLATION_REGIONS = ("gyeongsang", "jeju", "gangwon")
DIRECTIONS = (("dialect", "standard"), ("standard", "dialect"))


@dataclass
class TranslatorArguments:
    """Data, model size, schedule and tracking of translator training."""

    regions: list[str] = field(default_factory=lambda: list(TRANSLATION_REGIONS))
    corpus_dir: Path = Path("data/corpus/translation")
    model_name_or_path: str | None = field(
        default=None, metadata={"help": "Fine-tune this seq2seq model (hub id or folder) instead of a new BART."}
    )
    tokenizer_dir: Path = Path("models/tokenizer")
    output_dir: Path = Path("runs/translator")
    publish_dir: Path | None = field(default=None, metadata={"help": "Where the finished model goes, if anywhere."})
    publish_only: bool = field(
        default=False, metadata={"help": "Evaluate the newest checkpoint and publish it to publish_dir; no training."}
    )
    d_model: int = 256
    encoder_layers: int = 3
    decoder_layers: int = 3
    attention_heads: int = 4
    ffn_dim: int = 1024
    max_length: int = field(default=64, metadata={"help": "Longest target (and source text) in tokens."})
    lexicon_hints: bool = field(
        default=False,
        metadata={
            "help": "Append the eojeol substitution table's suggestions (`<hint> word = replacement`) to every "
            "input. Training hints come from a table built on the other half of the region's pairs."
        },
    )
    lexicon_file: Path | None = field(
        default=LEXICON_PATH, metadata={"help": "Eojeol lexicon added to the hint tables (none: pairs only)."}
    )
    max_source_length: int = field(default=128, metadata={"help": "Longest input in tokens, hints included."})
    identity_ratio: float = field(
        default=0.25, metadata={"help": "Unchanged pairs kept, as a share of the changed pairs of a region."}
    )
    max_pairs_per_region: int = 150000
    min_pairs_per_region: int = field(default=40000, metadata={"help": "Smaller regions are repeated up to this."})
    eval_pairs_per_route: int = 150
    learning_rate: float = 7e-4
    batch_size: int = 64
    max_steps: int = 20000
    warmup_steps: float = 0.03
    weight_decay: float = 0.01
    label_smoothing: float = 0.1
    eval_steps: int = 2000
    save_steps: int = 500
    logging_steps: int = 100
    seed: int = 13
    precision: str = "auto"
    experiment: str = "dialect-translator"
    run_name: str | None = None
    tracking_uri: str = field(default_factory=tracking_uri)
    progress_file: Path | None = None
    stop_file: Path | None = None


def route_examples(
    pairs: pd.DataFrame, region: str, tables: dict[tuple[str, str], SubstitutionTable] | None = None
) -> pd.DataFrame:
    """Both directions of a region's pairs as (source, target, route) with the target tag on the source and,
    when ``tables`` (keyed by (source side, target side)) are given, lexicon hints after it."""
    frames = []
    for source, target in DIRECTIONS:
        table = (tables or {}).get((source, target))
        tag = region_tag(side_code(target, region))
        frames.append(
            pd.DataFrame(
                {
                    "source": [with_hints(f"{tag} {text}", text, table) for text in pairs[source]],
                    "target": list(pairs[target]),
                    "route": f"{side_code(source, region)}>{side_code(target, region)}",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def region_tables(pairs: pd.DataFrame, lexicon: list[tuple[str, str]]) -> dict[tuple[str, str], SubstitutionTable]:
    """Substitution tables of both directions from a region's ``pairs`` and (dialect, standard) ``lexicon``."""
    return {direction: direction_table(pairs, lexicon, *direction) for direction in DIRECTIONS}


def cross_fitted_examples(
    pairs: pd.DataFrame, selected: pd.DataFrame, region: str, lexicon: list[tuple[str, str]]
) -> pd.DataFrame:
    """Examples of ``selected`` whose hints come from tables built on the other half of ``pairs``, so that
    hints are as fallible in training as on unseen sentences and the model learns when to ignore them."""
    parts = []
    for half in (0, 1):
        tables = region_tables(pairs[pairs.index % 2 != half], lexicon)
        parts.append(route_examples(selected[selected.index % 2 == half], region, tables))
    return pd.concat(parts, ignore_index=True)


def region_lexicon(args: TranslatorArguments, region: str) -> list[tuple[str, str]]:
    """The region's (dialect, standard) entries of ``args.lexicon_file``; none without a file."""
    return read_lexicon(region, args.lexicon_file) if args.lexicon_file else []


def read_pairs(args: TranslatorArguments, region: str, split: str) -> pd.DataFrame:
    """One region's pairs of one split, with ``changed`` as a boolean."""
    frame = pd.read_csv(args.corpus_dir / f"{region}.{split}.tsv", sep="\t", dtype=str, keep_default_na=False)
    return frame.assign(changed=frame["changed"] == "True")


def changed_sample(pairs: pd.DataFrame, limit: int, seed: int) -> pd.DataFrame:
    """At most ``limit`` of the pairs whose two sides differ, drawn with ``seed``."""
    changed = pairs[pairs["changed"]]
    return changed.sample(min(len(changed), limit), random_state=seed)


def training_examples(args: TranslatorArguments) -> pd.DataFrame:
    """Changed pairs, a share of unchanged ones, capped or repeated per region, both directions, shuffled."""
    parts = []
    for region in args.regions:
        pairs = read_pairs(args, region, "train")
        changed = changed_sample(pairs, args.max_pairs_per_region, args.seed)
        unchanged = pairs[~pairs["changed"]]
        keep = min(len(unchanged), int(args.identity_ratio * len(changed)))
        selected = pd.concat([changed, unchanged.sample(keep, random_state=args.seed)])
        repeats = max(1, args.min_pairs_per_region // max(1, len(selected)))
        if args.lexicon_hints:
            examples = cross_fitted_examples(pairs, selected, region, region_lexicon(args, region))
        else:
            examples = route_examples(selected, region)
        parts.append(pd.concat([examples] * repeats))
    return pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=args.seed).reset_index(drop=True)


def evaluation_examples(
    args: TranslatorArguments, tables: dict[str, dict[tuple[str, str], SubstitutionTable]] | None = None
) -> pd.DataFrame:
    """A fixed sample of changed dev pairs per route, for chrF/BLEU during training (with hints from each
    region's full ``tables`` when given)."""
    parts = [
        route_examples(
            changed_sample(read_pairs(args, region, "dev"), args.eval_pairs_per_route, args.seed),
            region,
            (tables or {}).get(region),
        )
        for region in args.regions
    ]
    return pd.concat(parts, ignore_index=True)


def full_tables(args: TranslatorArguments) -> dict[str, dict[tuple[str, str], SubstitutionTable]] | None:
    """Per region, the tables built on all its training pairs (what is shipped and used at run time)."""
    if not args.lexicon_hints:
        return None
    return {
        region: region_tables(read_pairs(args, region, "train"), region_lexicon(args, region))
        for region in args.regions
    }


class PairDataset(torch.utils.data.Dataset):
    """Tokenized (source, target) pairs; labels carry no leading ``<s>`` (it is the decoder start token)."""

    def __init__(self, frame: pd.DataFrame, tokenizer, max_length: int, source_length: int) -> None:
        self.sources = tokenizer(list(frame["source"]), truncation=True, max_length=source_length)["input_ids"]
        targets = tokenizer(list(frame["target"]), truncation=True, max_length=max_length)["input_ids"]
        self.labels = [without_decoder_start(ids, tokenizer.bos_token_id) for ids in targets]
        self.routes = list(frame["route"])

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, index: int) -> dict[str, list[int]]:
        return {"input_ids": self.sources[index], "labels": self.labels[index]}


def new_bart(args: TranslatorArguments, tokenizer) -> BartForConditionalGeneration:
    """A small BART sized by ``args``, sharing the project's tokenizer and its special tokens."""
    config = BartConfig(
        vocab_size=len(tokenizer),
        d_model=args.d_model,
        encoder_layers=args.encoder_layers,
        decoder_layers=args.decoder_layers,
        encoder_attention_heads=args.attention_heads,
        decoder_attention_heads=args.attention_heads,
        encoder_ffn_dim=args.ffn_dim,
        decoder_ffn_dim=args.ffn_dim,
        max_position_embeddings=max(128, 2 * args.max_length),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.bos_token_id,
        forced_eos_token_id=tokenizer.eos_token_id,
        scale_embedding=True,
        dropout=0.1,
    )
    return BartForConditionalGeneration(config)


def load_model(args: TranslatorArguments):
    """(model, tokenizer): a pretrained seq2seq model, or a new BART on the project tokenizer; the region tags
    (and the hint marker with ``lexicon_hints``) are added to the tokenizer when it lacks them."""
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path or str(args.tokenizer_dir))
    needed = [*map(region_tag, [*args.regions, PIVOT]), *([HINT_TOKEN] if args.lexicon_hints else [])]
    missing = [token for token in needed if token not in tokenizer.get_vocab()]
    if missing:
        tokenizer.add_special_tokens({"extra_special_tokens": [*tokenizer.extra_special_tokens, *missing]})
    if not args.model_name_or_path:
        return new_bart(args, tokenizer), tokenizer
    model = AutoModelForSeq2SeqLM.from_pretrained(args.model_name_or_path, dtype=torch.float32)
    if missing:
        model.resize_token_embeddings(len(tokenizer))
    return model, tokenizer


def metrics_function(tokenizer, routes: list[str]):
    """``compute_metrics``: chrF and BLEU overall and per route, on generated outputs."""

    def compute(prediction: EvalPrediction) -> dict[str, float]:
        predicted = np.where(prediction.predictions < 0, tokenizer.pad_token_id, prediction.predictions)
        labels = np.where(prediction.label_ids < 0, tokenizer.pad_token_id, prediction.label_ids)
        hypotheses = tokenizer.batch_decode(predicted, skip_special_tokens=True)
        references = tokenizer.batch_decode(labels, skip_special_tokens=True)
        metrics = {"chrf": corpus_chrf(hypotheses, references), "bleu": corpus_bleu(hypotheses, references)}
        for route in sorted(set(routes)):
            chosen = [index for index, name in enumerate(routes) if name == route]
            name = route.replace(">", "_to_")
            metrics[f"chrf_{name}"] = corpus_chrf([hypotheses[i] for i in chosen], [references[i] for i in chosen])
        return metrics

    return compute


def training_arguments(args: TranslatorArguments) -> Seq2SeqTrainingArguments:
    """Seq2seq training arguments: step-based evaluation with generation, frequent resumable checkpoints."""
    return Seq2SeqTrainingArguments(
        output_dir=str(args.output_dir),
        per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=128,
        learning_rate=args.learning_rate,
        max_steps=args.max_steps,
        warmup_steps=args.warmup_steps,
        lr_scheduler_type="cosine",
        weight_decay=args.weight_decay,
        label_smoothing_factor=args.label_smoothing,
        logging_steps=args.logging_steps,
        eval_strategy="steps",
        eval_steps=args.eval_steps,
        save_strategy="steps",
        save_steps=args.save_steps,
        save_total_limit=2,
        predict_with_generate=True,
        generation_max_length=args.max_length,
        generation_num_beams=1,
        seed=args.seed,
        report_to="none",
        disable_tqdm=True,
        **mixed_precision_flags(args.precision),
    )


def train_translator(args: TranslatorArguments) -> dict[str, float]:
    """Train (resuming from the newest checkpoint), track in MLflow, and publish when ``publish_dir`` is set."""
    mlflow = mlflow_client(args.tracking_uri, args.experiment)
    run = mlflow.start_run(run_name=args.run_name, tags=process_tags())
    run_id = run.info.run_id
    progress = ProgressCallback(args.progress_file, args.stop_file, extra={"run_id": run_id, "task": "translator"})
    started = time.time()
    try:
        model, tokenizer = load_model(args)
        tables = full_tables(args)
        train_frame, eval_frame = training_examples(args), evaluation_examples(args, tables)
        mlflow.log_params({**flat_params(asdict(args)), "train_size": len(train_frame), "eval_size": len(eval_frame)})
        mlflow.log_param("num_parameters", model.num_parameters())
        eval_set = PairDataset(eval_frame, tokenizer, args.max_length, args.max_source_length)
        trainer = Seq2SeqTrainer(
            model=model,
            args=training_arguments(args),
            train_dataset=PairDataset(train_frame, tokenizer, args.max_length, args.max_source_length),
            eval_dataset=eval_set,
            processing_class=tokenizer,
            data_collator=DataCollatorForSeq2Seq(tokenizer, model=model),
            compute_metrics=metrics_function(tokenizer, eval_set.routes),
            callbacks=[MlflowRunCallback(mlflow, run_id, per_epoch=False), progress],
        )
        trainer.train(resume_from_checkpoint=resumable_checkpoint(args.output_dir))
        metrics = trainer.evaluate()
        status = "cancelled" if progress.cancelled else "finished"
        if status == "finished" and args.publish_dir is not None and is_main_process():
            save_translator(trainer, args, metrics, len(train_frame), trainer.state.global_step, tables)
        mlflow.set_tag("status", status)
        mlflow.log_metric("duration_seconds", time.time() - started, run_id=run_id)
        mlflow.end_run(status="FINISHED" if status == "finished" else "KILLED")
        progress.report(trainer.state, status)
        return metrics
    except BaseException as error:
        mlflow.set_tag("status", "failed")
        mlflow.set_tag("error", traceback.format_exception_only(error)[-1].strip()[:500])
        mlflow.end_run(status="FAILED")
        if args.progress_file is not None:
            write_json_atomic(args.progress_file, {"run_id": run_id, "status": "failed", "error": str(error)})
        raise


def publish_checkpoint(args: TranslatorArguments) -> dict[str, float]:
    """Evaluate the newest checkpoint in ``output_dir`` on the dev sample and publish it; training can go on."""
    checkpoint = resumable_checkpoint(args.output_dir)
    if checkpoint is None or args.publish_dir is None:
        raise FileNotFoundError(f"need a checkpoint in {args.output_dir} and a --publish_dir")
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForSeq2SeqLM.from_pretrained(checkpoint, dtype=torch.float32)
    tables = full_tables(args)
    eval_set = PairDataset(evaluation_examples(args, tables), tokenizer, args.max_length, args.max_source_length)
    trainer = Seq2SeqTrainer(
        model=model,
        args=training_arguments(args),
        eval_dataset=eval_set,
        processing_class=tokenizer,
        data_collator=DataCollatorForSeq2Seq(tokenizer, model=model),
        compute_metrics=metrics_function(tokenizer, eval_set.routes),
    )
    metrics = trainer.evaluate()
    steps = int(Path(checkpoint).name.removeprefix("checkpoint-"))
    # Hints change the inputs, not how many there are: count without building the cross-fitted tables.
    train_size = len(training_examples(replace(args, lexicon_hints=False)))
    save_translator(trainer, args, metrics, train_size, steps, tables)
    return metrics


def save_hint_tables(tables: dict[str, dict[tuple[str, str], SubstitutionTable]], folder: Path) -> list[str]:
    """Write every route's table to ``folder/hints/<source>-<target>.json``; return registry lines for them."""
    (folder / "hints").mkdir(parents=True, exist_ok=True)
    lines = []
    for region, directions in tables.items():
        for (source, target), table in directions.items():
            route = f"{side_code(source, region)}-{side_code(target, region)}"
            table.save(folder / "hints" / f"{route}.json")
            lines.append(f'- {route.replace("-", " -> ")}: `hints = "models/translator/hints/{route}.json"`')
    return lines


def save_translator(
    trainer: Seq2SeqTrainer,
    args: TranslatorArguments,
    metrics: dict,
    train_size: int,
    steps: int,
    tables: dict[str, dict[tuple[str, str], SubstitutionTable]] | None = None,
) -> None:
    """Save fp16 weights, tokenizer, hint tables and model card to ``publish_dir`` atomically."""
    staging = args.publish_dir.with_name(args.publish_dir.name + ".staging")
    save_fp16(trainer.model, staging)
    trainer.processing_class.save_pretrained(str(staging))
    registry_lines = save_hint_tables(tables, staging) if tables else []
    scores = [
        {"route": key.removeprefix("eval_chrf_").replace("_to_", " -> "), "dev chrF": value}
        for key, value in metrics.items()
        if key.startswith("eval_chrf_")
    ]
    write_model_card(
        staging,
        "Dialect translator (one model, every region, both directions)",
        {
            "What it does": "Translates Korean between standard Korean and the dialects "
            f"{', '.join(args.regions)}. The input starts with the target tag, e.g. `<standard> 억수로 좋다` "
            "or `<jeju> 어서 오세요`; the registry (models/registry.toml) adds it.",
            "Why one model": "One shared model serves all six routes: the decoder of standard Korean is learnt "
            "once from every region, the small Gangwon corpus borrows from the large Gyeongsang one, and the "
            "app loads one model instead of six, which keeps memory low.",
            "Data": f"{train_size:,} training examples from the AI Hub 한국어 방언 발화 corpora and 우리말샘 examples "
            f"(changed pairs plus {args.identity_ratio:.0%} unchanged ones per region, both directions); "
            f"{steps:,} steps of batch {args.batch_size} trained ({steps * args.batch_size / train_size:.2f} epochs).",
            "Identity pairs": f"{args.identity_ratio:g} unchanged pairs are kept per changed pair. Without them the "
            "model learns to rewrite sentences that are already correct; with many it stops editing the ones "
            "that need it. `python -m bench.identity_ratio` measures the trade-off (bench/RESULTS.md).",
            "Hyperparameters": "\n".join(f"- {key}: {value}" for key, value in asdict(args).items()),
            "Lexicon hints": "Trained with lexicon hints: every input ends with the eojeol substitution table's "
            "suggestions for its words (`<hint> 즌화 = 전화`), built during training from the other half of the "
            "region's pairs so that the model learns when a hint is wrong. The tables built on all training pairs "
            "ship in `hints/`; the registry names one per route:\n" + "\n".join(registry_lines)
            if registry_lines
            else "Trained without lexicon hints.",
            "Dev scores (changed pairs, greedy)": markdown_table(scores),
            "Retrain": f"`python -m train translator{' --lexicon_hints' if args.lexicon_hints else ''} "
            "--publish_dir models/translator` (resumes from its output_dir); `make models` replays the recipe.",
        },
    )
    publish_model(staging, args.publish_dir)
