"""The command line: templates list/show and render, with one-paragraph errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main

REFUND = [
    "--set",
    "customer_name=Silva & Filhos <Ltda>",
    "--set",
    "order_number=A-1001",
    "--set",
    "refund_amount=1250",
    "--set",
    "refund_date=2026-12-01",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "data")


def test_templates_list_json_has_every_family(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    """Templates list --json returns each family in each language and no problems."""
    code, out, _ = run(capsys, "templates", "list", "--json", "--data-dir", data_dir)
    data = json.loads(out)
    assert code == 0 and data["problems"] == []
    assert len(data["templates"]) == 3 * len({t["id"] for t in data["templates"]})


def test_templates_list_filters_language_and_kind(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    """--language and --kind narrow the list."""
    _, out, _ = run(
        capsys,
        "templates",
        "list",
        "--json",
        "--language",
        "pt-BR",
        "--kind",
        "snippet",
        "--data-dir",
        data_dir,
    )
    items = json.loads(out)["templates"]
    assert items and {(t["language"], t["kind"]) for t in items} == {("pt-BR", "snippet")}


def test_templates_show_lists_fields(capsys: pytest.CaptureFixture[str], data_dir: str) -> None:
    """Templates show prints the fields with their types and required marks."""
    code, out, _ = run(
        capsys, "templates", "show", "refund-approved", "--language", "id", "--data-dir", data_dir
    )
    assert code == 0 and "* order_number (text)" in out and "refund_method (choice)" in out


def test_render_draft_writes_docx_and_pdf_with_literal_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """Render --draft writes both files; the PDF text carries the hostile name literally."""
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys,
        "render",
        "refund-approved",
        "--language",
        "pt-BR",
        "--draft",
        "--format",
        "docx,pdf",
        "--out",
        str(out_dir),
        "--json",
        "--data-dir",
        data_dir,
        *REFUND,
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["reference"] is None and result["draft"] is True
    pdf = Path(next(f["path"] for f in result["files"] if f["format"] == "pdf"))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Silva & Filhos <Ltda>" in text and "RASCUNHO" in text
    assert "R$" in text and "1.250,00" in text
    # the same draft again into the same folder: new names, the first files stay as they were
    before = {f.name: f.read_bytes() for f in out_dir.iterdir()}
    code, out, err = run(
        capsys, "render", "refund-approved", "--language", "pt-BR", "--draft", "--format",
        "docx,pdf", "--out", str(out_dir), "--json", "--data-dir", data_dir, *REFUND,
    )  # fmt: skip
    assert code == 0, err
    again = [Path(f["path"]) for f in json.loads(out)["files"]]
    assert all(p.stem.endswith(" (2)") for p in again), again
    assert {f.name: f.read_bytes() for f in out_dir.iterdir() if f.name in before} == before
    assert sorted(p.name for p in out_dir.iterdir() if p.name.startswith(".")) == []


def test_render_data_file_and_set_override(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """Values come from a YAML file and --set wins over it."""
    data = tmp_path / "v.yaml"
    data.write_text(
        "customer_name: Ana\norder_number: A-1\nrefund_amount: 10\nrefund_date: 2026-12-01\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys,
        "render",
        "refund-approved",
        "--language",
        "en",
        "--draft",
        "--format",
        "txt",
        "--data",
        str(data),
        "--set",
        "customer_name=Budi",
        "--out",
        str(tmp_path / "o"),
        "--json",
        "--data-dir",
        data_dir,
    )
    assert code == 0, err
    text = Path(json.loads(out)["files"][0]["path"]).read_text(encoding="utf-8")
    assert "Dear Budi," in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["render", "nope", "--language", "en", "--draft"], "No template 'nope'."),
        (
            ["render", "refund-approved", "--language", "fr", "--draft"],
            "'fr' is not a template language",
        ),
        (
            [
                "render",
                "refund-approved",
                "--language",
                "en",
                "--draft",
                "--set",
                "customer_name=Ana",
            ],
            "field 'order_number'",
        ),
        (
            [
                "render",
                "refund-approved",
                "--language",
                "en",
                "--draft",
                *REFUND[:6],
                "--set",
                "refund_date=31/02/2026",
            ],
            "is not a valid date",
        ),
        (
            [
                "render",
                "refund-approved",
                "--language",
                "en",
                "--draft",
                *REFUND,
                "--set",
                "refund_amount=12abc",
            ],
            "amount of money",
        ),
        (
            [
                "render",
                "refund-approved",
                "--language",
                "en",
                "--draft",
                *REFUND,
                "--set",
                "customer_email=ana@",
            ],
            "not a valid e-mail",
        ),
        (
            ["render", "refund-approved", "--language", "en", "--draft", *REFUND, "--set", "bogus"],
            "is not NAME=VALUE",
        ),
        (
            [
                "render",
                "refund-approved",
                "--language",
                "en",
                "--draft",
                *REFUND,
                "--set",
                "custmer=x",
            ],
            "Did you mean 'customer_name'",
        ),
        (
            [
                "render",
                "refund-approved",
                "--language",
                "en",
                "--draft",
                *REFUND,
                "--format",
                "odt",
            ],
            "unknown format",
        ),
    ],
)
def test_render_bad_input_exits_1_with_one_paragraph(
    capsys: pytest.CaptureFixture[str], data_dir: str, args: list[str], expected: str
) -> None:
    """Bad input gives exit 1 and a message naming what is wrong, never a traceback."""
    code, _out, err = run(capsys, *args, "--data-dir", data_dir)
    assert code == 1
    assert expected in err
    assert "Traceback" not in err and err.count("\n") <= 2


def test_render_unwritable_output_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """An output path that is a file is refused with the folder named; nothing is written."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    code, _out, err = run(
        capsys,
        "render",
        "refund-approved",
        "--language",
        "en",
        "--draft",
        "--out",
        str(blocker / "sub"),
        "--data-dir",
        data_dir,
        *REFUND,
    )
    assert code == 1 and "blocker" in err and "output folder" in err


def test_render_broken_user_template_is_reported_by_name_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """A broken user template does not hide the others and names its file and line."""
    folder = Path(data_dir) / "templates" / "mine"
    folder.mkdir(parents=True)
    (folder / "en.md").write_text(
        "---\nid: mine\nkind: letter\ntitle: [oops\n---\nHi\n", encoding="utf-8"
    )
    code, out, _err = run(capsys, "templates", "list", "--json", "--data-dir", data_dir)
    problems = json.loads(out)["problems"]
    assert code == 0 and problems[0]["line"] == 4 and problems[0]["file"].endswith("mine/en.md")


def test_missiva_console_script_prints_help_without_display(tmp_path: Path) -> None:
    """Python -m desktop.cli --help works in a fresh process."""
    env = {**os.environ, "MISSIVA_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0 and "render" in result.stdout


def test_render_series_requiring_signature_without_certificate_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """A series set to sign every PDF refuses to issue unsigned; no number is taken."""
    Path(data_dir).mkdir(parents=True)
    (Path(data_dir) / "settings.toml").write_text(
        '[[series]]\nid = "OUT"\npattern = "OUT-{year}-{seq:05}"\nsign_pdf = true\n',
        encoding="utf-8",
    )
    code, _out, err = run(
        capsys,
        "render",
        "refund-approved",
        "--language",
        "en",
        "--out",
        str(tmp_path / "o"),
        "--data-dir",
        data_dir,
        *REFUND,
    )
    assert code == 1 and "requires a digital signature" in err
    assert not (tmp_path / "o").exists()


def test_missiva_without_display_explains_and_shows_help(tmp_path: Path) -> None:
    """With no display, 'missiva' says so and prints the commands instead of a Qt abort."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["MISSIVA_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1
    assert "no display" in result.stderr and "render" in result.stdout
