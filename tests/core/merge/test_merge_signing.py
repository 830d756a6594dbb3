"""The merge service refuses to issue rows of a series that requires a signature without a signer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from desktop.core.errors import SigningError
from desktop.core.register import SearchFilters
from desktop.core.services.context import AppContext
from desktop.core.services.merge import plan_merge, run_merge, signing_series


def test_run_merge_without_signer_for_sign_pdf_series_issues_nothing(tmp_path: Path) -> None:
    """A sign_pdf series and no signer: SigningError naming the series, no entry, no number."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.toml").write_text(
        '[[series]]\nid = "OUT"\npattern = "OUT-{year}-{seq:05}"\nsign_pdf = true\n',
        encoding="utf-8",
    )
    rows = tmp_path / "rows.csv"
    with rows.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_name", "order_number", "refund_amount", "refund_date"])
        writer.writerow(["Ana", "A-1", "10", "2026-12-01"])
    ctx = AppContext.create(str(data_dir))
    plan = plan_merge(ctx, "refund-approved", "en", rows, formats="pdf")
    assert signing_series(ctx, plan) == ["OUT"]
    before = ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT"))
    with pytest.raises(SigningError, match="series OUT requires a digital signature"):
        run_merge(ctx, plan, out_dir=tmp_path / "out")
    assert ctx.register.search(SearchFilters(), page=1, page_size=10)[1] == 0
    assert ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT")) == before
