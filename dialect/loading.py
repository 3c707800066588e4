"""Loading any Hugging Face model for inference: device, dtype and tokenizer in one place."""

from __future__ import annotations

import torch
from transformers import AutoTokenizer


def load_for_inference(auto_class, name_or_path: str, device: str | None = None):
    """(model, tokenizer) from a local folder or hub id, on ``device`` (GPU when available) in eval mode.

    Weights stored as fp16 are cast to fp32 on CPU, where half precision is slow; a GPU keeps fp16.
    """
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    dtype = torch.float16 if device == "cuda" else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(name_or_path)
    model = auto_class.from_pretrained(name_or_path, dtype=dtype).to(device).eval()
    return model, tokenizer


def length_sorted_batches(tokenizer, texts: list[str], batch_size: int, max_length: int, device):
    """Yield (original indices, encoded batch) in order of text length, so padding stays small.

    Texts are truncated to ``max_length`` tokens; ``token_type_ids`` are dropped (not every model takes them).
    """
    order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        encoded = tokenizer(
            [texts[index] for index in batch],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        ).to(device)
        encoded.pop("token_type_ids", None)
        yield batch, encoded
