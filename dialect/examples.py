"""Example sentences per region for the Translate page: real utterances from the corpus test split."""

EXAMPLES: dict[str, list[str]] = {
    "gyeongsang": ["원주인이 억수로 감동받았겠네.", "니 안 가면 안 갈라고", "간다고 억수로 들떴는데 그죠?"],
    "jeju": ["자기 의견이 좋아마씀", "좀 열기 떨어젼?", "그 아이들 벌겅한 물."],
    "gangwon": ["해붓가에 사람이 많다", "바다는 오날 잠잠 혀.", "가띡이나 손이 거친데"],
    "standard": ["오늘은 날씨가 정말 좋네요.", "너 어디 가는 길이야?", "그 사람은 키가 크다."],
}
