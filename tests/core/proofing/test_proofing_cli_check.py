"""``missiva check``: readable and JSON reports, exit codes 0, 1 and 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main


def _letter(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(text, encoding="utf-8")
    return path


CLEAN = "Dear Sir or Madam,\n\nThank you for your letter. We will refund the amount.\n\nYours faithfully,\n"


def test_check_clean_text_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A clean letter exits 0 and says nothing blocks."""
    code = main(["check", str(_letter(tmp_path, CLEAN)), "--language", "en-GB",
                 "--data-dir", str(tmp_path / "d")])  # fmt: skip
    assert code == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_check_blocking_text_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt word is reported with line:column and exits 2."""
    path = _letter(tmp_path, CLEAN.replace("refund", "refnud"))
    code = main(["check", str(path), "--language", "en", "--data-dir", str(tmp_path / "d")])
    out = capsys.readouterr().out
    assert code == 2
    assert "3:36 error [spelling]" in out
    assert "-> refund" in out


def test_check_json_reports_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the summary with counts and issues."""
    path = _letter(tmp_path, CLEAN.replace("amount.", "amount [AMOUNT]."))
    code = main(["check", str(path), "--language", "en", "--json", "--data-dir",
                 str(tmp_path / "d")])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    assert data["by_category"]["placeholder"] == 1
    assert data["issues"][0]["text"] == "[AMOUNT]"


@pytest.mark.parametrize(
    "args",
    [["--language", "fr"], ["--language", "en", "--kind", "poster"]],
    ids=["unknown-language", "unknown-kind"],
)
def test_check_bad_options_exit_one(tmp_path: Path, args: list[str]) -> None:
    """An unknown language or kind is a usage error (exit 1)."""
    path = _letter(tmp_path, CLEAN)
    assert main(["check", str(path), *args, "--data-dir", str(tmp_path / "d")]) == 1


def test_check_unreadable_file_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file names the file and exits 1."""
    code = main(["check", str(tmp_path / "missing.txt"), "--language", "en", "--data-dir",
                 str(tmp_path / "d")])  # fmt: skip
    assert code == 1
    assert "missing.txt" in capsys.readouterr().err


def test_check_reads_stdin_and_lists_reply_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-`` reads standard input; --reply-to lists the incoming message's questions."""
    import io

    incoming = tmp_path / "incoming.txt"
    incoming.write_text("Where is my parcel? I paid twice.", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(CLEAN.encode("utf-8"))))
    code = main(["check", "-", "--language", "en-GB", "--reply-to", str(incoming),
                 "--data-dir", str(tmp_path / "d")])  # fmt: skip
    assert code == 0
    assert "note: Answer the question: Where is my parcel?" in capsys.readouterr().out
