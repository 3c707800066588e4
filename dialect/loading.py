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
