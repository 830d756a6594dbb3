"""``missiva render`` reports a date that should come after the letter's as a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main

VALUES = ["--set", "customer_name=Ana", "--set", "order_number=A-1", "--set", "refund_amount=10"]


def _render(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> tuple[int, str]:
    code = main(
        [
            "render", "refund-approved", "--language", "id", "--draft", "--format", "txt",
            "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data"), *VALUES, *extra,
        ]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    return code, out


def test_a_refund_date_in_the_past_is_a_warning_in_render_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The draft is written (no block) and the output names the field and both dates."""
    _code, out = _render(capsys, tmp_path, "--set", "refund_date=2000-01-03", "--json")
    notices = json.loads(out)["proofing"]["notices"]
    assert any("2000-01-03" in n and "Paling lambat" in n for n in notices)
    _code, text = _render(capsys, tmp_path, "--set", "refund_date=2000-01-03")
    assert "2000-01-03" in text and "Paling lambat" in text


def test_a_refund_date_far_ahead_gives_no_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A date after the letter's date gives no such notice."""
    _code, out = _render(capsys, tmp_path, "--set", "refund_date=2999-01-03", "--json")
    assert not any("2999-01-03" in n for n in json.loads(out)["proofing"]["notices"])
