"""Splitting long input into pieces and joining it back."""

from dialect.pieces import join_pieces, split_pieces


def test_short_sentence_is_one_piece():
    assert split_pieces("내가 돈을 달라 했나?") == ["내가 돈을 달라 했나?"]


def test_sentences_are_split_at_their_ends():
    assert split_pieces("밥 뭇나? 억수로 맛있데이. 니도 무라.") == ["밥 뭇나?", "억수로 맛있데이.", "니도 무라."]


def test_long_text_becomes_pieces_under_the_limit_without_losing_words():
    text = " ".join(["간다고 억수로 들떴는데 그죠"] * 400)
    pieces = split_pieces(text, max_chars=120)
    assert len(pieces) > 10
    assert all(len(piece) <= 120 for piece in pieces)
    assert join_pieces(pieces).split() == text.split()


def test_long_sentence_is_split_at_commas_first():
    clause = "그 아이들 벌겅한 물 " * 8
    pieces = split_pieces(f"{clause.strip()}, {clause.strip()}.", max_chars=100)
    assert pieces[0].endswith(",")
