"""Fine-tune a dialect classifier (``AutoModelForSequenceClassification``) with the HF ``Trainer``.

Shaped like transformers' ``run_classification.py``: one dataclass holds every knob people tune, and the CLI,
the Train page and the Optuna search all fill the same dataclass.
"""

from __future__ import annotations

import shutil
import time
import traceback
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    EarlyStoppingCallback,
    EvalPrediction,
    PreTrainedModel,
    Trainer,
    TrainerCallback,
    TrainingArguments,
)

from dialect.metrics import classification_report_dict
from dialect.ngram import NgramEvidence
from dialect.regions import CODES
from train.checkpoints import activate_model, publish_model, resumable_checkpoint
from train.hardware import mixed_precision_flags
from train.labelled import load_labelled
from train.model_card import markdown_table, save_fp16, write_model_card
from train.ngram import fit_ngram_evidence, ngram_card_text
from train.progress import ProgressCallback, write_json_atomic
from train.stores import tracking_uri
from train.tracking import (
    MlflowRunCallback,
    flat_params,
    is_main_process,
    log_json_artifact,
    mlflow_client,
    process_tags,
)

OPTIMIZERS = {"adamw": "adamw_torch", "rmsprop": "rmsprop", "adafactor": "adafactor", "sgd": "sgd"}
SCHEDULERS = {"linear": "linear", "cosine": "cosine", "constant": "constant_with_warmup", "step": "constant"}
SAMPLERS = ("random", "sequential", "balanced")
LOSSES = ("cross_entropy", "focal", "label_smoothing")


@dataclass
class ClassifierArguments:
    """Everything a classifier fine-tuning run can be told: data, base model, hyperparameters, tracking."""

    model_name_or_path: str = field(
        default="models/plm", metadata={"help": "Base PLM or classifier: a local folder or a hub id."}
    )
    train_file: Path = field(default=Path("data/corpus/classification/train.tsv"))
    validation_file: Path | None = field(
        default=Path("data/corpus/classification/dev.tsv"),
        metadata={"help": "Without one, 10%% of the training file (stratified) is held out."},
    )
    output_dir: Path = field(default=Path("runs/classifier/latest"), metadata={"help": "Checkpoints and the model."})
    publish_dir: Path | None = field(
        default=None, metadata={"help": "If set, the finished model replaces this folder (e.g. models/classifier)."}
    )
    learning_rate: float = 5e-5
    train_batch_size: int = 32
    eval_batch_size: int = 128
    num_train_epochs: float = 3.0
    optimizer: str = field(default="adamw", metadata={"choices": list(OPTIMIZERS)})
    weight_decay: float = 0.01
    adam_epsilon: float = 1e-8
    scheduler: str = field(default="linear", metadata={"choices": list(SCHEDULERS)})
    warmup_ratio: float = 0.06
    step_gamma: float = field(default=0.5, metadata={"help": "Decay per epoch of the step scheduler."})
    max_length: int = 128
    sampler: str = field(default="random", metadata={"choices": list(SAMPLERS)})
    freeze_embeddings: bool = False
    freeze_layers: int = field(default=0, metadata={"help": "Freeze the bottom N encoder layers."})
    loss: str = field(default="cross_entropy", metadata={"choices": list(LOSSES)})
    label_smoothing: float = 0.1
    focal_gamma: float = 2.0
    class_weights: bool = field(default=False, metadata={"help": "Weight the loss by inverse class frequency."})
    ngram_evidence: bool = field(
        default=True,
        metadata={
            "help": "Also fit a char n-gram logistic regression on the training sentences and multiply it into the "
            "PLM's probabilities, with a weight chosen on validation (saved as ngram.skops)."
        },
    )
    early_stopping_patience: int = field(default=0, metadata={"help": "Epochs without improvement; 0 = off."})
    metric_for_best_model: str = "macro_f1"
    max_train_samples: int | None = None
    seed: int = 42
    precision: str = field(default="auto", metadata={"help": "auto, bf16, fp16 or no (mixed precision on GPU)."})
    logging_steps: int = 50
    resume: bool = field(default=False, metadata={"help": "Resume from the newest checkpoint in output_dir."})
    experiment: str = "dialect-classifier"
    run_name: str | None = None
    tracking_uri: str = field(default_factory=tracking_uri)
    progress_file: Path | None = None
    stop_file: Path | None = None
    parent_run_id: str | None = None


@dataclass
class ClassifierResult:
    """What a run produced: its status, tracked run id, metrics and where the model is."""

    status: str
    run_id: str
    metrics: dict[str, float]
    model_dir: Path | None
    labels: list[str]


class LabelledTexts(torch.utils.data.Dataset):
    """Tokenized sentences with integer labels."""

    def __init__(self, frame: pd.DataFrame, tokenizer, label2id: dict[str, int], max_length: int) -> None:
        encoded = tokenizer(list(frame["text"]), truncation=True, max_length=max_length)
        self.input_ids = encoded["input_ids"]
        self.labels = [label2id[label] for label in frame["label"]]

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> dict[str, object]:
        return {"input_ids": self.input_ids[index], "labels": self.labels[index]}


class DialectTrainer(Trainer):
    """``Trainer`` plus a class-balanced or sequential sampler and a per-epoch step LR schedule."""

    def __init__(self, *args, sampler: str = "random", step_gamma: float | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sampler_kind = sampler
        self.step_gamma = step_gamma

    def _get_train_sampler(self, train_dataset=None):
        dataset = train_dataset if train_dataset is not None else self.train_dataset
        if self.sampler_kind == "sequential":
            return torch.utils.data.SequentialSampler(dataset)
        if self.sampler_kind == "balanced":
            labels = np.asarray(dataset.labels)
            weights = 1.0 / np.bincount(labels)[labels]
            generator = torch.Generator().manual_seed(self.args.seed)
            return torch.utils.data.WeightedRandomSampler(weights.tolist(), len(labels), generator=generator)
        return super()._get_train_sampler(train_dataset)

    def create_scheduler(self, num_training_steps: int, optimizer=None):
        if self.step_gamma is None or self.lr_scheduler is not None:
            return super().create_scheduler(num_training_steps, optimizer)
        steps_per_epoch = max(1, len(self.get_train_dataloader()) // self.args.gradient_accumulation_steps)
        self.lr_scheduler = torch.optim.lr_scheduler.StepLR(
            optimizer or self.optimizer, step_size=steps_per_epoch, gamma=self.step_gamma
        )
        return self.lr_scheduler


def make_loss(kind: str, weights: torch.Tensor | None, smoothing: float, gamma: float):
    """A ``compute_loss_func`` for the Trainer: cross-entropy, label smoothing or focal, optionally weighted."""
    if kind not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, not {kind!r}")

    def loss(outputs, labels: torch.Tensor, num_items_in_batch=None) -> torch.Tensor:
        logits = outputs.logits.float()
        weight = None if weights is None else weights.to(logits.device)
        if kind == "focal":
            log_probs = F.log_softmax(logits, dim=-1).gather(1, labels[:, None]).squeeze(1)
            per_item = F.cross_entropy(logits, labels, weight=weight, reduction="none")
            return ((1 - log_probs.exp()) ** gamma * per_item).mean()
        return F.cross_entropy(
            logits, labels, weight=weight, label_smoothing=smoothing if kind == "label_smoothing" else 0.0
        )

    return loss


def freeze_bottom(model: PreTrainedModel, embeddings: bool, layers: int) -> None:
    """Freeze the embeddings and/or the bottom ``layers`` encoder layers of a BERT/ELECTRA/RoBERTa-style model."""
    base = model.base_model
    if embeddings:
        base.embeddings.requires_grad_(False)
    if layers:
        encoder_layers = getattr(getattr(base, "encoder", None), "layer", None)
        if encoder_layers is None:
            raise ValueError(f"{type(model).__name__} has no encoder.layer list; layer freezing is not supported")
        if layers > len(encoder_layers):
            raise ValueError(f"cannot freeze {layers} layers: the model has {len(encoder_layers)}")
        for layer in encoder_layers[:layers]:
            layer.requires_grad_(False)


def load_splits(args: ClassifierArguments) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and validation frames (text, label)."""
    train = load_labelled(args.train_file)
    if args.validation_file is not None:
        validation = load_labelled(args.validation_file, min_rows_per_class=1)
    else:
        train, validation = train_test_split(train, test_size=0.1, stratify=train["label"], random_state=args.seed)
    if args.max_train_samples and len(train) > args.max_train_samples:
        train = train.sample(args.max_train_samples, random_state=args.seed)
    return train.reset_index(drop=True), validation.reset_index(drop=True)


def ordered_labels(labels: pd.Series) -> list[str]:
    """Labels in region order (standard first), any others after, sorted."""
    present = set(labels)
    return [code for code in CODES if code in present] + sorted(present - set(CODES))


def metrics_function(labels: list[str]):
    """``compute_metrics`` for the Trainer: accuracy, macro-F1 and per-class precision/recall/F1."""

    def compute(prediction: EvalPrediction) -> dict[str, float]:
        predicted = np.asarray(prediction.predictions).argmax(axis=-1)
        truth = np.asarray(prediction.label_ids)
        report = classification_report_dict([labels[i] for i in truth], [labels[i] for i in predicted], labels)
        flat = {"accuracy": report["accuracy"], "macro_f1": report["macro_f1"]}
        for label in labels:
            for measure in ("precision", "recall", "f1"):
                flat[f"{measure}_{label}"] = report["per_class"][label][measure]
        return flat

    return compute


def training_arguments(args: ClassifierArguments) -> TrainingArguments:
    """The HF ``TrainingArguments`` for a run: evaluate and save every epoch, keep the best."""
    optim_args = f"eps={args.adam_epsilon}" if args.optimizer == "rmsprop" else None
    return TrainingArguments(
        output_dir=str(args.output_dir),
        per_device_train_batch_size=args.train_batch_size,
        per_device_eval_batch_size=args.eval_batch_size,
        learning_rate=args.learning_rate,
        num_train_epochs=args.num_train_epochs,
        optim=OPTIMIZERS[args.optimizer],
        optim_args=optim_args,
        weight_decay=args.weight_decay,
        adam_epsilon=args.adam_epsilon,
        lr_scheduler_type=SCHEDULERS[args.scheduler],
        warmup_steps=args.warmup_ratio if args.scheduler != "step" else 0,
        train_sampling_strategy="sequential" if args.sampler == "sequential" else "random",
        logging_steps=args.logging_steps,
        eval_strategy="epoch",
        save_strategy="epoch",
        save_total_limit=2,
        load_best_model_at_end=True,
        metric_for_best_model=args.metric_for_best_model,
        greater_is_better=True,
        seed=args.seed,
        report_to="none",
        disable_tqdm=True,
        **mixed_precision_flags(args.precision),
    )


def build_trainer(args: ClassifierArguments, train: pd.DataFrame, validation: pd.DataFrame, callbacks: list):
    """Model, tokenizer, datasets, loss and ``DialectTrainer`` for a run."""
    if args.optimizer not in OPTIMIZERS or args.scheduler not in SCHEDULERS or args.sampler not in SAMPLERS:
        raise ValueError(f"optimizer/scheduler/sampler must be in {list(OPTIMIZERS)}/{list(SCHEDULERS)}/{SAMPLERS}")
    labels = ordered_labels(train["label"])
    unknown = sorted(set(validation["label"]) - set(labels))
    if unknown:
        raise ValueError(f"validation labels {unknown} do not occur in the training data")
    label2id = {label: index for index, label in enumerate(labels)}
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForSequenceClassification.from_pretrained(
        args.model_name_or_path,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id=label2id,
        ignore_mismatched_sizes=True,
        dtype=torch.float32,
    )
    freeze_bottom(model, args.freeze_embeddings, args.freeze_layers)
    train_set = LabelledTexts(train, tokenizer, label2id, args.max_length)
    weights = None
    if args.class_weights:
        counts = np.bincount(train_set.labels, minlength=len(labels)).astype(float)
        weights = torch.tensor(counts.sum() / (len(labels) * np.maximum(counts, 1)), dtype=torch.float32)
    if args.early_stopping_patience:
        callbacks = [*callbacks, EarlyStoppingCallback(early_stopping_patience=args.early_stopping_patience)]
    trainer = DialectTrainer(
        model=model,
        args=training_arguments(args),
        train_dataset=train_set,
        eval_dataset=LabelledTexts(validation, tokenizer, label2id, args.max_length),
        processing_class=tokenizer,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_metrics=metrics_function(labels),
        compute_loss_func=make_loss(args.loss, weights, args.label_smoothing, args.focal_gamma),
        callbacks=callbacks,
        sampler=args.sampler,
        step_gamma=args.step_gamma if args.scheduler == "step" else None,
    )
    return trainer, labels


def save_classifier(
    trainer: Trainer,
    args: ClassifierArguments,
    labels: list[str],
    metrics: dict,
    sizes: dict,
    ngram: tuple[NgramEvidence, dict[float, float]] | None,
) -> None:
    """Save the best model with its tokenizer, n-gram evidence and model card into ``output_dir/model``
    (atomically)."""
    staging = args.output_dir / "model.staging"
    shutil.rmtree(staging, ignore_errors=True)
    save_fp16(trainer.model, staging)
    trainer.processing_class.save_pretrained(str(staging))
    if ngram is not None and ngram[0].weight > 0:
        ngram[0].save(staging)
    per_class = [
        {"label": label, **{m: metrics[f"{m}_{label}"] for m in ("precision", "recall", "f1")}} for label in labels
    ]
    hyperparameters = {
        key: value
        for key, value in asdict(args).items()
        if key not in {"tracking_uri", "progress_file", "stop_file", "parent_run_id", "output_dir", "publish_dir"}
    }
    write_model_card(
        staging,
        "Dialect classifier",
        {
            "What it does": f"Labels a Korean sentence with one of: {', '.join(labels)}.",
            "Data": f"Trained on `{args.train_file}` ({sizes['train']} sentences), validated on "
            f"{sizes['validation']} sentences. Sources: AI Hub 한국어 방언 발화 (research use under AI Hub terms).",
            "Base model": f"`{args.model_name_or_path}`",
            "Hyperparameters": "\n".join(f"- {key}: {value}" for key, value in hyperparameters.items()),
            "Validation scores": f"accuracy {metrics['accuracy']:.4f}, macro-F1 {metrics['macro_f1']:.4f}\n\n"
            + markdown_table(per_class),
            "Char n-gram evidence": ngram_card_text(ngram, args.ngram_evidence),
            "Retrain": "`python -m train classifier --help` lists every option; the defaults above reproduce it.",
        },
    )
    publish_model(staging, args.output_dir / "model")


def train_classifier(args: ClassifierArguments, callbacks: Sequence[TrainerCallback] = ()) -> ClassifierResult:
    """Run one fine-tuning, tracked in MLflow; publish to ``args.publish_dir`` only when it finishes.

    A callback with a true ``pruned`` attribute (an Optuna trial stopped early) ends the run as ``pruned``,
    without saving a model. A stop file ends it as ``cancelled``, keeping the best checkpoint if it has one.
    """
    mlflow = mlflow_client(args.tracking_uri, args.experiment)
    tags = process_tags() | ({"mlflow.parentRunId": args.parent_run_id} if args.parent_run_id else {})
    run = mlflow.start_run(run_name=args.run_name, tags=tags, nested=args.parent_run_id is not None)
    run_id = run.info.run_id
    main = is_main_process()
    progress_file = args.progress_file if main else None
    progress = ProgressCallback(progress_file, args.stop_file, extra={"run_id": run_id, "task": "classifier"})
    started = time.time()
    try:
        train, validation = load_splits(args)
        mlflow.log_params({**flat_params(asdict(args)), "train_size": len(train), "validation_size": len(validation)})
        tracking = [MlflowRunCallback(mlflow, run_id), progress, *callbacks]
        trainer, labels = build_trainer(args, train, validation, tracking)
        mlflow.log_param("num_parameters", trainer.model.num_parameters())
        trainer.train(resume_from_checkpoint=resumable_checkpoint(args.output_dir) if args.resume else None)
        pruned = any(getattr(callback, "pruned", False) for callback in callbacks)
        if pruned or (progress.cancelled and trainer.state.best_model_checkpoint is None):
            status = "pruned" if pruned else "cancelled"
            finish_run(mlflow, run_id, status, time.time() - started)
            progress.report(trainer.state, status)
            return ClassifierResult(status, run_id, {}, None, labels)
        prediction = trainer.predict(trainer.eval_dataset)
        metrics = {
            key.removeprefix("test_"): float(v) for key, v in prediction.metrics.items() if "_per_second" not in key
        }
        matrix = confusion_matrix(prediction.label_ids, prediction.predictions.argmax(-1), labels=range(len(labels)))
        log_json_artifact(mlflow, run_id, "confusion_matrix.json", {"labels": labels, "matrix": matrix.tolist()})
        mlflow.log_metrics({f"best_{k}": v for k, v in metrics.items() if k != "runtime"})
        status = "cancelled" if progress.cancelled else "finished"
        model_dir = args.output_dir / "model"
        if main:
            ngram = None
            if args.ngram_evidence and status == "finished":
                truth = [labels[index] for index in prediction.label_ids]
                ngram = fit_ngram_evidence(
                    train["text"], train["label"], validation["text"], truth, prediction.predictions, labels
                )
                metrics |= {"ngram_weight": ngram[0].weight, "combined_macro_f1": ngram[1][ngram[0].weight]}
                mlflow.log_metrics({key: metrics[key] for key in ("ngram_weight", "combined_macro_f1")})
            sizes = {"train": len(train), "validation": len(validation)}
            save_classifier(trainer, args, labels, metrics, sizes, ngram)
            if status == "finished" and args.publish_dir is not None:
                activate_model(model_dir, args.publish_dir)
        finish_run(mlflow, run_id, status, time.time() - started)
        progress.report(trainer.state, status)
        return ClassifierResult(status, run_id, metrics, model_dir, labels)
    except BaseException as error:
        finish_run(mlflow, run_id, "failed", time.time() - started, error=traceback.format_exception_only(error)[-1])
        if progress_file is not None:
            write_json_atomic(progress_file, {"run_id": run_id, "status": "failed", "error": str(error)})
        raise


def finish_run(mlflow, run_id: str, status: str, seconds: float, error: str | None = None) -> None:
    """Tag the run with its status and duration and close it in MLflow."""
    mlflow.set_tag("status", status)
    mlflow.log_metric("duration_seconds", seconds, run_id=run_id)
    if error:
        mlflow.set_tag("error", error.strip()[:500])
    mlflow.end_run(status={"finished": "FINISHED", "cancelled": "KILLED", "pruned": "KILLED"}.get(status, "FAILED"))
