"""Masked-language-model pretraining of the project's small Korean BERT on every corpus sentence."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import (
    AutoTokenizer,
    BertConfig,
    BertForMaskedLM,
    DataCollatorForLanguageModeling,
    EvalPrediction,
    Trainer,
    TrainingArguments,
)

from train.checkpoints import publish_model, resumable_checkpoint
from train.hardware import mixed_precision_flags
from train.model_card import save_fp16, write_model_card
from train.tokenizer import read_lines


@dataclass
class PretrainArguments:
    """Model size, data and schedule of MLM pretraining."""

    corpus_file: Path = Path("data/corpus/pretrain.txt")
    tokenizer_dir: Path = Path("models/tokenizer")
    output_dir: Path = Path("models/plm")
    checkpoint_dir: Path = Path("runs/pretrain")
    hidden_size: int = 256
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 1024
    max_length: int = 64
    eval_sentences: int = 2000
    batch_size: int = 128
    learning_rate: float = 5e-4
    max_steps: int = 3000
    warmup_steps: float = 0.06
    mlm_probability: float = 0.15
    save_steps: int = 250
    seed: int = 13
    precision: str = "auto"


class TokenizedSentences(torch.utils.data.Dataset):
    """Sentences tokenized once up front, served as ``input_ids`` lists."""

    def __init__(self, sentences: list[str], tokenizer, max_length: int) -> None:
        self.input_ids = tokenizer(sentences, truncation=True, max_length=max_length)["input_ids"]

    def __len__(self) -> int:
        return len(self.input_ids)

    def __getitem__(self, index: int) -> dict[str, list[int]]:
        return {"input_ids": self.input_ids[index]}


def masked_accuracy(prediction: EvalPrediction) -> dict[str, float]:
    """Accuracy of the predicted token at the masked positions."""
    predicted, labels = prediction.predictions, prediction.label_ids
    masked = labels != -100
    return {"mlm_accuracy": float((predicted[masked] == labels[masked]).mean())}


def argmax_logits(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Keep only the arg-max token, so evaluation does not hold every vocabulary logit."""
    return logits.argmax(dim=-1)


def pretrain(args: PretrainArguments) -> dict[str, float]:
    """Pretrain (or resume) and publish the PLM to ``args.output_dir``; return held-out MLM metrics."""
    tokenizer = AutoTokenizer.from_pretrained(str(args.tokenizer_dir))
    sentences = list(read_lines(args.corpus_file))
    random.Random(args.seed).shuffle(sentences)
    eval_set = TokenizedSentences(sentences[: args.eval_sentences], tokenizer, args.max_length)
    train_set = TokenizedSentences(sentences[args.eval_sentences :], tokenizer, args.max_length)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=args.hidden_size,
        num_hidden_layers=args.num_hidden_layers,
        num_attention_heads=args.num_attention_heads,
        intermediate_size=args.intermediate_size,
        max_position_embeddings=max(128, args.max_length),
        pad_token_id=tokenizer.pad_token_id,
        type_vocab_size=1,
    )
    training_args = TrainingArguments(
        output_dir=str(args.checkpoint_dir),
        per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        max_steps=args.max_steps,
        warmup_steps=args.warmup_steps,
        lr_scheduler_type="cosine",
        weight_decay=0.01,
        logging_steps=50,
        eval_strategy="steps",
        eval_steps=args.save_steps * 4,
        save_strategy="steps",
        save_steps=args.save_steps,
        save_total_limit=2,
        seed=args.seed,
        report_to="none",
        **mixed_precision_flags(args.precision),
    )
    trainer = Trainer(
        model=BertForMaskedLM(config),
        args=training_args,
        train_dataset=train_set,
        eval_dataset=eval_set,
        data_collator=DataCollatorForLanguageModeling(tokenizer, mlm_probability=args.mlm_probability, seed=args.seed),
        compute_metrics=masked_accuracy,
        preprocess_logits_for_metrics=argmax_logits,
    )
    trainer.train(resume_from_checkpoint=resumable_checkpoint(args.checkpoint_dir))
    metrics = trainer.evaluate()
    save_plm(trainer.model, tokenizer, args, metrics, seen=trainer.state.global_step * args.batch_size)
    return {key: float(np.round(value, 4)) for key, value in metrics.items()}


def save_plm(model: BertForMaskedLM, tokenizer, args: PretrainArguments, metrics: dict, seen: int) -> None:
    """Publish fp16 weights, the tokenizer, held-out metrics and a model card to ``args.output_dir``."""
    staging = args.output_dir.with_name(args.output_dir.name + ".staging")
    save_fp16(model, staging)
    tokenizer.save_pretrained(str(staging))
    (staging / "pretrain_metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    write_model_card(
        staging,
        "Small Korean BERT (MLM-pretrained on the dialect corpus)",
        {
            "What it is": f"A BERT encoder ({args.num_hidden_layers} layers, hidden {args.hidden_size}, "
            f"{args.num_attention_heads} heads, {model.num_parameters() / 1e6:.1f}M parameters) for "
            "`AutoModel.from_pretrained` / `AutoModelForSequenceClassification.from_pretrained`.",
            "Data": f"Every unique training-split sentence, dialect and standard sides, of the AI Hub 한국어 방언 발화 "
            f"corpora, 우리말샘 examples and the unlabelled mixed-region pairs (`{args.corpus_file}`); "
            f"{seen:,} sentences seen (batch {args.batch_size}, {metrics.get('epoch', 0):.2f} epochs).",
            "Held-out MLM": f"loss {metrics['eval_loss']:.3f}, masked-token accuracy "
            f"{metrics['eval_mlm_accuracy']:.3f} on {args.eval_sentences} held-out sentences.",
            "Retrain": "`python -m train pretrain` (resumes from `runs/pretrain`; `--max_steps` sets the budget).",
        },
    )
    publish_model(staging, args.output_dir)
