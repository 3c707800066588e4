"""The model registry: parsing, route planning through standard Korean, hub ids."""

from pathlib import Path

import pytest

from dialect.registry import DEFAULT_REGISTRY, Registry


def write_registry(tmp_path: Path, text: str) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    path = models / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_registry_serves_both_directions_of_every_region():
    registry = Registry.load(DEFAULT_REGISTRY)
    for region in ("gyeongsang", "jeju", "gangwon"):
        assert len(registry.plan(region, "standard")) == 1
        assert len(registry.plan("standard", region)) == 1
    assert registry.targets() == ["standard", "gyeongsang", "jeju", "gangwon"]


def test_dialect_to_dialect_pivots_through_standard():
    hops = Registry.load(DEFAULT_REGISTRY).plan("gyeongsang", "jeju")
    assert [(hop.source, hop.target) for hop in hops] == [("gyeongsang", "standard"), ("standard", "jeju")]
    assert hops[0].prefix == "<standard>" and hops[1].prefix == "<jeju>"


def test_same_source_and_target_needs_no_model():
    assert Registry.load(DEFAULT_REGISTRY).plan("jeju", "jeju") == []


def test_route_without_models_is_unavailable(tmp_path):
    path = write_registry(
        tmp_path,
        '[classifier]\nmodel = "models/classifier"\n\n'
        '[[route]]\nsource = "jeju"\ntarget = "standard"\nmodel = "someone/kobart-jeju"\n',
    )
    registry = Registry.load(path)
    assert registry.plan("standard", "jeju") is None
    assert registry.plan("jeju", "gangwon") is None
    assert registry.routes[("jeju", "standard")].model == "someone/kobart-jeju"
    assert registry.classifier == str(tmp_path / "models" / "classifier")
    assert registry.missing_models() == [str(tmp_path / "models" / "classifier")]


def test_bad_region_in_registry_is_reported(tmp_path):
    path = write_registry(
        tmp_path, '[classifier]\nmodel = "x"\n\n[[route]]\nsource = "busan"\ntarget = "standard"\nmodel = "m"\n'
    )
    with pytest.raises(ValueError, match="busan"):
        Registry.load(path)


def test_registry_without_classifier_is_reported(tmp_path):
    path = write_registry(tmp_path, '[[route]]\nsource = "jeju"\ntarget = "standard"\nmodel = "m"\n')
    with pytest.raises(ValueError, match="classifier"):
        Registry.load(path)
