"""Column mapping: by name, by label, per language, a language column and a mapping file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import MergeError
from desktop.core.merge import load_mapping_file, map_columns, normalise_name
from desktop.core.models import FieldSpec

FIELDS = [
    FieldSpec("customer_name", "Nome do cliente", required=True),
    FieldSpec("order_number", "Número do pedido"),
    FieldSpec("note", "Note", type="multiline"),
]


def test_normalise_name_folds_case_accents_and_punctuation() -> None:
    """Normalise "Número do Pedido" and "numero_do_pedido" alike."""
    assert (
        normalise_name("Número do Pedido") == normalise_name("numero_do_pedido") == "numerodopedido"
    )


def test_map_columns_matches_names_and_labels() -> None:
    """Columns match a field's name or its label, whatever the case and accents."""
    mapping = map_columns(["CUSTOMER NAME", "numero do pedido", "extra"], FIELDS)
    assert mapping.shared == {"customer_name": "CUSTOMER NAME", "order_number": "numero do pedido"}
    assert mapping.unused == ("extra",)


def test_map_columns_language_column_and_per_language_columns() -> None:
    """A language column is found and note_pt_BR / note [id] feed only their variant."""
    mapping = map_columns(["customer_name", "Idioma", "note_pt_BR", "note [id]", "note"], FIELDS)
    assert mapping.language_column == "Idioma"
    row = {"customer_name": "Ana", "note_pt_BR": "nota", "note [id]": "catatan", "note": "note"}
    assert mapping.values_for(row, "pt-BR")["note"] == "nota"
    assert mapping.values_for(row, "id")["note"] == "catatan"
    assert mapping.values_for(row, "en")["note"] == "note"


def test_map_columns_explicit_mapping_wins(tmp_path: Path) -> None:
    """A mapping file sends a differently named column to a field."""
    path = tmp_path / "map.yaml"
    path.write_text("Cliente: customer_name\n", encoding="utf-8")
    mapping = map_columns(["Cliente", "customer_name"], FIELDS, mapping=load_mapping_file(path))
    assert mapping.shared["customer_name"] == "Cliente"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [({"Nope": "customer_name"}, "does not have"), ({"Cliente": "nope"}, "undeclared field")],
)
def test_map_columns_bad_mapping_is_refused(mapping: dict[str, str], message: str) -> None:
    """A mapping naming a missing column or an undeclared field is an error."""
    with pytest.raises(MergeError, match=message):
        map_columns(["Cliente"], FIELDS, mapping=mapping)


def test_load_mapping_file_rejects_non_mapping(tmp_path: Path) -> None:
    """A mapping file that is a list is refused with its name."""
    path = tmp_path / "map.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(MergeError) as info:
        load_mapping_file(path)
    assert info.value.file == str(path)
