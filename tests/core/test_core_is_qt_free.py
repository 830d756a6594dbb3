"""The Qt-free core must import without PySide6 (decision record 0001: scripts drive the core)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import desktop

CORE = Path(desktop.__file__).parent / "core"

# Runs in a fresh interpreter so no earlier test has imported Qt already.
_SCRIPT = r"""
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6") or name.startswith("desktop.gui"):
            raise ImportError(f"blocked in this test: {name}")
        return None

sys.meta_path.insert(0, Block())
import desktop.core
failed = []
count = 0
for info in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
    if ".migrations.versions" in info.name or info.name.endswith(".migrations.env"):
        continue
    count += 1
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print(count)
if failed:
    print("\n".join(failed))
    sys.exit(1)
"""


def test_core_imports_every_module_with_pyside6_blocked() -> None:
    """Every desktop.core module imports while PySide6 and desktop.gui are unimportable."""
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.splitlines()[0]) >= 5


def test_core_source_has_no_qt_import_lines() -> None:
    """No file under desktop/core has an import line naming PySide6 or desktop.gui."""
    offenders = [
        str(path)
        for path in CORE.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(
            ("import PySide6", "from PySide6", "from desktop.gui", "import desktop.gui")
        )
    ]
    assert offenders == []
