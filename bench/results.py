"""Shared ``bench/RESULTS.md``: each benchmark owns one section and rewrites only that section.

A section is delimited by ``<!-- section:NAME -->`` and ``<!-- /section:NAME -->``; a missing section
is appended. Writers take an exclusive lock on the file, so benchmarks may finish at the same time.
"""

from __future__ import annotations

import fcntl
import os
import platform
import re
from pathlib import Path

RESULTS_PATH = Path(__file__).resolve().parent / "RESULTS.md"


def machine_note() -> str:
    """One line on the machine: CPU model, core count, Python and OS."""
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()}-core CPU ({model}), {system}, Python {platform.python_version()}."


def header() -> str:
    """The text a new results file starts with."""
    return (
        "# Benchmark results\n\n"
        f"Machine: {machine_note()} Timings are wall-clock on this machine, often with another job running.\n"
    )


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with the section ``name`` set to ``body`` (appended at the end when absent)."""
    if not re.fullmatch(r"[\w.-]+", name):
        raise ValueError(f"bad section name {name!r}")
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return f"{text.rstrip()}\n\n{block}\n" if text.strip() else f"{block}\n"


def write_section(name: str, body: str, path: str | Path = RESULTS_PATH) -> Path:
    """Replace (or append) section ``name`` of the results file with ``body``; create the file with a header."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            text = handle.read() or header()
            handle.seek(0)
            handle.truncate()
            handle.write(replace_section(text, name, body))
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return path
