"""Map data-file columns to template fields: by name (case and accent insensitive) or a file.

A column may also serve one language variant only (``note_pt_BR``, ``note [id]``), and a
``language`` column (or ``idioma`` / ``bahasa``) may choose the variant row by row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.datafiles import load_structured
from desktop.core.errors import MergeError
from desktop.core.i18n import _
from desktop.core.models import FieldSpec

LANGUAGE_COLUMN_NAMES = ("language", "lang", "idioma", "lingua", "bahasa")
LANGUAGE_SUFFIXES = {"en": "en", "ptbr": "pt-BR", "pt": "pt-BR", "id": "id"}
_SUFFIX_RE = re.compile(
    r"^(?P<base>.+?)[\s_\-\[(@.]+(?P<lang>en|pt[\s_\-]?br|pt|id)[\])]?$", re.IGNORECASE
)


def normalise_name(name: str) -> str:
    """Fold case and accents and drop everything but letters and digits: "Nome do Cliente" -> "nomedocliente"."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", stripped.casefold())


@dataclass(frozen=True)
class ColumnMap:
    """How columns feed fields: shared columns, per-language columns and the language column."""

    shared: dict[str, str] = field(default_factory=dict)  # field -> column
    per_language: dict[tuple[str, str], str] = field(
        default_factory=dict
    )  # (field, language) -> column
    language_column: str | None = None
    unused: tuple[str, ...] = ()

    def column_for(self, field_name: str, language: str) -> str | None:
        """Return the column that feeds ``field_name`` for a row in ``language``."""
        return self.per_language.get((field_name, language)) or self.shared.get(field_name)

    def values_for(self, row: Mapping[str, object], language: str) -> dict[str, object]:
        """Pick the field values of one row for one language variant."""
        values: dict[str, object] = {}
        names = {f for f in self.shared} | {f for f, _lang in self.per_language}
        for name in names:
            column = self.column_for(name, language)
            if column is not None:
                values[name] = row.get(column, "")
        return values


def load_mapping_file(path: Path) -> dict[str, str]:
    """Read a ``column: field`` mapping from YAML or JSON; errors name the file and line.

    The file is read within the bounds of :func:`desktop.core.datafiles.load_structured`
    (size, encoding, no YAML aliases, bounded nesting).
    """
    data = load_structured(path, error=MergeError, what=_("mapping file"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise MergeError(_("the mapping file must map column names to field names"), file=path)
    return dict(data)


def _label_index(fields: Iterable[FieldSpec]) -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in fields:
        index.setdefault(normalise_name(spec.name), spec.name)
        index.setdefault(normalise_name(spec.label), spec.name)
    return index


def map_columns(
    headers: Sequence[str],
    fields: Sequence[FieldSpec],
    *,
    mapping: Mapping[str, str] | None = None,
    source: Path | None = None,
) -> ColumnMap:
    """Match columns to fields; an explicit mapping wins; unknown mapping targets are errors."""
    declared = {spec.name for spec in fields}
    index = _label_index(fields)
    shared: dict[str, str] = {}
    per_language: dict[tuple[str, str], str] = {}
    language_column: str | None = None
    used: set[str] = set()

    for column, target in (mapping or {}).items():
        if column not in headers:
            raise MergeError(
                _("the mapping names a column '{column}' that the file does not have").format(
                    column=column
                ),
                file=source,
            )
        if target not in declared:
            raise MergeError(
                _("the mapping sends '{column}' to an undeclared field '{field}'").format(
                    column=column, field=target
                ),
                file=source,
            )
        shared[target] = column
        used.add(column)

    for column in headers:
        if column in used:
            continue
        key = normalise_name(column)
        if key in LANGUAGE_COLUMN_NAMES and language_column is None and "language" not in declared:
            language_column = column
            used.add(column)
            continue
        matched = index.get(key)
        if matched is not None and matched not in shared:
            shared[matched] = column
            used.add(column)
            continue
        match = _SUFFIX_RE.match(column.strip())
        if match:
            base = index.get(normalise_name(match.group("base")))
            language = LANGUAGE_SUFFIXES.get(normalise_name(match.group("lang")))
            if base is not None and language is not None:
                per_language[(base, language)] = column
                used.add(column)
    unused = tuple(c for c in headers if c not in used)
    return ColumnMap(shared, per_language, language_column, unused)
