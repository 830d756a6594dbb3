"""Benchmark the writers: one-page letter to DOCX and to PDF, and LibreOffice for comparison.

Run ``uv run python bench/render.py``; prints one JSON object. Times are in milliseconds:
median and p95 over RUNS renders after WARMUP renders, plus the median CPU time of this
process (less sensitive to other work on the machine; the load average is reported too). Targets: DOCX median <= 60 ms, PDF
median <= 40 ms per one-page letter. Where ``soffice`` exists, the same DOCX is converted to
PDF by LibreOffice (one file per call, private profile, first call not counted) and the ratio
of LibreOffice's median to ours is reported. The letter is built straight from the models
(desktop.core.rendering.samples.plain_letter).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from desktop.core.rendering import render_docx, render_pdf  # noqa: E402
from desktop.core.rendering.samples import plain_letter, sample_profile  # noqa: E402

WARMUP = 10
RUNS = 120
LIBREOFFICE_RUNS = 6


def _times(action: Callable[[], object], runs: int, warmup: int) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU times (ms) of ``runs`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        action()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _summary(times: list[float], cpu: list[float] | None = None) -> dict[str, Any]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    summary: dict[str, Any] = {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "runs": len(ordered),
    }
    if cpu is not None:
        summary["cpu_median_ms"] = round(statistics.median(cpu), 2)
    return summary


def _libreoffice(docx: bytes) -> dict[str, Any] | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "letter.docx"
        source.write_bytes(docx)
        profile = (root / "lo-profile").as_uri()

        def convert() -> None:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(root / "out"),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=240,
            )

        times, _cpu = _times(convert, LIBREOFFICE_RUNS, 1)  # soffice runs in a child
        pages = len(PdfReader(root / "out" / "letter.pdf").pages)
    return {**_summary(times), "pages": pages}


def main() -> None:
    """Measure and print the JSON report."""
    profile = sample_profile()
    doc = plain_letter("en")
    pdf_pages = len(PdfReader(io.BytesIO(render_pdf(doc, profile))).pages)
    docx_times, docx_cpu = _times(lambda: render_docx(doc, profile), RUNS, WARMUP)
    pdf_times, pdf_cpu = _times(lambda: render_pdf(doc, profile), RUNS, WARMUP)
    report: dict[str, Any] = {
        "letter": "plain_letter('en'), one page with logo and signature image",
        "pdf_pages": pdf_pages,
        "docx": _summary(docx_times, docx_cpu),
        "pdf": _summary(pdf_times, pdf_cpu),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "targets_ms": {"docx_median": 60, "pdf_median": 40},
    }
    report["docx"]["meets_target"] = report["docx"]["median_ms"] <= 60
    report["pdf"]["meets_target"] = report["pdf"]["median_ms"] <= 40
    libreoffice = _libreoffice(render_docx(doc, profile))
    if libreoffice is not None:
        report["libreoffice_docx_to_pdf"] = libreoffice
        report["ratio_libreoffice_to_our_pdf"] = round(
            libreoffice["median_ms"] / report["pdf"]["median_ms"], 1
        )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
