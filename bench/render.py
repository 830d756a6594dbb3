"""Benchmark the writers: one-page letter to DOCX and to PDF, and LibreOffice for comparison.

Run ``uv run python bench/render.py``; prints one JSON object. Times are in milliseconds:
median and p95 over RUNS renders after WARMUP renders, plus the median CPU time of this
process (less sensitive to other work on the machine; the load average is reported too). Targets: DOCX median <= 60 ms, PDF
median <= 40 ms per one-page letter. Where ``soffice`` exists, the same DOCX is converted to
PDF by LibreOffice (one file per call, private profile, first call not counted) and the ratio
of LibreOffice's median to ours is reported. The letter is built straight from the models
(desktop.core.rendering.samples.plain_letter).

``cold_cli`` starts ``missiva`` afresh each run (``python -m desktop.cli``): ``--help``
(target <= 250 ms) and one letter issued into a new data folder (refund-approved, en, PDF,
proofed, numbered, registered; target <= 1000 ms). Each is measured twice: ``bytecode`` with
every module compiled beforehand (a private ``PYTHONPYCACHEPREFIX`` warmed by one run) and
``no_bytecode`` with nothing compiled (an empty prefix and ``PYTHONDONTWRITEBYTECODE=1``, as a
fresh checkout on these machines). ``cpu_ms`` is the child's user+system CPU time. Run only
this part with ``--cli-only``.
"""

from __future__ import annotations

import io
import json
import os
import resource
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


CLI_RUNS = 5
REFUND = (
    "--set", "customer_name=Ana Souza", "--set", "order_number=A-1001",
    "--set", "refund_amount=1250", "--set", "refund_date=2026-12-01",
)  # fmt: skip


def cold_cli_runs(
    args: list[str], runs: int, env: dict[str, str], before: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Start ``missiva args`` ``runs`` times; return wall and child-CPU medians (ms)."""
    wall: list[float] = []
    cpu: list[float] = []
    for n in range(runs):
        if before is not None:
            before(n)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "desktop.cli", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime) * 1000)
        if result.returncode != 0:
            raise RuntimeError(f"missiva {' '.join(args)} failed: {result.stderr[-1000:]}")
    return {**_summary(wall), "cpu_ms": round(statistics.median(cpu), 1)}


def cli_environments(folder: Path) -> dict[str, dict[str, str]]:
    """Return the two environments: every module compiled, and nothing compiled."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    compiled = {**base, "PYTHONPYCACHEPREFIX": str(folder / "pyc")}
    compiled.pop("PYTHONDONTWRITEBYTECODE", None)
    empty = {
        **base, "PYTHONPYCACHEPREFIX": str(folder / "empty"), "PYTHONDONTWRITEBYTECODE": "1"
    }  # fmt: skip
    return {"bytecode": compiled, "no_bytecode": empty}


def bench_cold_cli(runs: int = CLI_RUNS) -> dict[str, Any]:
    """Measure ``missiva --help`` and one issued letter from a cold process, both ways."""
    report: dict[str, Any] = {"runs": runs}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        envs = cli_environments(root)
        warm = ["render", "refund-approved", "--language", "en", "--format", "pdf"]
        for name, env in envs.items():
            if name == "bytecode":  # one run of each writes the bytecode of all it imports
                cold_cli_runs(["--help"], 1, env)
                cold_cli_runs([*warm, "--draft", "--out", str(root / "w"), *REFUND], 1, env)
            data = root / f"data-{name}"

            def issue(n: int, data: Path = data) -> None:
                shutil.rmtree(data, ignore_errors=True)  # each run issues into a new folder

            letter = [*warm, "--out", str(data / "out"), "--data-dir", str(data), *REFUND]
            report[name] = {
                "help": cold_cli_runs(["--help"], runs, env),
                "issue_one_letter": cold_cli_runs(letter, runs, env, issue),
            }
    report["targets_ms"] = {"help": 250, "issue_one_letter": 1000}
    report["load_average_1min"] = round(os.getloadavg()[0], 2)
    return report


def main() -> None:
    """Measure and print the JSON report."""
    if "--cli-only" in sys.argv[1:]:
        runs = int(os.environ.get("MISSIVA_BENCH_CLI_RUNS", CLI_RUNS))
        print(json.dumps({"cold_cli": bench_cold_cli(runs)}, indent=2))
        return
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
    report["cold_cli"] = bench_cold_cli()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
