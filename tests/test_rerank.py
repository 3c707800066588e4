"""Reranking beam candidates: the combined score, the pick and the hint count."""

import math

from dialect.rerank import Candidate, RerankWeights, best_candidate, hints_followed

CANDIDATES = [
    Candidate("밥 먹었어요?", -0.20, dialect_probability=0.1),
    Candidate("밥 먹었어예?", -0.35, dialect_probability=0.9),
    Candidate("밥 뭇나?", -0.90, dialect_probability=0.99),
]


def test_zero_weights_keep_the_models_best_candidate():
    assert best_candidate(CANDIDATES, RerankWeights(dialect=0, hints=0)) == "밥 먹었어요?"


def test_a_nearly_as_likely_but_more_dialectal_candidate_wins():
    assert best_candidate(CANDIDATES, RerankWeights(dialect=0.25, hints=0)) == "밥 먹었어예?"


def test_a_large_dialect_weight_follows_the_classifier():
    assert best_candidate(CANDIDATES, RerankWeights(dialect=10, hints=0)) == "밥 뭇나?"


def test_zero_probability_is_floored_and_loses():
    empty = Candidate("", -0.1, dialect_probability=0.0)
    assert math.isfinite(empty.score(RerankWeights(dialect=1)))
    assert best_candidate([empty, CANDIDATES[1]], RerankWeights(dialect=0.25)) == "밥 먹었어예?"


def test_ties_go_to_the_models_order():
    assert best_candidate([Candidate("가", -0.5), Candidate("나", -0.5)], RerankWeights()) == "가"


def test_hints_followed_counts_applied_minus_ignored_hints():
    hints = [("혀", "해"), ("소루", "서로"), ("그닷하게", "그렇게")]
    assert hints_followed(hints, "이야기가 서로 엇갈리기만 해 왔습니다.") == 2
    assert hints_followed(hints, "이야기가 서로 엇갈리기만 혀 왔습니다.") == 0
    assert hints_followed([("나래비", "해 줄")], "지도를 해 줄 경우") == 1


def test_a_candidate_that_follows_the_hints_wins_with_a_hint_weight():
    hints = [("혀", "해")]
    kept = Candidate("그렇게 혀 볼께요.", -0.30, hints_followed=hints_followed(hints, "그렇게 혀 볼께요."))
    followed = Candidate("그렇게 해 볼께요.", -0.45, hints_followed=hints_followed(hints, "그렇게 해 볼께요."))
    assert best_candidate([kept, followed], RerankWeights(dialect=0, hints=0)) == "그렇게 혀 볼께요."
    assert best_candidate([kept, followed], RerankWeights(dialect=0, hints=0.5)) == "그렇게 해 볼께요."


def test_the_table_candidate_competes_only_when_the_weights_allow_it():
    beam = Candidate("그렇게 혀 볼께요.", -0.30, hints_followed=0)
    table = Candidate("그렇게 해 볼께요.", -0.40, hints_followed=1, from_table=True)
    assert best_candidate([beam, table], RerankWeights(dialect=0, hints=0.25)) == "그렇게 해 볼께요."
    without = RerankWeights(dialect=0, hints=0.25, table_candidate=False)
    assert best_candidate([beam, table], without) == "그렇게 혀 볼께요."


def test_the_channel_weight_prefers_the_candidate_the_reverse_model_explains():
    corrupted = Candidate("한번 한내 줄까?", -0.20, channel_score=-1.6)
    faithful = Candidate("한번 혼내 줄까?", -0.30, channel_score=-0.4)
    assert best_candidate([corrupted, faithful], RerankWeights(channel=0)) == "한번 한내 줄까?"
    assert best_candidate([corrupted, faithful], RerankWeights(channel=0.25)) == "한번 혼내 줄까?"
