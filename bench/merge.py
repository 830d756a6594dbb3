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

Usage: ``uv run python bench/merge.py [--rows 1000] [--jobs 2] [--skip-libreoffice]``
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    plan = plan_merge(ctx, "refund-approved", "pt-BR", Path(data), formats="docx,pdf")
    report = run_merge(ctx, plan, out_dir=Path(out), jobs=jobs)
    seconds = time.perf_counter() - started
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
                "peak_rss_mb_coordinator": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
                "peak_rss_mb_largest_worker": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
                ),
            }
        )
    )


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
    args = parser.parse_args()
    if args.child:
        data, data_dir, out, jobs = args.child
        child_merge(data, data_dir, out, int(jobs))
        return
    with tempfile.TemporaryDirectory(prefix="missiva-bench-") as tmp:
        work = Path(tmp)
        small = run_merge_in_subprocess(100, args.jobs, work)
        large = run_merge_in_subprocess(args.rows, args.jobs, work)
        result: dict[str, object] = {
            "jobs": args.jobs,
            "merge": {"100": small, str(args.rows): large},
        }
        lo = None if args.skip_libreoffice else libreoffice_batch(Path(str(large["out"])), work)
        if lo is not None:
            lo["ratio_libreoffice_over_missiva_merge"] = round(
                float(lo["seconds"]) / float(large["seconds"]), 1
            )
        result["libreoffice"] = lo
        result["mail"] = mail_bench(args.rows, work)
        for figures in (small, large):
            figures.pop("out", None)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
