"""The router with the shipped models: detection, direct routes, the standard-Korean pivot, long input."""

import pytest

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
