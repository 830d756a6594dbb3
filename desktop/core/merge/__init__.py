"""Batch merge input: read CSV/XLSX rows, map columns to template fields, validate every row."""

from __future__ import annotations

from desktop.core.merge.mapping import ColumnMap, load_mapping_file, map_columns, normalise_name
from desktop.core.merge.reader import DataRow, DataTable, check_data_file, open_table

__all__ = [
    "ColumnMap",
    "DataRow",
    "DataTable",
    "check_data_file",
    "load_mapping_file",
    "map_columns",
    "normalise_name",
    "open_table",
]
