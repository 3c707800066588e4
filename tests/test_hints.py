"""Lexicon hints: their input format, the registry entry that names a route's table, and cross-fitted
training hints that never come from the sentence's own half of the corpus."""

from pathlib import Path

import pandas as pd

from dialect.hints import HINT_TOKEN, with_hints
from dialect.registry import Registry
from dialect.router import Router
from dialect.substitution import SubstitutionTable
from train.translator import cross_fitted_examples

TABLE = SubstitutionTable(entries={"억수로": "매우", "쫌": "조금", "가가": "그 아이가"})


def test_hints_follow_the_input_in_sentence_order_without_repeats():
    source = with_hints("<standard> 쫌 억수로 좋다 쫌", "쫌 억수로 좋다 쫌", TABLE)
    assert source == f"<standard> 쫌 억수로 좋다 쫌 {HINT_TOKEN} 쫌 = 조금 {HINT_TOKEN} 억수로 = 매우"


def test_no_table_or_no_known_word_leaves_the_input_alone():
    assert with_hints("<standard> 억수로", "억수로", None) == "<standard> 억수로"
    assert with_hints("<jeju> 안녕하세요", "안녕하세요", TABLE) == "<jeju> 안녕하세요"


def test_hints_are_capped():
    assert with_hints("s", "쫌 억수로 가가", TABLE, limit=2).count(HINT_TOKEN) == 2


def test_training_hints_come_from_the_other_half_of_the_pairs():
    # 억수로 -> 매우 is seen in even rows, 쫌 -> 조금 only in odd rows; the last (odd) row has both words.
    rows = []
    for index in range(41):
        word, standard = ("억수로", "매우") if index % 2 == 0 else ("쫌", "조금")
        rows.append({"dialect": f"{word} 좋다 {index}", "standard": f"{standard} 좋다 {index}", "changed": True})
    rows.append({"dialect": "억수로 쫌 좋다", "standard": "매우 조금 좋다", "changed": True})
    pairs = pd.DataFrame(rows)
    examples = cross_fitted_examples(pairs, pairs, "gangwon", lexicon=[])
    sources = dict(zip(examples["target"], examples["source"], strict=True))
    assert sources["조금 좋다 1"] == "<standard> 쫌 좋다 1", "odd rows get no hint from their own half"
    assert sources["매우 조금 좋다"] == f"<standard> 억수로 쫌 좋다 {HINT_TOKEN} 억수로 = 매우"
    assert sources["쫌 좋다 1"] == "<gangwon> 조금 좋다 1"
    assert len(examples) == 2 * len(pairs)


def test_registry_route_names_its_hint_table_and_the_router_loads_it(tmp_path: Path):
    models = tmp_path / "models"
    (models / "hints").mkdir(parents=True)
    TABLE.save(models / "hints" / "gyeongsang-standard.json")
    (models / "registry.toml").write_text(
        '[classifier]\nmodel = "someone/classifier"\n\n[[route]]\nsource = "gyeongsang"\ntarget = "standard"\n'
        'model = "someone/kobart"\nprefix = "<standard>"\nhints = "models/hints/gyeongsang-standard.json"\n\n'
        '[[route]]\nsource = "standard"\ntarget = "gyeongsang"\nmodel = "someone/kobart"\n'
        'hints = "models/hints/standard-gyeongsang.json"\n',
        encoding="utf-8",
    )
    registry = Registry.load(models / "registry.toml")
    route = registry.routes[("gyeongsang", "standard")]
    assert route.hints == str(models / "hints" / "gyeongsang-standard.json")
    assert registry.missing_models() == [str(models / "hints" / "standard-gyeongsang.json")]
    router = Router(registry)
    assert router.hint_table(route.hints).entries == TABLE.entries
    assert router.hint_table("") is None
