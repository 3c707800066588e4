"""Train the seq2seq dialect translator with the HF ``Seq2SeqTrainer`` (shaped like ``run_translation.py``).

The shipped model is one small BART for every region and both directions: the input starts with the target
tag (``<standard>``, ``<jeju>``, ...), so dialect -> standard and standard -> dialect share one decoder of
standard Korean and the small regions (Gangwon) learn from the large ones. Any seq2seq hub model or local
folder (a KoBART, a Marian) can be fine-tuned instead with ``--model_name_or_path``.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import asdict, dataclass, field
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

from dialect.metrics import corpus_bleu, corpus_chrf
from dialect.registry import PIVOT
from train.checkpoints import publish_model, resumable_checkpoint
from train.hardware import mixed_precision_flags
from train.model_card import markdown_table, save_fp16, write_model_card
from train.progress import ProgressCallback, write_json_atomic
from train.stores import tracking_uri
from train.tokenizer import region_tag
from train.tracking import MlflowRunCallback, flat_params, is_main_process, mlflow_client

TRANSLATION_REGIONS = ("gyeongsang", "jeju", "gangwon")


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
    max_length: int = 64
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


def route_examples(pairs: pd.DataFrame, region: str) -> pd.DataFrame:
    """Both directions of a region's pairs as (source, target, route) with the target tag on the source."""
    to_standard = pd.DataFrame(
        {
            "source": region_tag(PIVOT) + " " + pairs["dialect"],
            "target": pairs["standard"],
            "route": f"{region}>{PIVOT}",
        }
    )
    to_dialect = pd.DataFrame(
        {
            "source": region_tag(region) + " " + pairs["standard"],
            "target": pairs["dialect"],
            "route": f"{PIVOT}>{region}",
        }
    )
    return pd.concat([to_standard, to_dialect], ignore_index=True)


def read_pairs(args: TranslatorArguments, region: str, split: str) -> pd.DataFrame:
    """One region's pairs of one split, with ``changed`` as a boolean."""
    frame = pd.read_csv(args.corpus_dir / f"{region}.{split}.tsv", sep="\t", dtype=str, keep_default_na=False)
    return frame.assign(changed=frame["changed"] == "True")


def training_examples(args: TranslatorArguments) -> pd.DataFrame:
    """Changed pairs, a share of unchanged ones, capped or repeated per region, both directions, shuffled."""
    parts = []
    for region in args.regions:
        pairs = read_pairs(args, region, "train")
        changed = pairs[pairs["changed"]]
        changed = changed.sample(min(len(changed), args.max_pairs_per_region), random_state=args.seed)
        unchanged = pairs[~pairs["changed"]]
        keep = min(len(unchanged), int(args.identity_ratio * len(changed)))
        selected = pd.concat([changed, unchanged.sample(keep, random_state=args.seed)])
        repeats = max(1, args.min_pairs_per_region // max(1, len(selected)))
        parts.append(route_examples(pd.concat([selected] * repeats), region))
    return pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=args.seed).reset_index(drop=True)


def evaluation_examples(args: TranslatorArguments) -> pd.DataFrame:
    """A fixed sample of changed dev pairs per route, for chrF/BLEU during training."""
    parts = []
    for region in args.regions:
        pairs = read_pairs(args, region, "dev")
        changed = pairs[pairs["changed"]]
        sample = changed.sample(min(len(changed), args.eval_pairs_per_route), random_state=args.seed)
        parts.append(route_examples(sample, region))
    return pd.concat(parts, ignore_index=True)


class PairDataset(torch.utils.data.Dataset):
    """Tokenized (source, target) pairs; labels carry no leading ``<s>`` (it is the decoder start token)."""

    def __init__(self, frame: pd.DataFrame, tokenizer, max_length: int) -> None:
        self.sources = tokenizer(list(frame["source"]), truncation=True, max_length=max_length)["input_ids"]
        targets = tokenizer(list(frame["target"]), truncation=True, max_length=max_length)["input_ids"]
        bos = tokenizer.bos_token_id
        self.labels = [ids[1:] if ids and ids[0] == bos else ids for ids in targets]
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
    """(model, tokenizer): a pretrained seq2seq model, or a new BART on the project tokenizer."""
    if args.model_name_or_path:
        tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
        model = AutoModelForSeq2SeqLM.from_pretrained(args.model_name_or_path, dtype=torch.float32)
        new_tags = [tag for tag in map(region_tag, [*args.regions, PIVOT]) if tag not in tokenizer.get_vocab()]
        if new_tags:
            tokenizer.add_special_tokens({"additional_special_tokens": new_tags})
            model.resize_token_embeddings(len(tokenizer))
        return model, tokenizer
    tokenizer = AutoTokenizer.from_pretrained(str(args.tokenizer_dir))
    return new_bart(args, tokenizer), tokenizer


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
    run = mlflow.start_run(run_name=args.run_name)
    run_id = run.info.run_id
    progress = ProgressCallback(args.progress_file, args.stop_file, extra={"run_id": run_id, "task": "translator"})
    started = time.time()
    try:
        model, tokenizer = load_model(args)
        train_frame, eval_frame = training_examples(args), evaluation_examples(args)
        mlflow.log_params({**flat_params(asdict(args)), "train_size": len(train_frame), "eval_size": len(eval_frame)})
        mlflow.log_param("num_parameters", model.num_parameters())
        eval_set = PairDataset(eval_frame, tokenizer, args.max_length)
        trainer = Seq2SeqTrainer(
            model=model,
            args=training_arguments(args),
            train_dataset=PairDataset(train_frame, tokenizer, args.max_length),
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
            save_translator(trainer, args, metrics, len(train_frame), trainer.state.global_step)
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
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path or str(args.tokenizer_dir))
    model = AutoModelForSeq2SeqLM.from_pretrained(checkpoint, dtype=torch.float32)
    eval_set = PairDataset(evaluation_examples(args), tokenizer, args.max_length)
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
    save_translator(trainer, args, metrics, len(training_examples(args)), steps)
    return metrics


def save_translator(
    trainer: Seq2SeqTrainer, args: TranslatorArguments, metrics: dict, train_size: int, steps: int
) -> None:
    """Save fp16 weights, tokenizer and model card to ``publish_dir`` atomically."""
    staging = args.publish_dir.with_name(args.publish_dir.name + ".staging")
    save_fp16(trainer.model, staging)
    trainer.processing_class.save_pretrained(str(staging))
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
            "Data": f"{train_size} training examples from the AI Hub 한국어 방언 발화 corpora and 우리말샘 examples "
            f"(changed pairs plus {args.identity_ratio:.0%} unchanged ones per region, both directions); "
            f"{steps:,} steps of batch {args.batch_size} trained ({steps * args.batch_size / train_size:.2f} epochs).",
            "Hyperparameters": "\n".join(f"- {key}: {value}" for key, value in asdict(args).items()),
            "Dev scores (changed pairs, greedy)": markdown_table(scores),
            "Retrain": "`python -m train translator --publish_dir models/translator` (resumes from runs/translator).",
        },
    )
    publish_model(staging, args.publish_dir)
