"""Tests of corpus cleaning and user-input checks.

The raw strings are copied verbatim from the files in ../shared/data (AI Hub Gyeongsang, Jeju and
Gangwon, the unlabelled mixed-region file and 우리말샘 opendict examples), so CI needs no data folder.
"""

from __future__ import annotations

import pytest

from dialect.text import (
    MAX_INPUT_CHARS,
    InputError,
    check_input,
    clean_corpus_text,
    hangul_share,
    is_hangul,
    normalize,
    same_words,
)

ARAE_A = "\u318d"  # ㆍ, compatibility jamo
HAN_ARAE_A = "\u1112\u119e\u11ab"  # ᄒᆞᆫ, conjoining jamo with arae-a: no precomposed syllable exists


def dialect(text: str) -> str:
    return clean_corpus_text(text, "dialect")


def standard(text: str) -> str:
    return clean_corpus_text(text, "standard")


# --- fillers, anonymisation and transcription marks (AI Hub) -------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("아~ 십이월 이십육 일이니까 굉장히 추웠죠.", "아 십이월 이십육 일이니까 굉장히 추웠죠."),
        (
            "사람이 힘아리가 없으면은 그~ 운동해 봤자 맨날 그~ 풀만 먹고 어찌 살",
            "사람이 힘아리가 없으면은 그 운동해 봤자 맨날 그 풀만 먹고 어찌 살",
        ),
        ("아~ 거~ 우리 주인 아지망이", "아 거 우리 주인 아지망이"),
    ],
)
def test_tilde_fillers_are_dropped(raw: str, cleaned: str) -> None:
    assert dialect(raw) == cleaned
    assert standard(raw) == cleaned


def test_speaker_tag_is_dropped() -> None:
    assert dialect("1 :그~ 백화점 쪽 있고 옆에 병원 있고") == "그 백화점 쪽 있고 옆에 병원 있고"
    assert dialect(": 참고하겠습니다.") == "참고하겠습니다."


def test_company_name_mark_is_dropped() -> None:
    raw = "이 친구인데 어쨌든 그~ &company-name1& 같이 다녔고"
    assert dialect(raw) == "이 친구인데 어쨌든 그 같이 다녔고"
    assert dialect("근데 이렇게 &company-name5&이나 김치 이런 거는") == "근데 이렇게 김치 이런 거는"


def test_double_ampersand_name_mark_is_dropped() -> None:
    assert dialect("&& 송당 영원히 붙어있고 이신디") == "송당 영원히 붙어있고 이신디"
    assert standard("&& 송당 영원히 붙어있고 있는데") == "송당 영원히 붙어있고 있는데"


def test_particle_glued_to_a_name_mark_goes_with_it() -> None:
    # The old cleaning left an orphan particle: "어제도 랑 이야기할 때", "근데 이가 바본게 있네."
    raw = "어제도 @이름랑 이야기할 때 막 그랬는데 울릉도 우리가  그때였으니까"
    assert dialect(raw) == "어제도 이야기할 때 막 그랬는데 울릉도 우리가 그때였으니까"
    assert dialect("근데 &&이가 바본게 있네.") == "근데 바본게 있네."
    assert (
        dialect("그러다가 &&한테 맡견 어디 어디였더라 무튼 마드리드") == "그러다가 맡견 어디 어디였더라 무튼 마드리드"
    )


def test_word_glued_to_a_name_mark_is_kept() -> None:
    assert dialect("그거 &&마트에 팔거든?") == "그거 마트에 팔거든?"
    assert (
        dialect("회 못 먹어도 저는 회를 못 먹거든요 근데 &company-name4&가서")
        == "회 못 먹어도 저는 회를 못 먹거든요 근데 가서"
    )


def test_name_mark_at_name() -> None:
    assert dialect("어 @이름 니 여행") == "어 니 여행"
    assert standard("어 @이름 너 여행") == "어 너 여행"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        # Shop and address marks used to leave the words 상호명, 상호1 and 주소 in the text.
        (
            "니 갈 일 있으면은 그 인제 읍내군 @상호명이라고 있거든 어~ 거기 한번 먹어봐 맛있다.",
            "니 갈 일 있으면은 그 인제 읍내군 있거든 어 거기 한번 먹어봐 맛있다.",
        ),
        ("어~ 그런데 그니까 처 가 처음으로 @상호1&을 데려갔잖아.", "어 그런데 그니까 처 가 처음으로 데려갔잖아."),
        ("옛날에 @주소에 그~ 종익이는 보이 마이 하드라고", "옛날에 그 종익이는 보이 마이 하드라고"),
        ("그때 얘랑 나랑 원래 둘이 우리 뭐냐 $&?", "그때 얘랑 나랑 원래 둘이 우리 뭐냐?"),
        # A cut company mark used to leave "company" glued to the next word.
        ("지금은 &company바뀌었- 바뀌었더라고요.", "지금은 바뀌었 바뀌었더라고요."),
    ],
)
def test_other_anonymisation_marks(raw: str, cleaned: str) -> None:
    assert dialect(raw) == cleaned


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("배그 뜬다 하길래 @중복발화 그거는 이러면서 인제", "배그 뜬다 하길래 그거는 이러면서 인제"),
        ("@ 웃음 이 생각 했거든.", "이 생각 했거든."),
        (
            "어~ {clearing} 근데 그~ 천구백오십삼 년 영국에서 번역되어 신문에 연재된 적도 있는디",
            "어 근데 그 천구백오십삼 년 영국에서 번역되어 신문에 연재된 적도 있는디",
        ),
        ("xx 액션 그 저기 그게 돼 블잖아.", "액션 그 저기 그게 돼 블잖아."),
        ("그 감저가 고구마라는 얘기는 안ｘｘｘ．", "그 감저가 고구마라는 얘기는 안."),
    ],
)
def test_noise_and_unintelligible_marks_are_dropped(raw: str, cleaned: str) -> None:
    assert dialect(raw) == cleaned


def test_latin_words_with_x_are_kept() -> None:
    assert dialect("엑스박스 xbox 샀어") == "엑스박스 xbox 샀어"


def test_hash_marks_are_dropped() -> None:
    raw = "알바하는데 같이 하는 #행님이 하나 있었는데 그 #행님은 군대를 거기 갔다 왔다."
    assert standard(raw) == "알바하는데 같이 하는 행님이 하나 있었는데 그 행님은 군대를 거기 갔다 왔다."
    assert standard("다른 앞집들에 줘버리고 그렇게 #예 돈 백만원 그 먹으려고 #예") == (
        "다른 앞집들에 줘버리고 그렇게 예 돈 백만원 그 먹으려고 예"
    )


# --- inline (dialect)/(standard) markup (Jeju) ---------------------------------------------------


def test_jeju_markup_is_resolved_per_side() -> None:
    # One row of jeju_aihub: both columns carry the markup.
    raw_dialect = "딸이랑 아들(이신디)/(있는데) 아들은 잘도 어울리는디 약간(촐람생이고)/(촐싹대고)"
    raw_standard = "딸이랑 아들(이신디)/(있는데) 아들은 잘 어울리는데 약간(촐람생이고)/(촐싹대고)"
    assert dialect(raw_dialect) == "딸이랑 아들이신디 아들은 잘도 어울리는디 약간촐람생이고"
    assert standard(raw_standard) == "딸이랑 아들있는데 아들은 잘 어울리는데 약간촐싹대고"
    assert "있는데" not in dialect(raw_dialect)
    assert "이신디" not in standard(raw_standard)


def test_markup_with_spaces_and_punctuation_inside() -> None:
    raw = "오래 안(만났신가?)/(만났나?) 오래 만났지(않?)/(않아?) 나 오래만난걸로 알고 있신디"
    assert dialect(raw) == "오래 안만났신가? 오래 만났지않? 나 오래만난걸로 알고 있신디"
    assert standard(raw) == "오래 안만났나? 오래 만났지않아? 나 오래만난걸로 알고 있신디"
    assert standard("괜잖(댄)/(다고 하더라) 완전 괜찮(댄)/(다고 하더라)") == "괜잖다고 하더라 완전 괜찮다고 하더라"


@pytest.mark.parametrize(
    ("raw", "dialect_side", "standard_side"),
    [
        # Pairs written without the slash, with a space, or with two slashes used to be glued together
        # ("디데로", "느껸.느꼈어.") or kept both alternatives ("아이라. 아이야.").
        ("그 들어간 디 들어간 (디)(데)로 보여", "그 들어간 디 들어간 디로 보여", "그 들어간 디 들어간 데로 보여"),
        ("나 겅 겅 (느껸.)(느꼈어.) 딱 보고", "나 겅 겅 느껸. 딱 보고", "나 겅 겅 느꼈어. 딱 보고"),
        ("독특하댄 더 독특한 (아이라.)//(아이야.)", "독특하댄 더 독특한 아이라.", "독특하댄 더 독특한 아이야."),
        ("아 기구나 오믄 (티 날껀가?) (티 나려나?)", "아 기구나 오믄 티 날껀가?", "아 기구나 오믄 티 나려나?"),
    ],
)
def test_markup_pair_variants(raw: str, dialect_side: str, standard_side: str) -> None:
    assert dialect(raw) == dialect_side
    assert standard(raw) == standard_side


def test_unclosed_bracket_word_is_dropped_from_the_standard_side() -> None:
    # Gyeongsang: the dialect side lost the word (double space), the standard side kept "(쫌".
    raw_dialect = "와 근데 니는 그래도 비싼 데 있다가 싼 데로 와가지고  더 나아 뭐~ 사 먹고 하는데?"
    raw_standard = "와 근데 너는 그래도 비싼 데 있다가 싼 데로 와가지고 (쫌 더 나아 뭐~ 사 먹고 하는데?"
    assert dialect(raw_dialect) == "와 근데 니는 그래도 비싼 데 있다가 싼 데로 와가지고 더 나아 뭐 사 먹고 하는데?"
    assert standard(raw_standard) == "와 근데 너는 그래도 비싼 데 있다가 싼 데로 와가지고 더 나아 뭐 사 먹고 하는데?"
    assert standard("나도 너 걱정하고 (그라면 된다.") == "나도 너 걱정하고 된다."
    assert standard("안 탈 경우에는 그러면 (어야는공 (어떻해") == "안 탈 경우에는 그러면"


def test_unclosed_bracket_keeps_the_word_on_the_dialect_side() -> None:
    assert dialect("나도 니 걱정하고 (그라면 된다.") == "나도 니 걱정하고 그라면 된다."
    # A bracket closed by "]" is not an unclosed word.
    raw = "거기서 그런 그 얘기를 시작으로 헤어졌다는 거는 그 남자애가( (잘 못 했다는 거거든]"
    assert standard(raw) == "거기서 그런 그 얘기를 시작으로 헤어졌다는 거는 그 남자애가 잘 못 했다는 거거든"


def test_slash_remnants_become_spaces() -> None:
    assert standard("저번 겨울이 별로 안 추웠지/아이가/않냐") == "저번 겨울이 별로 안 추웠지 아이가 않냐"


def test_unknown_side_is_an_error() -> None:
    with pytest.raises(ValueError, match="side"):
        clean_corpus_text("아들(이신디)/(있는데)", "jeju")


# --- opendict, full-width characters, spacing ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("너 성아가 겡찰이가 ?", "너 성아가 겡찰이가?"),
        ("너희 형이 경찰이냐 ?", "너희 형이 경찰이냐?"),
        (
            "식당 안은 저녁 늦게까지 연기 내음 , 고기 내음 , 시끄러운 소리로 가득했다.",
            "식당 안은 저녁 늦게까지 연기 내음, 고기 내음, 시끄러운 소리로 가득했다.",
        ),
    ],
)
def test_opendict_spaced_punctuation_is_reattached(raw: str, cleaned: str) -> None:
    assert dialect(raw) == cleaned


@pytest.mark.parametrize(
    "raw",
    [
        "요즘 진짜 깔롱쟁이들은 옷보다 그림을 산다.≪조선일보 2016년 10월≫",
        "요즘 진짜 깔롱쟁이들은 옷보다 그림을 산다.≪조선일보 2016년 10월",  # cut before the closing mark
    ],
)
def test_opendict_source_citation_is_dropped(raw: str) -> None:
    assert dialect(raw) == "요즘 진짜 깔롱쟁이들은 옷보다 그림을 산다."


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (
            "아니 제주어가 은근히 실용성이 좋아. 생각보다. 아닌가？",
            "아니 제주어가 은근히 실용성이 좋아. 생각보다. 아닌가?",
        ),
        ("얘기해봐 무신 일이야？", "얘기해봐 무신 일이야?"),
        ("ＯＫ　알았어", "OK 알았어"),
    ],
)
def test_full_width_characters_become_ascii(raw: str, cleaned: str) -> None:
    assert normalize(raw) == cleaned
    assert dialect(raw) == cleaned


def test_doubled_spaces_are_collapsed() -> None:
    raw = "나는 머 하나를 하면은 끝까지  하던지 아니면 아니라고"
    assert dialect(raw) == "나는 머 하나를 하면은 끝까지 하던지 아니면 아니라고"
    assert normalize("  경상도\t말  \n 이다 ") == "경상도 말 이다"


def test_normalize_composes_to_nfc() -> None:
    decomposed = "\u1100\u1161\u11ab"  # 간 as conjoining jamo
    assert normalize(decomposed) == "간"


def test_normalize_of_none_is_empty() -> None:
    assert normalize(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [f"{HAN_ARAE_A} 일", f"{ARAE_A} 아래아", f"ᄆᆞᆯ {HAN_ARAE_A}", f"{HAN_ARAE_A}{ARAE_A}"],
)
def test_jeju_arae_a_survives_cleaning(text: str) -> None:
    assert normalize(text) == text
    assert dialect(text) == text
    assert standard(text) == text
    assert HAN_ARAE_A in normalize(text) or ARAE_A in normalize(text)


def test_arae_a_counts_as_hangul() -> None:
    assert is_hangul(ARAE_A)
    assert all(is_hangul(char) for char in HAN_ARAE_A)
    assert hangul_share(HAN_ARAE_A) == 1.0


# --- same_words and hangul_share -----------------------------------------------------------------


def test_same_words_ignores_spacing_and_punctuation() -> None:
    assert same_words("너 성아가 겡찰이가 ?", "너 성아가 겡찰이가?")
    assert same_words("아~ 십이월 이십육 일이니까", "아 십이월이십육 일이니까!")


def test_same_words_sees_changed_words() -> None:
    assert not same_words("간다고 억수로 들떴는데 그죠?", "간다고 대단히 들떴는데 그죠?")
    assert not same_words("추웠죠", "추웠죠 정말")


def test_hangul_share() -> None:
    assert hangul_share("경상도") == 1.0
    assert hangul_share("카톡 OK?") == 0.5
    assert hangul_share("hello") == 0.0
    assert hangul_share("123 ?!") == 0.0
    assert hangul_share("") == 0.0


# --- check_input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n ", "\u3000"])
def test_check_input_rejects_empty_text(text: str) -> None:
    with pytest.raises(InputError, match="빈 문장"):
        check_input(text)


def test_check_input_rejects_too_long_text() -> None:
    with pytest.raises(InputError, match="너무 깁니다") as error:
        check_input("가" * (MAX_INPUT_CHARS + 1))
    assert "5,001" in str(error.value)
    assert "5,000" in str(error.value)


def test_check_input_accepts_text_at_the_limit() -> None:
    assert check_input("가" * MAX_INPUT_CHARS) == "가" * MAX_INPUT_CHARS


@pytest.mark.parametrize("text", ["Hello, how are you?", "😀😀😀", "👍 OK!!", "12345"])
def test_check_input_rejects_non_korean_text(text: str) -> None:
    with pytest.raises(InputError, match="not Korean"):
        check_input(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("카톡 OK?", "카톡 OK?"),
        ("  밥 뭇나?  ", "밥 뭇나?"),
        ("오늘 날씨 좋다 😀", "오늘 날씨 좋다 😀"),
        ("ᄒᆞᆫ 일", "ᄒᆞᆫ 일"),
    ],
)
def test_check_input_accepts_korean_and_mixed_text(text: str, expected: str) -> None:
    assert check_input(text) == expected


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError)
