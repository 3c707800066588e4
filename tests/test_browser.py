"""One real-browser test: the app served by ``streamlit run``, driven in headless Chromium."""

import pytest
from playwright.sync_api import expect

from bench.browser import chromium_page, streamlit_server, translate_in_page

from .conftest import ROOT

pytestmark = pytest.mark.browser


def test_typed_gyeongsang_sentence_is_translated_in_the_browser():
    sentence = "걔가 쫌 쎘어 근데"
    with streamlit_server() as (url, _), chromium_page() as page:
        translation = translate_in_page(page, url, sentence)
        assert "조금" in translation and "쫌" not in translation
        expect(page.get_by_text("경로: 경상도 → 표준어")).to_be_visible()
        shots = ROOT / "test-results"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / "browser-translate.png"), full_page=True)
