"""A real Streamlit server on a free localhost port and Debian's headless Chromium, for the browser test and
``bench/app.py``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_server(timeout: float = 180.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run app.py`` on a free port; yields (base URL, process) once the health check answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.5)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    """A Playwright page in Debian's headless Chromium (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height}, locale="ko-KR")
        finally:
            browser.close()


def translate_in_page(page, url: str, sentence: str, timeout_ms: int = 180_000) -> str:
    """Open the Translate page, type ``sentence``, press 번역 and return the translation shown."""
    page.goto(url, timeout=timeout_ms)
    box = page.locator("textarea").first
    box.wait_for(timeout=timeout_ms)
    box.fill(sentence)
    box.press("Control+Enter")
    page.get_by_role("button", name="번역", exact=True).click()
    page.get_by_text("번역 결과").wait_for(timeout=timeout_ms)
    # Streamlit streams a result element by element; the route line comes after the translation heading.
    page.get_by_text("경로:").wait_for(timeout=timeout_ms)
    return page.locator("h3").last.inner_text()
