"""Streamlit AppTest of the Translate page with the shipped models."""

from streamlit.testing.v1 import AppTest

from dialect.rerank import CHANNEL_WEIGHT, DIALECT_WEIGHT, HINT_WEIGHT

from .conftest import ROOT

PAGE = str(ROOT / "app.py")


def page() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=180)
    app.run()
    assert not app.exception
    return app


def shown_translation(app: AppTest) -> str:
    return app.markdown[[m.value.startswith("### ") for m in app.markdown].index(True)].value[4:]


def translate(app: AppTest, text: str) -> AppTest:
    app.text_area(key="text").set_value(text)
    next(button for button in app.button if button.label == "번역").click()
    app.run()
    assert not app.exception
    return app


def test_known_gyeongsang_sentence_is_detected_and_changed_into_standard():
    app = translate(page(), "걔가 쫌 쎘어 근데")
    detected = next(metric for metric in app.metric if metric.label == "감지된 방언")
    assert detected.value == "경상도"
    translation = shown_translation(app)
    assert translation != "걔가 쫌 쎘어 근데" and "조금" in translation
    assert any("경상도 → 표준어" in markdown.value for markdown in app.markdown)
    assert app.get("plotly_chart"), "the probability chart is shown"


def test_empty_input_gives_a_message_not_a_crash():
    app = translate(page(), "   ")
    assert any("빈 문장" in error.value for error in app.error)


def test_example_button_fills_the_text_box():
    app = page()
    next(button for button in app.button if "자기 의견이 좋아마씀" in button.label).click()
    app.run()
    assert app.text_area(key="text").value == "자기 의견이 좋아마씀"


def test_beam_candidates_are_reranked_by_default_and_the_sliders_turn_it_off():
    app = page()
    app.selectbox[0].set_value("standard")
    app.selectbox[1].set_value("gyeongsang")
    assert [slider.value for slider in app.slider] == [DIALECT_WEIGHT, HINT_WEIGHT, CHANNEL_WEIGHT]
    translate(app, "어디 가는 거야?")
    assert any("후보 재순위" in caption.value for caption in app.caption)
    for slider in app.slider:
        slider.set_value(0.0)
    translate(app, "어디 가는 거야?")
    assert not any("후보 재순위" in caption.value for caption in app.caption)


def test_the_table_candidate_checkbox_is_on_by_default_and_changes_a_gyeongsang_ending():
    sentence = "감자탕은 어떻게 하나믄 돼지 뼈가지 있잖아 갈비뼈"
    app = page()
    app.selectbox[0].set_value("gyeongsang")
    (checkbox,) = app.checkbox
    assert checkbox.value is True
    assert "하냐면" in shown_translation(translate(app, sentence)).split()
    app.checkbox[0].uncheck()
    assert "하냐면" not in shown_translation(translate(app, sentence)).split()
