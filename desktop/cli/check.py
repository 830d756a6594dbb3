"""``missiva check``: proof a text file (or standard input) and print the report.

Exit codes: 0 nothing blocks, 2 blocking issues remain (spelling errors, obscene words,
unfilled placeholders), 1 bad input (unknown language, unreadable file).

A bare text has no field values, so a capitalised unknown word inside a sentence is taken for
a name: a hint (``spelling.probable_name``) that does not block. Words of the organisation
profile (name, address, people, city), place names and the language's abbreviations are known.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json
from desktop.core.errors import ProofingError

if TYPE_CHECKING:  # the proofer is imported when the command runs
    from desktop.core.proofing import ProofingReport

KINDS = ("letter", "memo", "email", "snippet")
MAX_SUGGESTED = 20  # spelling suggestions cost 20-300 ms a word: only for the first ones


def _read(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ProofingError(f"cannot read the file: {exc.strerror or exc}", file=path) from exc
        where = str(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ProofingError("the text is not readable (unknown encoding)", file=where) from None
        return str(best)


def with_spelling_suggestions(report: ProofingReport, proofer: Any) -> ProofingReport:
    """Return the report with on-demand suggestions filled in for the first unknown words."""
    issues = []
    budget = MAX_SUGGESTED
    for issue in report.issues:
        if issue.rule_id == "spelling.unknown" and not issue.suggestions and budget > 0:
            budget -= 1
            found = proofer.suggest(report.flagged(issue), report.language)[:3]
            issue = replace(issue, suggestions=tuple(found))
        issues.append(issue)
    return replace(report, issues=tuple(issues))


def render_report(report: ProofingReport) -> list[str]:
    """Return the readable lines of a report: one per issue, then the notices and a total."""
    out = []
    for issue in report.issues:
        line, column = report.position(issue.offset)
        text = report.flagged(issue).replace("\n", " ")
        if len(text) > 40:
            text = text[:37] + "..."
        hint = f" -> {', '.join(issue.suggestions[:3])}" if issue.suggestions else ""
        out.append(
            f"{line}:{column} {issue.severity} [{issue.category}] {issue.message}"
            f" «{text}»{hint} ({issue.rule_id})"
        )
    for notice in report.notices:
        out.append(f"note: {notice}")
    summary = report.summary()
    counts = summary["by_severity"]
    out.append(
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['hint']} hint(s)"
        + (" — blocks issuing" if report.blocking else "")
    )
    return out


def register(app: typer.Typer) -> None:
    """Add ``missiva check`` to the root app."""

    @app.command("check")
    @guarded
    def check(
        source: Annotated[
            str, typer.Argument(metavar="[FILE|-]", help="Text file to check, or - for stdin")
        ] = "-",
        language: Annotated[
            str, typer.Option("--language", "-l", help="en, en-GB, pt-BR or id")
        ] = "en",
        kind: Annotated[
            str, typer.Option("--kind", help="letter, memo, email or snippet")
        ] = "letter",
        reply_to: Annotated[
            Path | None,
            typer.Option("--reply-to", help="Incoming message text: list its questions"),
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Proof a text: spelling, grammar and house style; exit 2 when something blocks."""
        from desktop.core.proofing import normalise_language

        normalise_language(language)
        if kind not in KINDS:
            raise ProofingError(f"unknown kind '{kind}'", hint="Use " + ", ".join(KINDS) + ".")
        text = _read(source)
        incoming = _read(str(reply_to)) if reply_to is not None else None
        ctx = make_context(data_dir)
        report = ctx.proofer.check_text(text, language, kind=kind, reply_to_text=incoming)
        report = with_spelling_suggestions(report, ctx.proofer)
        if json_output:
            print_json(report.summary())
        else:
            for line in render_report(report):
                typer.echo(line)
        if report.blocking:
            raise typer.Exit(2)
