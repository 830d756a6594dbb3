"""The wheel carries templates and resources: install it outside the checkout and render."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("uv") is None, reason="needs uv to build and install the wheel"
    ),
]


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def test_wheel_installed_outside_checkout_renders_a_letter(tmp_path: Path) -> None:
    """A wheel installed in a fresh venv outside the checkout lists templates and renders a PDF."""
    dist = tmp_path / "dist"
    _run(["uv", "build", "--wheel", "--out-dir", str(dist)], cwd=REPO)
    wheel = next(dist.glob("missiva-*.whl"))
    requirements = tmp_path / "requirements.txt"
    exported = _run(
        ["uv", "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project"], cwd=REPO
    )
    requirements.write_text(exported.stdout, encoding="utf-8")
    venv = tmp_path / "venv"
    _run(["uv", "venv", "--quiet", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(
        [
            "uv",
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            "-r",
            str(requirements),
            str(wheel),
        ],
        cwd=tmp_path,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["MISSIVA_DATA_DIR"] = str(tmp_path / "data")
    missiva = str(venv / "bin" / "missiva")

    probe = _run(
        [str(python), "-c", "import desktop.core.paths as p; print(p.templates_dir())"],
        elsewhere,
        env,
    )
    assert "site-packages" in probe.stdout, probe.stdout

    listed = json.loads(_run([missiva, "templates", "list", "--json"], elsewhere, env).stdout)
    assert len({t["id"] for t in listed["templates"]}) >= 12
    assert listed["problems"] == []

    out = elsewhere / "out"
    rendered = _run(
        [
            missiva,
            "render",
            "refund-approved",
            "--language",
            "id",
            "--draft",
            "--format",
            "pdf,docx",
            "--out",
            str(out),
            "--json",
            "--set",
            "customer_name=Silva & Filhos <Ltda>",
            "--set",
            "order_number=A-1001",
            "--set",
            "refund_amount=1250000",
            "--set",
            "refund_date=2026-12-01",
        ],
        elsewhere,
        env,
    )
    result = json.loads(rendered.stdout)
    paths = {f["format"]: Path(f["path"]) for f in result["files"]}
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert paths["docx"].read_bytes().startswith(b"PK")
