"""``missiva merge``: one letter or e-mail per row of a CSV/XLSX file, resumable."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json
from desktop.cli.signing import SignOption, SignPasswordEnvOption, sign_password

if TYPE_CHECKING:  # imported when the command runs: the merge service pulls in the register
    from rich.console import Console

    from desktop.core.services.context import AppContext
    from desktop.core.services.merge import MergePlan, MergeReport
    from desktop.core.services.signing import DocumentSigner


def _print_report(console: Console, report: MergeReport) -> None:
    verb = "would issue" if report.dry_run else "issued"
    console.print(
        f"merge {report.merge_id}: {report.total_rows} row(s); {verb} {len(report.issued)}"
        f"{f', {report.already_issued} already issued earlier' if report.already_issued else ''}"
        f", {len(report.failed)} problem(s)"
        f"{f', {report.mail_queued} e-mail(s) queued ({report.mail_sent} sent)' if report.mail_queued else ''}"
    )
    for problem in sorted(report.failed, key=lambda p: p.row):
        where = f"row {problem.row}" + (f", column {problem.column}" if problem.column else "")
        console.print(f"  {where}: {problem.message}", markup=False, highlight=False)
    if report.cancelled:
        console.print("cancelled: run the same command again to continue where it stopped")
    if report.stopped:
        console.print(f"stopped: {report.stopped}", markup=False, highlight=False)
        console.print("Fix the cause and run the same command again: it continues from that row.")


def _signer(
    ctx: AppContext, plan: MergePlan, sign: Path | None, password_env: str | None, dry_run: bool
) -> DocumentSigner | None:
    """Open every certificate the merge needs once, before any row is issued (None: unsigned)."""
    from desktop.core.services.merge_signing import make_merge_signer, merge_certificates

    certificates = merge_certificates(ctx, plan, sign)
    if not certificates or dry_run:
        return None
    from desktop.core.services.signing import make_document_signer

    signers = {
        path: make_document_signer(ctx, path, sign_password(password_env, path))
        for path in certificates
    }
    return make_merge_signer(ctx, plan, signers, sign)


def register(app: typer.Typer) -> None:
    """Add the ``merge`` command to the root app."""

    @app.command("merge")
    @guarded
    def merge(
        template_id: Annotated[str, typer.Argument(metavar="ID")],
        language: Annotated[
            str, typer.Option("--language", "-l", help="Default language (a language column wins)")
        ],
        data: Annotated[
            Path,
            typer.Option("--data", help="CSV or XLSX file, one record per row", dir_okay=False),
        ],
        out: Annotated[
            Path | None, typer.Option("--out", help="Output folder", file_okay=False)
        ] = None,
        formats: Annotated[
            str, typer.Option("--format", help="docx, pdf, html, txt (comma-separated)")
        ] = "",
        send: Annotated[
            bool, typer.Option("--send", help="E-mail each issued row through the outbox")
        ] = False,
        jobs: Annotated[
            int, typer.Option("--jobs", min=1, max=32, help="Processes rendering in parallel")
        ] = 1,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Validate, proof and show; issue nothing")
        ] = False,
        mapping: Annotated[
            Path | None, typer.Option("--map", help="YAML/JSON: column -> field", dir_okay=False)
        ] = None,
        encoding: Annotated[
            str | None,
            typer.Option("--encoding", help="The CSV's encoding, e.g. cp1252 (default: detect)"),
        ] = None,
        strict: Annotated[
            bool, typer.Option("--strict", help="Issue nothing if any row has a problem")
        ] = False,
        accept_issues: Annotated[
            str | None,
            typer.Option(
                "--accept-issues", metavar="REASON", help="Override blocking proofing issues"
            ),
        ] = None,
        sign: SignOption = None,
        sign_password_env: SignPasswordEnvOption = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Issue one letter per row of a CSV/XLSX file (validated first; resumable)."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from desktop.core.services.merge import plan_merge, run_merge

        ctx = make_context(data_dir)
        plan = plan_merge(
            ctx,
            template_id,
            language,
            data,
            formats=formats,
            mapping_file=mapping,
            encoding=encoding,
        )
        signer = _signer(ctx, plan, sign, sign_password_env, dry_run)
        cancel = threading.Event()
        previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
        console = Console(stderr=json_output)
        try:
            with Progress(
                TextColumn("[bold]merge"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=console,
                transient=json_output,
                disable=not console.is_terminal and not json_output,
            ) as bar:
                task = bar.add_task("merge", total=plan.valid_rows, rate="")

                def progress(done: int, total: int) -> None:
                    elapsed = bar.tasks[0].elapsed or 0.0
                    rate = f"{done / elapsed:.1f} rows/s" if elapsed > 0 and done else ""
                    bar.update(task, completed=done, total=total, rate=rate)

                report = run_merge(
                    ctx,
                    plan,
                    out_dir=out,
                    jobs=jobs,
                    send=send,
                    accept_issues=accept_issues,
                    strict=strict,
                    dry_run=dry_run,
                    progress=progress,
                    cancel=cancel,
                    signer=signer,
                )
        finally:
            signal.signal(signal.SIGINT, previous)
        if json_output:
            data_out: dict[str, Any] = report.to_dict()
            print_json(data_out)
        else:
            _print_report(console, report)
        raise typer.Exit(merge_exit_code(report))


EXIT_ROWS_FAILED = 4
EXIT_CANCELLED = 130


def merge_exit_code(report: MergeReport) -> int:
    """Return the exit code of a merge (README, *Batch merge*).

    0: every row issued (or issued by an earlier run: a re-run that has nothing left to do);
    1: stopped by an error that is not a row's (disk full, register unreachable), or the file
    has no rows; 4: one or more rows failed (validation, proofing, rendering), also in a dry
    run and also when no row was issued at all; 130: cancelled with Ctrl+C.
    """
    if report.stopped:
        return 1
    if report.cancelled:
        return EXIT_CANCELLED
    if report.failed:
        return EXIT_ROWS_FAILED
    if report.total_rows == 0:
        return 1
    return 0
