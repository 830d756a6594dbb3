"""The command line starts light and keeps its contract: lazy commands, --version, exit codes.

Heavy libraries are imported by the command that uses them, so ``missiva --help`` and
``missiva --version`` never load the register, the renderers, Harper or Qt. Usage errors
exit with 1 (click's own 2 would read as "blocked by proofing"), proofing blocks with 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import typer

from desktop.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "docx", "harper", "hunspell", "PySide6")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )


def _loaded_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the heavy top-level packages it imported."""
    probe = (
        "import contextlib, io, json, sys\n"
        f"{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert _loaded_after("import desktop.cli\ndesktop.cli.build_app()") == []


def test_help_and_version_load_no_heavy_library() -> None:
    for flag in ("--help", "--version"):
        code = (
            "import desktop.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert desktop.cli.main([{flag!r}]) == 0"
        )
        assert _loaded_after(code) == [], flag


def test_a_command_s_own_help_loads_only_its_module() -> None:
    code = (
        "import desktop.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert desktop.cli.main(['check', '--help']) == 0"
    )
    assert _loaded_after(code) == []


def _registered_commands() -> dict[str, Any]:
    """Return every top-level command the command modules register, by name."""
    import importlib

    holder = typer.Typer()
    for module in sorted({module for module, _help in COMMANDS.values()}):
        importlib.import_module(module).register(holder)
    return dict(typer.main.get_group(holder).commands.items())


def test_the_command_table_matches_what_the_modules_register() -> None:
    registered = _registered_commands()
    assert set(registered) == set(COMMANDS)
    for name, command in registered.items():
        assert command.get_short_help_str(limit=200) == COMMANDS[name][1], name


def test_help_lists_every_command_with_its_one_line_help(capsys: pytest.CaptureFixture) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for name, (_module, summary) in COMMANDS.items():
        assert f"{name} {summary}" in out, name
    assert "--data-dir" in out and "--version" in out


def test_version_prints_the_package_version() -> None:
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"missiva {version('missiva')}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--no-such-option"], "No such option: --no-such-option"),
        (["chek", "-"], "No such command 'chek'. Did you mean 'check'?"),
        (["check", "--no-such-option"], "No such option: --no-such-option"),
        (["render"], "Missing argument"),
        (["register", "void"], "Missing argument"),
        (["check", "--json=maybe"], "--json"),
    ],
)
def test_usage_errors_exit_1_with_click_s_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture
) -> None:
    assert main(args) == 1
    assert message in capsys.readouterr().err


def test_a_bad_value_for_the_root_data_dir_exits_1(tmp_path: Path, capsys) -> None:
    afile = tmp_path / "a-file.txt"
    afile.write_text("not a folder", encoding="utf-8")
    assert main(["--data-dir", str(afile), "templates", "list"]) == 1
    err = capsys.readouterr().err
    assert "--data-dir" in err and "a-file.txt" in err


def test_proofing_blocks_still_exit_2_and_input_errors_1(tmp_path: Path, capsys) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("We will recieve the paymnet tomorow.\n", encoding="utf-8")
    data = tmp_path / "data"
    assert main(["check", "--data-dir", str(data), str(letter)]) == 2
    assert main(["check", "--data-dir", str(data), str(tmp_path / "missing.txt")]) == 1
    assert main(["check", "--data-dir", str(data), "--language", "xx", str(letter)]) == 1
    assert "unknown language 'xx'" in capsys.readouterr().err


def test_the_root_data_dir_is_used_by_the_command(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Thank you for your letter.\n", encoding="utf-8")
    data = tmp_path / "chosen"
    assert main(["--data-dir", str(data), "check", str(letter)]) == 0
    assert data.is_dir() and any(data.iterdir())  # the context was created there
    # the next run without the option does not inherit it
    other = tmp_path / "other"
    assert main(["check", "--data-dir", str(other), str(letter)]) == 0
    assert other.is_dir()


def test_without_a_display_the_window_command_accepts_data_dir(tmp_path: Path) -> None:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    if not sys.platform.startswith("linux"):
        pytest.skip("the no-display path exists on Linux only")
    result = _run("--data-dir", str(tmp_path / "d"), env=env)
    assert result.returncode == 1
    assert "no display" in result.stderr and "No such option" not in result.stderr
    assert "Commands:" in result.stdout


def test_the_window_opens_on_the_given_data_dir(tmp_path: Path) -> None:
    """``missiva --data-dir DIR`` starts the window, which creates its context in DIR."""
    pytest.importorskip("PySide6")
    data = tmp_path / "window-data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not data.is_dir():
            if process.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert data.is_dir()
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
