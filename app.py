"""Translate page: detect the dialect of a sentence and translate it (streamlit run app.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dialect.charts import probability_bar
from dialect.examples import EXAMPLES
from dialect.regions import REGIONS, korean_name
from dialect.registry import Registry
from dialect.rerank import (
    CHANNEL_WEIGHT,
    DIALECT_WEIGHT,
    HINT_WEIGHT,
    RERANK_CANDIDATES,
    TABLE_CANDIDATE,
    RerankWeights,
)
from dialect.router import AUTO, Router, RouteUnavailable, TranslationResult
from dialect.text import InputError
from dialect.upload import read_sentences

LOW_CONFIDENCE = 0.6

st.set_page_config(page_title="한국어 방언 번역기", page_icon="🗣️", layout="wide")


@st.cache_resource(show_spinner="모델을 불러오는 중입니다… (loading models)")
def load_router() -> Router:
    """One router per process; every model is loaded once, on the first page view."""
    router = Router.from_registry()
    router.load_all()
    return router


def show_result(result: TranslationResult) -> None:
    """The translation, the detected region with its probabilities, the route and the models."""
    st.subheader("번역 결과")
    st.markdown(f"### {result.translation}")
    left, right = st.columns([1, 1])
    with left:
        if result.detected is not None:
            detected = result.detected
            st.metric(
                "감지된 방언", korean_name(detected.region), f"신뢰도 {detected.confidence:.1%}", delta_color="off"
            )
            if detected.confidence < LOW_CONFIDENCE:
                runner_up, score = detected.runner_up()
                st.warning(
                    f"신뢰도가 낮습니다. 두 번째 후보는 {korean_name(runner_up)} ({score:.1%})입니다. "
                    "출발 방언을 직접 골라 보세요."
                )
        else:
            st.metric("출발 방언 (지정)", korean_name(result.source))
        st.markdown(f"**경로:** {result.route_korean()}")
        if result.hops:
            st.markdown("**사용한 모델:** " + ", ".join(f"`{hop.model.split('/')[-1]}`" for hop in result.hops))
            for hop in result.hops:
                hints = ", ".join(f"{word}→{replacement}" for word, replacement in hop.hints)
                st.caption(
                    f"{korean_name(hop.source)} → {korean_name(hop.target)}: {hop.output} ({hop.seconds * 1000:.0f} ms)"
                    + (f" · 사전 힌트: {hints}" if hints else "")
                    + (" · 후보 재순위" if hop.reranked else "")
                )
        else:
            st.caption("출발 방언과 목표 방언이 같아 입력을 그대로 돌려줍니다.")
    with right:
        if result.detected is not None:
            st.plotly_chart(probability_bar(result.detected), width="stretch")


def translate_file(router: Router, target: str, source: str, beams: int, rerank: RerankWeights) -> None:
    """File mode: every line of an uploaded TXT/CSV is translated, with progress and a CSV download."""
    upload = st.file_uploader("TXT 또는 CSV 파일 (한 줄에 한 문장)", type=["txt", "csv"])
    if upload is None:
        return
    sentences, problems = read_sentences(upload)
    for problem in problems:
        st.error(problem.message)
    if not sentences or not st.button("파일 번역", type="primary"):
        return
    progress = st.progress(0.0, text="번역 중…")
    rows = []
    for index, sentence in enumerate(sentences, start=1):
        try:
            result = router.translate(sentence, target, source, num_beams=beams, rerank=rerank)
            rows.append(
                {
                    "원문": sentence,
                    "감지": korean_name(result.source),
                    "번역": result.translation,
                    "경로": result.route_korean(),
                    "오류": "",
                }
            )
        except (InputError, RouteUnavailable) as error:
            rows.append({"원문": sentence, "감지": "", "번역": "", "경로": "", "오류": str(error)})
        progress.progress(index / len(sentences), text=f"{index}/{len(sentences)}")
    table = pd.DataFrame(rows)
    st.dataframe(table, width="stretch")
    st.download_button("CSV 내려받기", table.to_csv(index=False).encode("utf-8-sig"), "translations.csv", "text/csv")


def translate_page() -> None:
    """The Translate page."""
    st.title("한국어 방언 번역기")
    st.caption("문장의 방언을 감지하고 표준어나 다른 방언으로 번역합니다. 방언 → 방언은 표준어를 거칩니다.")
    registry = Registry.load()
    missing = registry.missing_models()
    if missing:
        st.info(
            "모델이 아직 학습되지 않았습니다 (models are not trained yet): "
            + ", ".join(f"`{path}`" for path in missing)
            + ". README의 'Retrain the models'를 따라 학습하세요."
        )
        st.markdown("지원 지역: " + ", ".join(f"{region.korean} (`{region.code}`)" for region in REGIONS))
        return
    router = load_router()
    targets = registry.targets()
    sources = [AUTO, *[code for code in targets]]
    with st.sidebar:
        source = st.selectbox("출발 방언", sources, format_func=lambda c: "자동 감지" if c == AUTO else korean_name(c))
        target = st.selectbox("목표 방언", targets, format_func=korean_name)
        beams = st.radio("디코딩", [1, 4], format_func=lambda b: "greedy" if b == 1 else f"beam {b}", horizontal=True)
        with st.expander("빔 후보 재순위 (reranking)"):
            st.caption(
                f"빔 후보 {RERANK_CANDIDATES}개를 `log p(번역) + λ·log p(목표 방언) + μ·(따른 사전 힌트 수) "
                "+ ν·log p(원문 | 번역)`로 다시 고릅니다. 0이면 끕니다. 표준어로 번역할 때는 단어 대역표의 번역도 "
                "후보로 겨루고, 역방향 모델이 번역에서 원문을 얼마나 잘 되살리는지(ν)도 봅니다."
            )
            rerank = RerankWeights(
                dialect=st.slider("방언 가중치 λ (방언으로 번역할 때)", 0.0, 1.0, DIALECT_WEIGHT, 0.05),
                hints=st.slider("사전 힌트 가중치 μ", 0.0, 2.0, HINT_WEIGHT, 0.1),
                table_candidate=st.checkbox("대역표 번역을 후보에 넣기 (표준어로)", value=TABLE_CANDIDATE),
                channel=st.slider("역방향 가중치 ν (표준어로 번역할 때)", 0.0, 1.0, CHANNEL_WEIGHT, 0.05),
            )
    sentence_tab, file_tab, history_tab = st.tabs(["문장", "파일", "기록"])
    with sentence_tab:
        st.write("예문:")
        columns = st.columns(len(EXAMPLES))
        for column, (region, sentences) in zip(columns, EXAMPLES.items(), strict=True):
            with column:
                for example in sentences:
                    if st.button(f"{korean_name(region)}: {example}", key=f"example-{example}"):
                        st.session_state["text"] = example
        text = st.text_area("문장", key="text", height=100, placeholder="예: 걔가 쫌 쎘어 근데")
        if st.button("번역", type="primary"):
            try:
                result = router.translate(text, target, source, num_beams=beams, rerank=rerank)
            except (InputError, RouteUnavailable) as error:
                st.error(str(error))
            else:
                st.session_state.setdefault("history", []).append(
                    {
                        "원문": result.text,
                        "감지": korean_name(result.source),
                        "번역": result.translation,
                        "경로": result.route_korean(),
                    }
                )
                show_result(result)
    with file_tab:
        translate_file(router, target, source, beams, rerank)
    with history_tab:
        history = st.session_state.get("history", [])
        if history:
            st.dataframe(pd.DataFrame(history[::-1]), width="stretch")
        else:
            st.caption("이 세션에서 번역한 문장이 여기에 쌓입니다.")


PAGES = Path(__file__).resolve().parent / "pages"
navigation = st.navigation(
    [
        st.Page(translate_page, title="번역 (Translate)", url_path="translate", default=True),
        st.Page(PAGES / "1_Train.py", title="학습 (Train)", url_path="train"),
        st.Page(PAGES / "2_Experiments.py", title="실험 (Experiments)", url_path="experiments"),
    ]
)
navigation.run()
