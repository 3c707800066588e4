"""Region codes, their Korean names, and parsing of what users write for them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """One region of Korean speech; ``standard`` is standard Korean (표준어)."""

    code: str
    korean: str
    short: str
    english: str


REGIONS: tuple[Region, ...] = (
    Region("standard", "표준어", "표준", "Standard Korean"),
    Region("gyeongsang", "경상도", "경상", "Gyeongsang"),
    Region("jeju", "제주도", "제주", "Jeju"),
    Region("gangwon", "강원도", "강원", "Gangwon"),
    Region("jeolla", "전라도", "전라", "Jeolla"),
    Region("chungcheong", "충청도", "충청", "Chungcheong"),
)
CODES: tuple[str, ...] = tuple(region.code for region in REGIONS)
BY_CODE: dict[str, Region] = {region.code: region for region in REGIONS}

_EXTRA_ALIASES = {
    "표준": "standard",
    "표준어": "standard",
    "서울": "standard",
    "서울말": "standard",
    "std": "standard",
    "경상남도": "gyeongsang",
    "경상북도": "gyeongsang",
    "경남": "gyeongsang",
    "경북": "gyeongsang",
    "경상어": "gyeongsang",
    "경상방언": "gyeongsang",
    "gyeongsang-do": "gyeongsang",
    "kyungsang": "gyeongsang",
    "제주어": "jeju",
    "제주방언": "jeju",
    "jeju-do": "jeju",
    "cheju": "jeju",
    "강원방언": "gangwon",
    "gangwon-do": "gangwon",
    "kangwon": "gangwon",
    "전남": "jeolla",
    "전북": "jeolla",
    "전라남도": "jeolla",
    "전라북도": "jeolla",
    "전라방언": "jeolla",
    "jeolla-do": "jeolla",
    "cholla": "jeolla",
    "chungcheong-do": "chungcheong",
    "chungchong": "chungcheong",
    "충남": "chungcheong",
    "충북": "chungcheong",
    "충청남도": "chungcheong",
    "충청북도": "chungcheong",
    "충청방언": "chungcheong",
}


def _key(name: str) -> str:
    """Comparison key of a spelling: NFKC (full-width letters too), lower case, no spaces, ``-`` or ``_``."""
    text = unicodedata.normalize("NFKC", name).lower()
    return "".join(char for char in text if not char.isspace() and char not in "-_")


_ALIASES: dict[str, str] = {_key(alias): code for alias, code in _EXTRA_ALIASES.items()}
for _region in REGIONS:
    for _name in (_region.code, _region.korean, _region.short, _region.english):
        _ALIASES[_key(_name)] = _region.code


def parse_region(name: str) -> str:
    """Return the region code for a user's spelling (``경상``, ``경상도``, ``Gyeongsang``, ...).

    Raises ``ValueError`` naming the accepted spellings when the name is unknown.
    """
    code = _ALIASES.get(_key(str(name)))
    if code is None:
        accepted = ", ".join(f"{r.code} ({r.korean})" for r in REGIONS)
        raise ValueError(f"알 수 없는 지역 '{name}'. 가능한 값: {accepted}")
    return code


def korean_name(code: str) -> str:
    """Korean display name of a region code (``gyeongsang`` -> ``경상도``)."""
    return BY_CODE[code].korean
