"""Template authoring from the command line: dictionary words, previews, broken templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.settings import load_settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _spelling_flags(proofer: Proofer) -> set[str]:
    report = proofer.check_text("Comprei um xyzzyqa e um qwobbel ontem.", "pt-BR")
    return {report.flagged(i) for i in report.issues if i.category == "spelling"}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_dictionary_add_list_remove(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    """Words go to the scope's file, are listed, and removed; the proofer accepts them."""
    dd = str(data_dir)
    code, out, _ = run(capsys, "dictionary", "add", "xyzzyqa", "-l", "pt-br", "--data-dir", dd)
    assert code == 0 and "personal pt-BR" in out
    code, _, _ = run(
        capsys, "dictionary", "add", "qwobbel", "-l", "pt-BR", "--scope", "organisation",
        "--data-dir", dd,
    )  # fmt: skip
    assert code == 0
    folder = data_dir / "dictionaries"
    assert (folder / "personal-pt-BR.txt").read_text(encoding="utf-8") == "xyzzyqa\n"
    assert (folder / "organisation-pt-BR.txt").read_text(encoding="utf-8") == "qwobbel\n"
    code, out, _ = run(capsys, "dictionary", "list", "-l", "pt-BR", "--json", "--data-dir", dd)
    words = json.loads(out)["words"]
    assert words["personal"] == ["xyzzyqa"] and words["organisation"] == ["qwobbel"]

    paths = AppPaths(data_dir)
    proofer = Proofer(load_settings(paths), paths)
    flagged = _spelling_flags(proofer)
    assert "xyzzyqa" not in flagged and "qwobbel" not in flagged

    code, out, _ = run(capsys, "dictionary", "remove", "xyzzyqa", "-l", "pt-BR", "--data-dir", dd)
    assert code == 0 and "personal" in out
    assert (folder / "personal-pt-BR.txt").read_text(encoding="utf-8") == ""
    paths = AppPaths(data_dir)
    proofer = Proofer(load_settings(paths), paths)
    flagged = _spelling_flags(proofer)
    assert "xyzzyqa" in flagged and "qwobbel" not in flagged


def test_dictionary_remove_unknown_word_and_bad_input(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    dd = str(data_dir)
    run(capsys, "dictionary", "add", "Ketupat", "-l", "id", "--data-dir", dd)
    code, _, err = run(capsys, "dictionary", "remove", "ketupat", "-l", "id", "--data-dir", dd)
    assert code == 1 and "Did you mean 'Ketupat'?" in err
    code, _, err = run(capsys, "dictionary", "add", "X", "-l", "xx", "--data-dir", dd)
    assert code == 1 and "unknown language 'xx'" in err
    code, _, err = run(
        capsys, "dictionary", "add", "X", "-l", "en", "--scope", "persnal", "--data-dir", dd
    )
    assert code == 1 and "Did you mean 'personal'?" in err
    code, _, err = run(capsys, "dictionary", "add", "a\nb", "-l", "en", "--data-dir", dd)
    assert code == 1 and not (data_dir / "dictionaries" / "personal-en.txt").exists()


def test_preview_writes_a_draft_pdf_and_never_replaces_a_file(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    dd = str(data_dir)
    args = ("templates", "preview", "refund-approved", "-l", "pt-BR", "--data-dir", dd)
    assert run(capsys, *args)[0] == 0
    assert run(capsys, *args)[0] == 0
    first = tmp_path / "refund-approved-pt-BR-preview.pdf"
    second = tmp_path / "refund-approved-pt-BR-preview (2).pdf"
    text = PdfReader(first).pages[0].extract_text()
    assert "RASCUNHO" in text and "Prezad" in text  # draft mark, pt-BR sample letter
    assert second.is_file()

    taken = tmp_path / "mine.pdf"
    taken.write_bytes(b"keep me")
    code, _, err = run(capsys, *args[:5], "--out", str(taken), "--data-dir", dd)
    assert code == 1 and "already exists" in err and str(taken) in err
    assert taken.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    out_file = tmp_path / "new.pdf"
    code, _, _ = run(capsys, *args[:5], "--out", str(out_file), "--data-dir", dd)
    assert code == 0 and out_file.read_bytes().startswith(b"%PDF")


def _broken_user_template(data_dir: Path) -> Path:
    path = data_dir / "templates" / "my-letter" / "en.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "---\nid: my-letter\nkind: letter\nlanguage: en\ntitle: Mine\ndescription: D\n"
        "category: C\nseries: OUTT\nsubject: Hi\nfields:\n"
        "  name: {label: Name, type: dat}\n  age: {label: Age, type: number, colour: 1}\n"
        "---\nHello {{ name }} {% if %}\n",
        encoding="utf-8",
    )
    return path


def test_templates_list_and_show_report_every_problem_of_a_broken_file(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    path = _broken_user_template(data_dir)
    dd = str(data_dir)
    code, out, err = run(capsys, "templates", "list", "-l", "en", "--data-dir", dd)
    assert code == 0 and "refund-approved" in out
    section = out.split("Failed to load (1):", 1)[1]
    assert str(path) in section
    for line, needle in ((8, "OUTT"), (11, "Did you mean 'date'?"), (12, "colour"), (14, "Jinja")):
        assert f"line {line}: " in section and needle in section
    assert "my-letter" not in err  # not repeated as warnings
    assert f"Your templates folder: {data_dir.resolve() / 'templates'}" in out

    code, out, _ = run(capsys, "templates", "list", "--json", "--data-dir", dd)
    [entry] = json.loads(out)["broken"]
    assert entry["id"] == "my-letter" and len(entry["problems"]) == 4

    code, out, err = run(capsys, "templates", "show", "my-letter", "-l", "en", "--data-dir", dd)
    assert code == 1 and out == ""
    assert "failed to load (4 problem(s))" in err and str(path) in err
    assert "Did you mean 'date'?" in err and "OUTT" in err
