"""End-to-end merge benchmark: CSV -> DOCX + PDF + register entries, against LibreOffice.

Prints one JSON object:
- ``merge``: for 100 and for N rows (default 1,000): wall seconds, letters per second and peak
  resident memory of the coordinating process and of the largest worker (each run in a fresh
  process and data folder, ``--jobs`` workers);
- ``libreoffice``: where ``soffice`` exists, the time for LibreOffice to convert the same N DOCX
  files to PDF in batch mode (200 files per call: one call stops silently after ~250), and the
  ratio LibreOffice / Missiva's whole merge;
- ``mail``: N order-stage e-mails issued and sent through the outbox to a loopback SMTP server
  (aiosmtpd), in messages per second.

Each merge also reports the CPU time of the coordinator and its workers per letter (less
sensitive to other work on the machine than the wall time) and how many rows were proofed in
full; the load average is printed at the start and end of each part. ``--stages N`` instead
merges N rows in this process (one job) and prints the CPU and wall milliseconds per letter of
each stage: validation, composition, proofing gate, DOCX, PDF, numbering and register entry,
file writes with fsync.

Where Python may not cache bytecode (``PYTHONDONTWRITEBYTECODE`` set, as on this build machine)
the installed packages and Missiva are compiled once before anything is timed, as a desk's first
run leaves them (``bytecode_compiled_first``); otherwise every worker would compile its imports
from source at each start.

Usage: ``uv run python bench/merge.py [--rows 1000] [--jobs 2] [--skip-libreoffice]``
or ``uv run python bench/merge.py --stages 100 [--language en]``
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LO_BATCH = 200
sys.path.insert(0, str(ROOT))


def write_refund_csv(path: Path, rows: int) -> Path:
    """Write ``rows`` refund letters' data (accents and markup characters included)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "customer_name",
                "customer_email",
                "customer_address",
                "order_number",
                "refund_amount",
                "refund_date",
                "items",
            ]
        )
        for i in range(1, rows + 1):
            writer.writerow(
                [
                    f"João Araújo & Filhos <Ltda> {i}",
                    f"cliente{i}@example.com",
                    f"Rua das Flores, {i}\nSão Paulo - SP",
                    f"A-{i:05d}",
                    f"{100 + i},50",
                    "2026-12-01",
                    "Tênis de corrida; Meias esportivas",
                ]
            )
    return path


def child_merge(data: str, data_dir: str, out: str, jobs: int) -> None:
    """Run one merge in this process and print its figures (called in a fresh subprocess)."""
    from desktop.core.services.context import AppContext
    from desktop.core.services.merge import plan_merge, run_merge

    ctx = AppContext.create(data_dir)
    ctx.proofer.warm("pt-BR") if hasattr(ctx.proofer, "warm") else None
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    plan = plan_merge(ctx, "refund-approved", "pt-BR", Path(data), formats="docx,pdf")
    report = run_merge(ctx, plan, out_dir=Path(out), jobs=jobs)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    print(
        json.dumps(
            {
                "rows": plan.total_rows,
                "issued": len(report.issued),
                "failed": len(report.failed),
                "stopped": report.stopped,
                "problems": [p.message for p in report.failed[:3]],
                "seconds": round(seconds, 2),
                "letters_per_second": round(len(report.issued) / seconds, 1),
                "cpu_ms_per_letter_all_processes": round(
                    1000 * cpu / max(len(report.issued), 1), 1
                ),
                "rows_proofed_in_full": report.proofed_in_full,
                "peak_rss_mb_coordinator": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
                "peak_rss_mb_largest_worker": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
                ),
            }
        )
    )


def _cpu_seconds() -> float:
    """Return the CPU time of this process and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ensure_bytecode() -> bool:
    """Compile the installed packages and Missiva to bytecode if Python may not cache it.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on some build machines), every process compiles
    every module it imports from source again: each worker's start-up would then cost ~0.35 s
    more than on a desk, where Python caches the bytecode at the first run. The caches are
    written once, before anything is timed. Returns whether the flag was set.
    """
    if not sys.flags.dont_write_bytecode:
        return False
    import site
    import sysconfig

    paths = {sysconfig.get_paths()["purelib"], *site.getsitepackages(), str(ROOT / "desktop")}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *sorted(paths)],
        capture_output=True,
        check=False,
    )
    return True


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def stages(rows: int, language: str) -> dict[str, Any]:
    """Merge ``rows`` letters in this process (one job); return CPU and wall ms per stage.

    Stages are timed by wrapping the functions the merge calls (validation, composition, the
    proofing gate, each writer, the file writes); numbering and register entry are what issuing
    spends outside rendering and writing.
    """
    import desktop.core.merge.gate as gate
    import desktop.core.services.issuing as issuing
    import desktop.core.services.merge as merge
    import desktop.core.templates as templates
    from desktop.core.services.context import AppContext

    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)

    def timed(owner: Any, name: str, label: Callable[..., str]) -> None:
        function = getattr(owner, name)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start_cpu, start = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                cpu[label(*args, **kwargs)] += time.process_time() - start_cpu
                wall[label(*args, **kwargs)] += time.perf_counter() - start

        setattr(owner, name, wrapper)

    timed(merge, "_row_values", lambda *a, **k: "validate_row")
    timed(templates, "compose", lambda *a, **k: "compose")
    timed(gate.MergeGate, "check", lambda *a, **k: "proofing_gate")
    timed(merge, "render_bytes", lambda ctx, doc, fmt: f"render_{fmt}")
    timed(issuing, "write_new", lambda *a, **k: "write_fsync")
    timed(merge, "issue_document", lambda *a, **k: "issue")
    with tempfile.TemporaryDirectory(prefix="missiva-stages-") as tmp:
        work = Path(tmp)
        ctx = AppContext.create(str(work / "data"))
        warm_rows = write_refund_csv(work / "warm.csv", 2)
        warm_plan = merge.plan_merge(
            ctx, "refund-approved", language, warm_rows, formats="docx,pdf"
        )
        merge.run_merge(ctx, warm_plan, out_dir=work / "warm")  # fonts, layouts, dictionaries
        cpu.clear()
        wall.clear()
        data = write_refund_csv(work / "rows.csv", rows)
        load_start = _load()
        start_cpu, start = time.process_time(), time.perf_counter()
        plan = merge.plan_merge(ctx, "refund-approved", language, data, formats="docx,pdf")
        report = merge.run_merge(ctx, plan, out_dir=work / "out")
        total_cpu, total = time.process_time() - start_cpu, time.perf_counter() - start
    inside = ("render_docx", "render_pdf", "write_fsync")
    for table in (cpu, wall):
        table["numbering_and_register"] = table.pop("issue", 0.0) - sum(table[k] for k in inside)
    for table, whole in ((cpu, total_cpu), (wall, total)):
        table["other"] = whole - sum(table.values())
        table["total"] = whole
    issued = max(len(report.issued), 1)
    return {
        "rows": rows,
        "issued": len(report.issued),
        "language": language,
        "rows_proofed_in_full": report.proofed_in_full,
        "cpu_ms_per_letter": {k: round(1000 * v / issued, 2) for k, v in cpu.items()},
        "wall_ms_per_letter": {k: round(1000 * v / issued, 2) for k, v in wall.items()},
        "load_average": {"start": load_start, "end": _load()},
    }


def run_merge_in_subprocess(rows: int, jobs: int, work: Path) -> dict[str, object]:
    """Merge ``rows`` letters in a fresh process; return its figures."""
    data = write_refund_csv(work / f"rows-{rows}.csv", rows)
    out = work / f"out-{rows}"
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(data),
            str(work / f"data-{rows}"),
            str(out),
            str(jobs),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["out"] = str(out)
    return figures


def libreoffice_batch(docx_dir: Path, work: Path) -> dict[str, object] | None:
    """Convert every DOCX in ``docx_dir`` to PDF with one soffice call; None if absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    files = sorted(str(p) for p in docx_dir.glob("*.docx"))
    target = work / "lo-pdf"
    profile = work / "lo-profile"
    started = time.perf_counter()
    # One soffice call silently stops after about 250 files (exit 0, no message; seen with
    # LibreOffice 7.4 here), so convert in batches of LO_BATCH files per call.
    for start in range(0, len(files), LO_BATCH):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(target),
                *files[start : start + LO_BATCH],
            ],
            capture_output=True,
            check=True,
            timeout=7200,
        )
    seconds = time.perf_counter() - started
    converted = len(list(target.glob("*.pdf")))
    return {
        "files": len(files),
        "converted": converted,
        "seconds": round(seconds, 1),
        "files_per_second": round(converted / seconds, 2),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def mail_bench(rows: int, work: Path) -> dict[str, object]:
    """Issue and send ``rows`` payment-received e-mails to a loopback aiosmtpd server."""
    from aiosmtpd.controller import Controller

    from desktop.core.services.context import AppContext
    from desktop.core.services.merge import plan_merge, run_merge

    received: list[int] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(len(envelope.content))
            return "250 OK"

    port = _free_port()
    data_dir = work / "mail-data"
    data_dir.mkdir()
    (data_dir / "settings.toml").write_text(
        f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nfrom_address = "care@example.com"\n',
        encoding="utf-8",
    )
    data = work / "orders.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_name", "customer_email", "order_number", "order_date", "amount"])
        for i in range(1, rows + 1):
            writer.writerow(
                [f"Ana Souza {i}", f"ana{i}@example.com", f"B-{i}", "2026-11-20", "99.90"]
            )
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        ctx = AppContext.create(str(data_dir))
        plan = plan_merge(ctx, "payment-received", "en", data, formats="txt")
        started = time.perf_counter()
        report = run_merge(ctx, plan, send=True)
        seconds = time.perf_counter() - started
    finally:
        controller.stop()
    return {
        "messages": len(received),
        "sent": report.mail_sent,
        "seconds": round(seconds, 2),
        "messages_per_second_including_issuing": round(len(received) / seconds, 1),
    }


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-libreoffice", action="store_true")
    parser.add_argument("--child", nargs=4)
    parser.add_argument("--stages", type=int, default=0, metavar="ROWS")
    parser.add_argument("--language", default="pt-BR")
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(stages(args.stages, args.language), indent=2))
        return
    if args.child:
        data, data_dir, out, jobs = args.child
        child_merge(data, data_dir, out, int(jobs))
        return
    compiled = ensure_bytecode()
    with tempfile.TemporaryDirectory(prefix="missiva-bench-") as tmp:
        work = Path(tmp)
        load: dict[str, list[float]] = {"start": _load()}
        small = run_merge_in_subprocess(100, args.jobs, work)
        large = run_merge_in_subprocess(args.rows, args.jobs, work)
        load["after_merge"] = _load()
        result: dict[str, object] = {
            "jobs": args.jobs,
            "bytecode_compiled_first": compiled,
            "merge": {"100": small, str(args.rows): large},
        }
        lo = None if args.skip_libreoffice else libreoffice_batch(Path(str(large["out"])), work)
        load["after_libreoffice"] = _load()
        if lo is not None:
            lo["ratio_libreoffice_over_missiva_merge"] = round(
                float(lo["seconds"]) / float(large["seconds"]), 1
            )
        result["libreoffice"] = lo
        result["mail"] = mail_bench(args.rows, work)
        load["end"] = _load()
        result["load_average"] = load
        for figures in (small, large):
            figures.pop("out", None)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
