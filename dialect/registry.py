"""The model registry: which classifier and which seq2seq model serve each route (source -> target)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from dialect.regions import CODES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGISTRY = PROJECT_ROOT / "models" / "registry.toml"
PIVOT = "standard"


def side_code(side: str, region: str) -> str:
    """Region code of one side of a region's parallel pairs: ``dialect`` -> the region, ``standard`` -> standard."""
    return region if side == "dialect" else PIVOT


@dataclass(frozen=True)
class RouteModel:
    """The model serving one direct route, the prefix (target tag) put before every input, and the
    substitution table whose hints are appended to it (for models trained with lexicon hints)."""

    source: str
    target: str
    model: str
    prefix: str = ""
    hints: str = ""


@dataclass(frozen=True)
class Registry:
    """Parsed registry file. Model references are resolved: local folders to absolute paths, hub ids kept."""

    classifier: str
    routes: dict[tuple[str, str], RouteModel]

    @classmethod
    def load(cls, path: Path = DEFAULT_REGISTRY) -> Registry:
        """Read and check a registry TOML file; raise ``ValueError`` naming what is wrong."""
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        base = path.resolve().parent.parent
        try:
            classifier = resolve_model(document["classifier"]["model"], base)
        except KeyError as missing:
            raise ValueError(f"{path}: [classifier] needs a 'model' entry") from missing
        routes = {}
        for entry in document.get("route", []):
            source, target = entry.get("source"), entry.get("target")
            if source not in CODES or target not in CODES or "model" not in entry:
                raise ValueError(f"{path}: route {entry} needs source and target among {CODES} and a model")
            hints = entry.get("hints", "")
            routes[(source, target)] = RouteModel(
                source,
                target,
                resolve_model(entry["model"], base),
                entry.get("prefix", ""),
                str(base / hints) if hints else "",
            )
        return cls(classifier, routes)

    def missing_models(self) -> list[str]:
        """Local model folders and hint tables named by the registry that do not exist (hub ids are not checked)."""
        references = {self.classifier, *(route.model for route in self.routes.values())}
        missing = [ref for ref in references if Path(ref).is_absolute() and not Path(ref).is_dir()]
        missing += [route.hints for route in self.routes.values() if route.hints and not Path(route.hints).is_file()]
        return sorted(set(missing))

    def targets(self) -> list[str]:
        """Every region some route (direct or through the pivot) can translate into, standard first."""
        reachable = {target for _, target in self.routes} | {PIVOT}
        return [code for code in CODES if code in reachable]

    def plan(self, source: str, target: str) -> list[RouteModel] | None:
        """The hops from ``source`` to ``target``: [] when equal, one direct model, two through the pivot, or None."""
        if source == target:
            return []
        if (source, target) in self.routes:
            return [self.routes[(source, target)]]
        first, second = self.routes.get((source, PIVOT)), self.routes.get((PIVOT, target))
        if first and second:
            return [first, second]
        return None


def resolve_model(reference: str, base: Path) -> str:
    """A local folder relative to the project root becomes an absolute path; anything else is a hub id."""
    local = base / reference
    return str(local) if local.exists() or reference.startswith(("models/", "./", "../", "/")) else reference
