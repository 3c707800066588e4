"""The router with the shipped models: detection, direct routes, the standard-Korean pivot, long input."""

from dataclasses import replace

import pytest

from dialect.rerank import HINT_WEIGHT, RERANK_CANDIDATES, RerankWeights
from dialect.router import Router, RouteUnavailable
from dialect.text import InputError


@pytest.fixture(scope="module")
def router() -> Router:
    return Router.from_registry()


def test_same_source_and_target_returns_the_input_unchanged(router):
    result = router.translate("자기 의견이 좋아마씀", target="jeju", source="jeju")
    assert result.translation == "자기 의견이 좋아마씀"
    assert result.route == ["jeju"] and result.hops == []


def test_gyeongsang_to_jeju_pivots_through_standard(router):
    result = router.translate("걔가 쫌 쎘어 근데", target="jeju", source="gyeongsang")
    assert result.route == ["gyeongsang", "standard", "jeju"]
    assert [(hop.source, hop.target) for hop in result.hops] == [("gyeongsang", "standard"), ("standard", "jeju")]
    assert result.hops[1].output == result.translation
    assert result.route_korean() == "경상도 → 표준어 → 제주도"
    assert set(result.timings) == {"gyeongsang->standard", "standard->jeju"}


def test_each_hop_reports_the_lexicon_hints_its_model_was_given(router):
    result = router.translate("걔가 쫌 쎘어 근데", target="standard", source="gyeongsang")
    (hop,) = result.hops
    assert ("쫌", "조금") in hop.hints
    assert "쫌" not in result.translation.split()


STANDARD_SENTENCES = ["밥 먹었어요?", "어디 가는 거야?", "그 사람이 그렇게 말했어.", "정말 고맙습니다."]


def test_reranking_into_a_dialect_never_picks_a_less_dialectal_candidate_than_the_top_beam(router):
    (hop,) = router.registry.plan("standard", "gyeongsang")
    dialect_only = RerankWeights(dialect=0.25, hints=0)
    top = [row[0].text for row in router.candidates(hop, STANDARD_SENTENCES)]
    reranked = router.translate_hop(hop, STANDARD_SENTENCES, rerank=dialect_only)
    before = router.dialect_probabilities(top, "gyeongsang")
    after = router.dialect_probabilities(reranked, "gyeongsang")
    assert all(a >= b - 1e-6 for a, b in zip(after, before, strict=True))
    assert any(a > b + 0.1 for a, b in zip(after, before, strict=True)), "reranking changed nothing"


def test_hint_reranking_follows_more_hints_than_the_top_beam(router):
    (hop,) = router.registry.plan("gangwon", "standard")
    sentences = [
        "이렇게 앗사리 득이 되는구나.",
        "왜 노박 내가 어려운 일을 해야 해?",
        "메감지가 선홍색을 띤 생선이 신선한 것래요.",
    ]
    ranked = router.candidates(hop, sentences, with_table=False)
    hints_only = RerankWeights(dialect=0, hints=HINT_WEIGHT, table_candidate=False)
    reranked = router.translate_hop(hop, sentences, rerank=hints_only)
    followed = {candidate.text: candidate.hints_followed for row in ranked for candidate in row}
    assert all(followed[pick] >= row[0].hints_followed for pick, row in zip(reranked, ranked, strict=True))
    assert sum(followed[pick] for pick in reranked) > sum(row[0].hints_followed for row in ranked)


def test_into_gyeongsang_wh_questions_take_the_ga_ending(router):
    for question in ("어디 가는 거야?", "언제 올 거야?"):
        translation = router.translate(question, target="gyeongsang", source="standard").translation
        assert translation.endswith("거가?") and router.classifier.predict_one(translation).region == "gyeongsang"


def test_the_model_scores_an_output_exactly_as_its_beam_search_did(router):
    (hop,) = router.registry.plan("gyeongsang", "standard")
    table = router.hint_table(hop.hints)
    texts = ["니 어데 가노?", "억수로 좋다 아이가", "밥 뭇나? 내는 아직 안 뭇다"]
    best = [row[0] for row in router.translator(hop.model).candidates(texts, hop.prefix, 4, 1, table)]
    scores = router.translator(hop.model).scores(texts, [text for text, _ in best], hop.prefix, table)
    assert scores == pytest.approx([score for _, score in best], abs=1e-4)


def test_into_standard_the_table_translation_is_one_more_candidate_scored_by_the_model(router):
    (hop,) = router.registry.plan("jeju", "standard")
    table = router.hint_table(hop.hints)
    texts = ["혼저 옵서예.", "이거 무사 영 해수과?", "어디 감수광?"]
    for text, row in zip(texts, router.candidates(hop, texts), strict=True):
        tabled = [candidate for candidate in row if candidate.from_table]
        beams = [candidate.text for candidate in row if not candidate.from_table]
        assert len(beams) == RERANK_CANDIDATES
        if table.translate(text) in beams:
            assert tabled == []
        else:
            (candidate,) = tabled
            assert candidate.text == table.translate(text) and candidate.model_score < 0


def test_into_a_dialect_no_table_candidate_is_drawn(router):
    (hop,) = router.registry.plan("standard", "jeju")
    assert not any(candidate.from_table for row in router.candidates(hop, STANDARD_SENTENCES) for candidate in row)


def test_the_table_candidate_fixes_a_gyeongsang_ending_the_beams_miss(router):
    sentence = "감자탕은 어떻게 하나믄 돼지 뼈가지 있잖아 갈비뼈"
    with_table = router.translate(sentence, target="standard", source="gyeongsang").translation
    no_table = RerankWeights(table_candidate=False)
    without = router.translate(sentence, "standard", "gyeongsang", rerank=no_table).translation
    assert "하냐면" in with_table.split() and "하나믄" not in with_table.split()
    assert "하냐면" not in without.split()


def test_only_candidates_into_standard_get_a_reverse_route_score(router):
    (into_standard,) = router.registry.plan("jeju", "standard")
    (into_jeju,) = router.registry.plan("standard", "jeju")
    assert router.reverse_hop(into_standard) == router.registry.plan("standard", "jeju")[0]
    assert router.reverse_hop(into_jeju) is None
    assert all(c.channel_score < 0 for row in router.candidates(into_standard, ["혼저 옵서예."]) for c in row)
    assert all(c.channel_score == 0 for row in router.candidates(into_jeju, STANDARD_SENTENCES) for c in row)


def test_the_reverse_route_keeps_gangwon_words_the_beams_corrupt(router):
    kept_words = {"함 혼내 줄까?": "혼내", "너란 녀석은 행핀 없구나.": "너란", "해가 막 저물고 논다.": "해가"}
    no_channel = replace(router.rerank, channel=0)
    for sentence, word in kept_words.items():
        with_channel = router.translate(sentence, "standard", "gangwon").translation
        without = router.translate(sentence, "standard", "gangwon", rerank=no_channel).translation
        assert word in with_channel.split() and word not in without.split()


def test_gangwon_hyeo_becomes_hae_when_the_hint_counts(router):
    result = router.translate("그닷하게 혀 볼께요.", target="standard", source="gangwon")
    assert ("혀", "해") in result.hops[0].hints
    assert "해" in result.translation.split() and "혀" not in result.translation.split()


def test_reranking_is_reported_per_hop_and_zero_weights_turn_it_off(router):
    result = router.translate("걔가 쫌 쎘어 근데", target="jeju", source="gyeongsang")
    assert [hop.reranked for hop in result.hops] == [True, True]
    off = RerankWeights(dialect=0, hints=0, channel=0)
    plain = router.translate("걔가 쫌 쎘어 근데", target="jeju", source="gyeongsang", rerank=off)
    assert [hop.reranked for hop in plain.hops] == [False, False]
    (hop,) = router.registry.plan("standard", "jeju")
    table = router.hint_table(hop.hints)
    greedy = router.translator(hop.model).translate([plain.hops[0].output], hop.prefix, hints=table)
    assert plain.translation == greedy[0]


def test_auto_detection_reports_the_region_and_its_confidence(router):
    result = router.translate("걔가 쫌 쎘어 근데", target="standard")
    assert result.detected is not None and result.detected.region == "gyeongsang"
    assert result.source == "gyeongsang"
    assert abs(sum(result.detected.scores.values()) - 1) < 1e-4
    assert "classify" in result.timings


def test_long_input_is_translated_piece_by_piece(router):
    text = " ".join(["걔가 쫌 쎘어 근데"] * 60)
    result = router.translate(text, target="standard", source="gyeongsang")
    assert len(result.translation) > len(text) // 2


def test_bad_input_and_unknown_routes_raise_clear_errors(router):
    with pytest.raises(InputError, match="빈 문장"):
        router.translate("  ", target="standard")
    with pytest.raises(InputError, match="한국어"):
        router.translate("just English here", target="standard")
    with pytest.raises(RouteUnavailable, match="전라도"):
        router.translate("걔가 쫌 쎘어 근데", target="standard", source="jeolla")
