"""Model cards (README.md in a model folder) and compact fp16 export of shipped weights."""

from __future__ import annotations

from pathlib import Path

import torch


def write_model_card(model_dir: Path, title: str, sections: dict[str, str]) -> None:
    """Write ``README.md`` with a title and one Markdown section per entry."""
    body = [f"# {title}", ""]
    for heading, text in sections.items():
        body += [f"## {heading}", "", text.strip(), ""]
    (model_dir / "README.md").write_text("\n".join(body), encoding="utf-8")


def set_card_section(model_dir: Path, heading: str, text: str) -> None:
    """Replace the ``## heading`` section of an existing model card, or append it."""
    card = model_dir / "README.md"
    lines = card.read_text(encoding="utf-8").rstrip("\n").split("\n") if card.exists() else []
    section = [f"## {heading}", "", text.strip(), ""]
    if f"## {heading}" in lines:
        start = lines.index(f"## {heading}")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = section
    else:
        lines += ["", *section]
    card.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def save_fp16(model: torch.nn.Module, model_dir: Path) -> None:
    """Save the weights as fp16 safetensors (half the size); loaders cast back to fp32 on CPU."""
    model.to(torch.float16).save_pretrained(str(model_dir))
    model.to(torch.float32)


def markdown_table(rows: list[dict[str, object]]) -> str:
    """A Markdown table from dict rows that share keys."""
    if not rows:
        return ""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(_cell(row[key]) for key in keys) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)
