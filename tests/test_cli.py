"""The command-line contract of ../shared/DESIGN.md: JSON lines out, exactly one per input line, errors not crashes."""

import json
import subprocess
import sys

from dialect.rerank import RerankWeights
from dialect.router import Router

from .conftest import ROOT

LINES = [
    "걔가 쫌 쎘어 근데",
    "",
    "This sentence is plainly English.",
    "자기 의견이 좋아마씀",
    ("간다고 억수로 들떴는데 그죠? " * 300)[:5000],
    "   ",
    "가나다라" * 1500,
]


def run_cli(*arguments: str, lines: list[str]) -> list[dict]:
    completed = subprocess.run(
        [sys.executable, "-m", "dialect", *arguments],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


def test_classify_writes_one_json_line_per_input_line():
    records = run_cli("classify", lines=LINES)
    assert len(records) == len(LINES)
    assert [record["text"] for record in records] == LINES
    assert "빈 문장" in records[1]["error"]
    assert "한국어" in records[2]["error"]
    assert "error" in records[5]
    assert "너무 깁니다" in records[6]["error"]
    for record in (records[0], records[3], records[4]):
        assert set(record) == {"text", "region", "confidence", "scores"}
        assert abs(sum(record["scores"].values()) - 1) < 1e-3
        assert record["confidence"] == max(record["scores"].values())
    assert records[0]["region"] == "gyeongsang"
    assert records[3]["region"] == "jeju"


def test_translate_writes_one_json_line_per_input_line_with_the_route():
    records = run_cli("translate", "--to", "standard", lines=LINES)
    assert len(records) == len(LINES)
    assert [record["source"] for record in records] == LINES
    assert all("error" in records[index] for index in (1, 2, 5, 6))
    first = records[0]
    assert first["detected"] == "gyeongsang"
    assert first["route"] == ["gyeongsang", "standard"]
    assert "쫌" not in first["translation"] and "조금" in first["translation"]
    assert len(first["models"]) == 1
    long_line = records[4]
    assert "error" not in long_line
    assert len(long_line["translation"]) > 1000


def test_translate_with_a_fixed_source_and_an_unknown_region_flag():
    records = run_cli("translate", "--to", "제주", "--from", "경상도", lines=["걔가 쫌 쎘어 근데"])
    assert records[0]["detected"] is None
    assert records[0]["route"] == ["gyeongsang", "standard", "jeju"]
    failed = subprocess.run(
        [sys.executable, "-m", "dialect", "translate", "--to", "busan"], capture_output=True, text=True, cwd=ROOT
    )
    assert failed.returncode == 2 and "busan" in failed.stderr


def test_reranking_weight_flags_reach_the_router():
    lines = ["어디 가는 거야?", "그 사람이 그렇게 말했어."]
    router = Router.from_registry()
    expected = {}
    for dialect, hints in (("0", "0"), ("1", "0.5")):
        weights = RerankWeights(dialect=float(dialect), hints=float(hints))
        results = [router.translate(line, "gyeongsang", "standard", rerank=weights) for line in lines]
        expected[dialect, hints] = [result.translation for result in results]
    assert len(set(map(tuple, expected.values()))) == 2, "the weights must translate differently for this test"
    for (dialect, hints), translations in expected.items():
        flags = ("--dialect-weight", dialect, "--hint-weight", hints)
        records = run_cli("translate", "--to", "경상", "--from", "표준", *flags, lines=lines)
        assert [record["translation"] for record in records] == translations


def test_no_table_candidate_flag_reaches_the_router():
    line = "감자탕은 어떻게 하나믄 돼지 뼈가지 있잖아 갈비뼈"
    router = Router.from_registry()
    expected = router.translate(line, "standard", "gyeongsang", rerank=RerankWeights(table_candidate=False))
    (default,) = run_cli("translate", "--to", "표준", "--from", "경상", lines=[line])
    (without,) = run_cli("translate", "--to", "표준", "--from", "경상", "--no-table-candidate", lines=[line])
    assert without["translation"] == expected.translation != default["translation"]


def test_channel_weight_flag_reaches_the_router():
    line = "함 혼내 줄까?"
    (default,) = run_cli("translate", "--to", "표준", "--from", "강원", lines=[line])
    (without,) = run_cli("translate", "--to", "표준", "--from", "강원", "--channel-weight", "0", lines=[line])
    assert "혼내" in default["translation"].split() and "혼내" not in without["translation"].split()
