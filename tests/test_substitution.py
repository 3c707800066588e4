"""Tests of the eojeol substitution table, on real Gyeongsang pairs from the AI Hub training split."""

from __future__ import annotations

from dialect.substitution import SubstitutionTable, split_word

# Real (dialect, standard) pairs copied from data/corpus/translation/gyeongsang.train.tsv.
PAIRS = [
    ("간다고 억수로 들떴는데 그죠?", "간다고 대단히 들떴는데 그죠?"),
    ("왜냐하면 요즘에는 잘 때 억수로 잘 떨어진다 카데.", "왜냐하면 요즘에는 잘 때 대단히 잘 떨어진다 하데."),
    ("그리구 우리 억수로 잘 땄데이.", "그리고 우리 대단히 잘 땄다."),
    ("그래 갖고 그때 억수로 고생했거든.", "그래 갖고 그때 대단히 고생했거든."),
    ("다른 거 비해서 억수로 어려운 거 많거든.", "다른 거 비해서 대단히 어려운 거 많거든."),
    ("하고 억수로 또 얇아 또", "하고 엄청나게 또 얇아 또"),
]
# 억수로 rendered three ways by the annotators (real pairs too): 대단히 holds 2 of 5.
MIXED = [
    ("그래 갖고 그때 억수로 고생했거든.", "그래 갖고 그때 대단히 고생했거든."),
    ("다른 거 비해서 억수로 어려운 거 많거든.", "다른 거 비해서 대단히 어려운 거 많거든."),
    (
        "집 있는 사람 없는 사람 상대적인 박탈감이 억수로 심하잖아.",
        "집 있는 사람 없는 사람 상대적인 박탈감이 엄청 심하잖아.",
    ),
    ("그래 미국으로 가 가주고 자기 누나가 억수로 부자였다", "그래 미국으로 가 가지고 자기 누나가 엄청 부자였다"),
    ("약 그거 먹었는데 나도 억수로 맛있더라고", "약 그거 먹었는데 나도 굉장히 맛있더라고"),
]


def test_dialect_word_is_replaced_and_unknown_words_copied() -> None:
    table = SubstitutionTable.build(PAIRS)
    assert table.translate("억수로 맛있다 카데") == "대단히 맛있다 하데"
    assert table.translate("오늘 날씨가 좋네") == "오늘 날씨가 좋네"


def test_punctuation_is_kept_around_the_replacement() -> None:
    table = SubstitutionTable.build(PAIRS)
    assert split_word("억수로?!") == ("", "억수로", "?!")
    assert table.translate("억수로?! 그리구") == "대단히?! 그리고"
    assert table.hints("억수로 억수로, 좋네") == [("억수로", "대단히")]


def test_identity_words_get_no_entry() -> None:
    table = SubstitutionTable.build(PAIRS)
    assert "그때" not in table.entries
    assert "억수로" in table.entries


def test_min_share_rule() -> None:
    assert "억수로" not in SubstitutionTable.build(MIXED).entries  # 2/5 < 0.5: copied
    assert SubstitutionTable.build(MIXED).translate("억수로 많다") == "억수로 많다"
    assert SubstitutionTable.build(MIXED, min_share=0.4).entries["억수로"] == "대단히"


def test_keeping_the_word_wins_a_tie() -> None:
    table = SubstitutionTable.build([("마 가자", "마 가자"), ("마 가자", "그만 가자")])
    assert "마" not in table.entries
    table = SubstitutionTable.build([("마 가자", "마 가자"), ("마 가자", "그만 가자"), ("마 됐다", "그만 됐다")])
    assert table.entries["마"] == "그만"


def test_pairs_with_different_word_counts_are_skipped() -> None:
    table = SubstitutionTable.build([("억수로 많다 아이가", "대단히 많지 않냐 그치")])
    assert len(table) == 0


def test_reverse_direction() -> None:
    table = SubstitutionTable.build((standard, dialect) for dialect, standard in PAIRS)
    assert table.translate("대단히 잘 떨어진다 하데.") == "억수로 잘 떨어진다 카데."


def test_lexicon_fills_gaps_but_pair_evidence_wins() -> None:
    lexicon = [("억수로", "엄청"), ("데꼬온", "데리고 온"), ("뭐시긴가.", "무엇인가."), ("두 단어", "두단어")]
    table = SubstitutionTable.build(PAIRS, lexicon)
    assert table.entries["억수로"] == "대단히"
    assert table.translate("데꼬온 뭐시긴가?") == "데리고 온 무엇인가?"
    assert "두" not in table.entries and "두 단어" not in table.entries


def test_save_and_load_round_trip(tmp_path) -> None:
    table = SubstitutionTable.build(PAIRS, min_share=0.6)
    path = tmp_path / "table.json"
    table.save(path)
    loaded = SubstitutionTable.load(path)
    assert loaded.entries == table.entries and loaded.min_share == 0.6
