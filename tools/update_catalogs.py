"""Re-extract the interface template and merge new messages into the translation catalogs.

Run from the repository root: ``uv run python tools/update_catalogs.py``.

The template ``resources/locale/missiva.pot`` is rebuilt from every ``_()`` and ``ngettext()``
call under ``desktop/`` (the same extraction the translation tests use). Each
``resources/locale/<lang>/LC_MESSAGES/missiva.po`` is then updated from it with Babel: existing
translations are kept, new messages are added empty (never fuzzy-guessed), messages no longer in
the code are kept as obsolete entries. Output has no source locations and fixed dates, so running
the script twice on the same source gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "desktop"
LOCALE_DIR = ROOT / "resources" / "locale"
TEMPLATE = LOCALE_DIR / "missiva.pot"
LANGUAGES = ("pt_BR", "id")
KEYWORDS = {"_": None, "ngettext": (1, 2)}
FIXED_DATE = dt.datetime(2026, 11, 25, 10, 8, tzinfo=dt.UTC)


def build_template() -> Catalog:
    """Return a catalog of every message marked for translation under ``desktop/``."""
    template = Catalog(project="Missiva", creation_date=FIXED_DATE, fuzzy=False)
    found = extract_from_dir(SOURCE, method_map=[("**.py", "python")], keywords=KEYWORDS)
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def render(catalog: Catalog, *, omit_header: bool) -> bytes:
    """Serialise a catalog the way the repository stores it (no locations, no wrapping)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=omit_header, no_location=True, width=0)
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically when it differs; return whether it changed."""
    if path.is_file() and path.read_bytes() == data:
        return False
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def update_language(template: Catalog, language: str) -> tuple[bool, int]:
    """Merge the template into one language's catalog; return (changed, untranslated count)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "missiva.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.creation_date = FIXED_DATE
    missing = sum(
        1
        for m in catalog
        if m.id and not (all(m.string) if isinstance(m.string, tuple | list) else m.string)
    )
    return write_if_changed(path, render(catalog, omit_header=False)), missing


def main() -> int:
    """Rebuild the template and update every catalog; print what changed."""
    template = build_template()
    changed = write_if_changed(TEMPLATE, render(template, omit_header=True))
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages, changed={changed}")
    for language in LANGUAGES:
        changed, missing = update_language(template, language)
        print(f"{language}: changed={changed}, untranslated={missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
