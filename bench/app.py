"""App benchmark in a real browser: start-up to first translation, one translation, peak RSS, screenshots.

``python -m bench.app`` starts ``streamlit run app.py``, drives it in headless Chromium through the Translate,
Train and Experiments pages, saves a screenshot of each in bench/screenshots/ (used by the README) and writes
the ``app`` section of bench/RESULTS.md. Needs Debian's chromium (``make test-browser`` installs it).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.browser import chromium_page, streamlit_server, translate_in_page
from bench.results import write_section

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SENTENCE = "걔가 쫌 쎘어 근데"


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def visit(page, url: str, title: str, shot: str) -> None:
    """Open a page, wait for its title and for the app to go idle, take a full-page screenshot."""
    page.goto(url, timeout=180_000)
    page.get_by_role("heading", name=title).wait_for(timeout=180_000)
    page.wait_for_timeout(4000)
    page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)


def main() -> None:
    """Measure and record the figures; save the three screenshots."""
    SCREENSHOTS.mkdir(exist_ok=True)
    started = time.perf_counter()
    with streamlit_server() as (url, process), chromium_page() as page:
        translate_in_page(page, url, SENTENCE)
        first = time.perf_counter() - started
        page.get_by_text("번역 결과").wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENSHOTS / "translate.png"), full_page=True)
        one_started = time.perf_counter()
        page.get_by_role("button", name="번역", exact=True).click()
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        one = time.perf_counter() - one_started
        visit(page, f"{url}/train", "학습 (Train)", "train.png")
        visit(page, f"{url}/experiments", "실험 (Experiments)", "experiments.png")
        rss = peak_rss_mb(process.pid)
    lines = [
        "## App",
        "",
        f"Written by `python -m bench.app` on {time.strftime('%Y-%m-%d')} (headless Chromium, localhost).",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| `streamlit run` to the first translation shown (models loaded on first view) | {first:.1f} s |",
        f"| one more translation through the page | {one:.2f} s |",
        f"| peak RSS of the app process after Translate, Train and Experiments | {rss:.0f} MB |",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("app", text)


if __name__ == "__main__":
    main()
