"""Tests of region codes and of parsing what users write for a region."""

from __future__ import annotations

import pytest

from dialect.regions import BY_CODE, CODES, REGIONS, korean_name, parse_region


def test_codes_are_the_documented_ones() -> None:
    assert CODES == ("standard", "gyeongsang", "jeju", "gangwon", "jeolla", "chungcheong")
    assert set(BY_CODE) == set(CODES)
    assert all(BY_CODE[region.code] is region for region in REGIONS)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("표준어", "standard"),
        ("경상도", "gyeongsang"),
        ("제주도", "jeju"),
        ("강원도", "gangwon"),
        ("전라도", "jeolla"),
        ("충청도", "chungcheong"),
        ("경상남도", "gyeongsang"),
        ("전북", "jeolla"),
        ("서울말", "standard"),
        ("제주방언", "jeju"),
    ],
)
def test_korean_names(name: str, code: str) -> None:
    assert parse_region(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("표준", "standard"),
        ("경상", "gyeongsang"),
        ("제주", "jeju"),
        ("강원", "gangwon"),
        ("전라", "jeolla"),
        ("충청", "chungcheong"),
    ],
)
def test_short_korean_names(name: str, code: str) -> None:
    assert parse_region(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Standard Korean", "standard"),
        ("Gyeongsang", "gyeongsang"),
        ("Jeju", "jeju"),
        ("Gangwon", "gangwon"),
        ("Jeolla", "jeolla"),
        ("Chungcheong", "chungcheong"),
        ("Kyungsang", "gyeongsang"),
        ("Cheju", "jeju"),
        ("Kangwon", "gangwon"),
        ("Cholla", "jeolla"),
    ],
)
def test_english_names(name: str, code: str) -> None:
    assert parse_region(name) == code


@pytest.mark.parametrize("code", ["standard", "gyeongsang", "jeju", "gangwon", "jeolla", "chungcheong", "std"])
def test_codes_parse_to_themselves(code: str) -> None:
    assert parse_region(code) == ("standard" if code == "std" else code)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("  경상도  ", "gyeongsang"),
        ("경상 도", "gyeongsang"),
        ("제 주", "jeju"),
        ("GYEONGSANG", "gyeongsang"),
        ("gyeongsang-do", "gyeongsang"),
        ("Gyeongsang_do", "gyeongsang"),
        ("Gyeongsang do", "gyeongsang"),
        ("gyeongsangdo", "gyeongsang"),
        ("Jeju-Do", "jeju"),
        ("standard korean", "standard"),
        ("ｊｅｊｕ", "jeju"),
        ("\u1100\u1167\u11bc\u1109\u1161\u11bc", "gyeongsang"),  # 경상 as conjoining jamo (NFD)
    ],
)
def test_spacing_case_and_form_variants(name: str, code: str) -> None:
    assert parse_region(name) == code


@pytest.mark.parametrize("name", ["평안도", "Pyongan", "", "   ", "경상도 사투리", "gyeong"])
def test_unknown_name_raises_listing_accepted_values(name: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_region(name)
    message = str(error.value)
    assert f"'{name}'" in message
    for region in REGIONS:
        assert region.code in message
        assert region.korean in message


def test_korean_name() -> None:
    assert korean_name("gyeongsang") == "경상도"
    assert korean_name("jeju") == "제주도"
    assert korean_name("standard") == "표준어"
    assert [korean_name(code) for code in CODES] == [region.korean for region in REGIONS]


def test_korean_name_of_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        korean_name("pyongan")
