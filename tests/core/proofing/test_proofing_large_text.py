"""A megabyte of realistic text is checked without a crash, in bounded memory, in each language.

Each check runs in a fresh interpreter so its peak memory is its own: the proofer loads the
language first (dictionary, house style, Harper), then checks 1 MB built from the labelled
corpus (clean letters and the sentences with known mistakes), every sentence made unique so
no cache hides the work. Time is not asserted here; ``bench/proofing.py`` reports it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
MEGABYTE = 1_000_000
MAX_RSS_GROWTH_MB = 500

PROBE = """
import json, resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
import proofing_corpus
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.settings import Settings

language, size = sys.argv[1], int(sys.argv[2])
text = proofing_corpus.large_text(language, size)
with tempfile.TemporaryDirectory() as folder:
    proofer = Proofer(Settings(), AppPaths(Path(folder)).ensure())
    proofer.check_text("Ok.", language)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = proofer.check_text(text, language)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    inside = all(0 <= i.offset and i.offset + i.length <= len(text) for i in report.issues)
    print(json.dumps({{
        "chars": len(text), "issues": len(report.issues), "inside": inside,
        "spelling": sum(i.rule_id == "spelling.unknown" for i in report.issues),
        "growth_mb": (after - before) / 1024,
        "engine_limited": any("grammar engine checked its first" in n for n in report.notices),
    }}))
"""


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("language", ["en", "pt-BR", "id"])
def test_a_megabyte_is_checked_in_bounded_memory(language: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(here=str(HERE)), language, str(MEGABYTE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1750,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["chars"] == MEGABYTE
    assert found["inside"], "an issue points outside the text"
    assert found["spelling"] > 0  # the corpus sentences' misspellings are found at this size
    assert found["growth_mb"] < MAX_RSS_GROWTH_MB, found
    # English has a grammar engine (Harper), which reads the first 200,000 characters and says so
    assert found["engine_limited"] == (language == "en")
