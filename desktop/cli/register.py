"""``missiva register list|export|verify|void``, ``missiva incoming add`` and ``missiva verify``.

Dates are ``YYYY-MM-DD``. ``register verify`` and ``verify`` exit with 1 when something is
wrong (a broken chain, a changed, void or unknown file or code), so scripts can rely on them.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json
from desktop.core.errors import FieldError

if TYPE_CHECKING:  # imported when a command runs: the register pulls in SQLAlchemy
    from desktop.core.register import SearchFilters

FromOpt = Annotated[str | None, typer.Option("--from", metavar="DATE", help="From this date")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Up to this date")]
StatusOpt = Annotated[
    str, typer.Option("--status", help="draft, issued, received, sent, printed, replied, void")
]
DirectionOpt = Annotated[str, typer.Option("--direction", help="out or in")]
KindOpt = Annotated[str, typer.Option("--kind", help="letter, memo, email or snippet")]
SeriesOpt = Annotated[str, typer.Option("--series", help="Numbering series id")]
CorrespondentOpt = Annotated[
    str, typer.Option("--correspondent", help="Name, organisation or e-mail")
]
SearchOpt = Annotated[
    str, typer.Option("--search", help="Text in reference, subject or correspondent")
]
OverdueOpt = Annotated[
    bool, typer.Option("--overdue", help="Incoming items past their reply-by date")
]


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise FieldError(
            f"'{value}' is not a date", field=option, hint="Write it as YYYY-MM-DD."
        ) from None


FILTER_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    # (parameter, annotated option, default): shared by ``register list`` and ``export``
    ("date_from", FromOpt, None),
    ("date_to", ToOpt, None),
    ("status", StatusOpt, ""),
    ("direction", DirectionOpt, ""),
    ("kind", KindOpt, ""),
    ("series", SeriesOpt, ""),
    ("correspondent", CorrespondentOpt, ""),
    ("search", SearchOpt, ""),
    ("overdue", OverdueOpt, False),
)


def _filters(values: dict[str, Any]) -> SearchFilters:
    from desktop.core.register import SearchFilters

    return SearchFilters(
        date_from=_date(values["date_from"], "--from"),
        date_to=_date(values["date_to"], "--to"),
        direction=values["direction"],
        kind=values["kind"],
        status=values["status"],
        series=values["series"],
        correspondent=values["correspondent"],
        text=values["search"],
        overdue=values["overdue"],
    )


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the list filters (``--from`` ... ``--overdue``) as one ``filters``.

    Typer builds a command's options from its signature, so the wrapper's signature is the
    command's own, with the filter options where ``filters`` was (after required options).
    """
    keyword = inspect.Parameter.KEYWORD_ONLY

    def resolved(annotation: Any) -> Any:  # postponed annotations are strings
        return eval(annotation, command.__globals__) if isinstance(annotation, str) else annotation

    own = [  # all but ``filters``, whose type is imported only when a command runs
        param.replace(kind=keyword, annotation=resolved(param.annotation))
        for param in inspect.signature(command).parameters.values()
        if param.name != "filters"
    ]
    required = sum(1 for param in own if param.default is inspect.Parameter.empty)
    added = [
        inspect.Parameter(name, keyword, annotation=option, default=default)
        for name, option, default in FILTER_OPTIONS
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name, _option, _default in FILTER_OPTIONS}
        command(filters=_filters(values), **kwargs)

    wrapper.__signature__ = inspect.Signature([*own[:required], *added, *own[required:]])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {}  # Typer evaluates these too; the signature carries them
    return wrapper


def _line(record: dict[str, Any]) -> str:
    who = record["correspondent"] or record["organisation"] or ""
    ref = record["reference"] or f"draft #{record['id']}"
    return f"{ref:<24} {record['date'] or '':<10} {record['direction']:<3} {record['status']:<9} {who[:28]:<28} {record['subject']}"


def _register_group() -> typer.Typer:
    group = typer.Typer(
        help="List, export, verify and void register entries.", no_args_is_help=True
    )

    @group.command("list")
    @guarded
    @with_filters
    def list_entries(
        filters: SearchFilters,
        page: Annotated[int, typer.Option("--page", min=1, help="Page number")] = 1,
        page_size: Annotated[int, typer.Option("--page-size", min=1, max=10000)] = 50,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """List register entries, newest first (the total stops counting at 10,000)."""
        from desktop.core.register.queries import entry_record

        ctx = make_context(data_dir)
        rows, total = ctx.register.search(filters, page, page_size)
        records = [entry_record(e) for e in rows]
        if json_output:
            print_json(
                {
                    "page": page,
                    "page_size": page_size,
                    "total": total,
                    "total_exact": total.exact,
                    "entries": records,
                }
            )
            return
        for record in records:
            typer.echo(_line(record))
        first = (page - 1) * page_size
        shown = f"{first + 1}-{first + len(records)}" if records else "0"
        typer.echo(f"{shown} of {total.display()} ({filters.describe()})")

    @group.command("export")
    @guarded
    @with_filters
    def export(
        fmt: Annotated[str, typer.Option("--format", help="csv, xlsx or pdf")],
        out: Annotated[Path, typer.Option("--out", help="File to write", dir_okay=False)],
        filters: SearchFilters,
        language: Annotated[
            str | None,
            typer.Option(
                "--language",
                help="Language of headers, statuses and directions: en, pt-BR or id "
                "(default: the interface language)",
            ),
        ] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Export the entries matching the filters to CSV, XLSX or a PDF report.

        The PDF report carries the organisation's letterhead and the filters used.
        """
        from desktop.core.i18n import system_ui_language
        from desktop.core.register.exports import EXPORT_LANGUAGES, export_language

        if fmt.lower() not in ("csv", "xlsx", "pdf"):
            raise FieldError(
                f"unknown export format '{fmt}'", field="--format", hint="Use csv, xlsx or pdf."
            )
        ctx = make_context(data_dir)
        asked = language if language is not None else ctx.settings.ui_language
        code = export_language(asked or system_ui_language())
        if not code:
            raise FieldError(
                f"'{asked}' is not a language exports are written in",
                field="--language",
                hint=f"Use one of {', '.join(EXPORT_LANGUAGES)}.",
            )
        count = ctx.register.export(
            fmt.lower(), filters, out, language=code, profile=ctx.settings.organisation
        )
        typer.echo(f"{count} entries written to {out}")

    @group.command("verify")
    @guarded
    def verify_register(json_output: JsonFlag = False, data_dir: DataDir = None) -> None:
        """Check the hash chain, history, files and witness (exit 1 if anything is wrong).

        Also fails when the witness (``<data>/register.witness``) noted entries the register
        no longer has (newest entries removed, an older copy restored) and when an issued or
        incoming file in the data folder has no entry.
        """
        from desktop.core.services.issuing import recover_temp_files

        ctx = make_context(data_dir)
        folders = (ctx.paths.output_dir, ctx.paths.incoming_dir)
        for folder in folders:
            recover_temp_files(ctx.register, folder, recursive=True)
        report = ctx.register.verify_chain(folders=folders)
        if json_output:
            print_json(report.to_dict())
        else:
            typer.echo(
                f"{report.entries_checked} {'entry' if report.entries_checked == 1 else 'entries'}"
                f" and {report.files_checked} {'file' if report.files_checked == 1 else 'files'}"
                " checked."
            )
            if report.first_broken is not None:
                typer.echo(f"First broken link: {report.first_broken.detail}")
            for problem in report.problems:
                typer.echo(f"  {problem.kind}: {problem.detail}")
            typer.echo(
                "The register is intact."
                if report.ok
                else f"{len(report.problems)} problem(s) found."
            )
            if ctx.register.witness is not None:
                typer.echo(f"Witness: {ctx.register.witness.path}")
        if not report.ok:
            raise typer.Exit(1)

    @group.command("void")
    @guarded
    def void(
        reference: Annotated[str, typer.Argument(metavar="REF", help="Reference (or id) to void")],
        reason: Annotated[
            str, typer.Option("--reason", help="Why it is void (kept in the history)")
        ],
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Void an entry: it keeps its number, with the reason."""
        from desktop.core.register.queries import entry_record

        ctx = make_context(data_dir)
        entry = ctx.register.void(reference, reason)
        if json_output:
            print_json(entry_record(entry))
        else:
            typer.echo(f"{entry.display_reference} is void: {reason.strip()}")

    return group


def _incoming_group() -> typer.Typer:
    group = typer.Typer(help="Log incoming correspondence.", no_args_is_help=True)

    @group.command("add")
    @guarded
    def add(
        sender: Annotated[str, typer.Option("--from", help="Who sent it")],
        subject: Annotated[str, typer.Option("--subject", help="What it is about")],
        received: Annotated[
            str | None, typer.Option("--received", metavar="DATE", help="Default: today")
        ] = None,
        reply_by: Annotated[
            str | None,
            typer.Option(
                "--reply-by", metavar="DATE", help="Default: reply_days working days later"
            ),
        ] = None,
        file: Annotated[
            Path | None,
            typer.Option("--file", help="A copy to keep (scan, PDF, e-mail)", dir_okay=False),
        ] = None,
        email: Annotated[str, typer.Option("--email", help="Sender's e-mail address")] = "",
        organisation: Annotated[
            str, typer.Option("--organisation", help="Sender's organisation")
        ] = "",
        text_file: Annotated[
            Path | None, typer.Option("--text-file", help="The item's text", dir_okay=False)
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Log an incoming letter or e-mail with a reply-by date."""
        from desktop.core.register.queries import entry_record
        from desktop.core.services.issuing import record_incoming

        ctx = make_context(data_dir)
        text = ""
        if text_file is not None:
            try:
                text = text_file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise FieldError(f"cannot read the text file: {exc}", file=text_file) from exc
        entry = record_incoming(
            ctx,
            sender=sender,
            subject=subject,
            received=_date(received, "--received"),
            reply_by=_date(reply_by, "--reply-by"),
            file=file,
            email=email,
            organisation=organisation,
            text=text,
        )
        record = entry_record(entry)
        record["files"] = [{"path": f.path, "sha256": f.sha256} for f in entry.files]
        if json_output:
            print_json(record)
        else:
            typer.echo(f"{entry.reference}: {subject} from {sender}, reply by {record['reply_by']}")

    return group


def register(app: typer.Typer) -> None:
    """Add ``register``, ``incoming`` and ``verify`` to the root app."""
    app.add_typer(_register_group(), name="register")
    app.add_typer(_incoming_group(), name="incoming")

    @app.command("verify")
    @guarded
    def verify(
        file: Annotated[
            Path | None, typer.Argument(metavar="FILE", help="An issued DOCX/PDF", dir_okay=False)
        ] = None,
        code: Annotated[
            str | None, typer.Option("--code", help="The verification code printed on a letter")
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Say whether a file or code is genuine, void, changed, lost or unknown (exit 1 unless genuine).

        ``lost``: this data folder's witness saw it issued, and the register no longer has it.
        ``registered_incoming`` (exit 0): the file was logged with an incoming item; it is
        registered as received, which says nothing of who wrote it.
        """
        if (file is None) == (code is None):
            raise FieldError("give either FILE or --code CODE")
        ctx = make_context(data_dir)
        result = (
            ctx.register.check_file(file)
            if file is not None
            else ctx.register.check_code(code or "")
        )
        data = result.to_dict()
        if file is not None:
            data["signatures"] = _signatures(file)
        if json_output:
            print_json(data)
        else:
            typer.echo(_verdict(data))
        if result.result not in _FOUND:
            raise typer.Exit(1)


_FOUND = ("genuine", "registered_incoming")  # the results that exit 0


def _signatures(path: Path) -> dict[str, object] | None:
    try:
        from desktop.core.services.signing import check_file_signatures
    except ImportError:
        return None
    try:
        return check_file_signatures(path).to_dict()
    except Exception as exc:  # a signature check must never hide the register answer
        return {"signed": False, "error": str(exc)}


def _verdict(data: dict[str, Any]) -> str:
    result = data["result"]
    if result == "unknown":
        return "unknown: no register entry matches this file or code"
    if result == "lost":
        return (
            f"lost: this letter was issued as {data.get('reference') or '?'} "
            f"(register entry {data.get('chain_seq')}, {data.get('issued_at')}) but the register "
            "has lost it; was the database restored from an older copy? "
            "Run 'missiva register verify'."
        )
    ref, status, day = data.get("reference"), data.get("status"), data.get("date")
    if result == "registered_incoming":
        return _incoming_verdict(data)
    texts = {
        "genuine": f"genuine: {ref}, status {status}, dated {day}",
        "void": f"void: {ref} was voided (dated {day})",
        "changed": f"changed: this file does not match {ref} as registered (status {status}, dated {day})",
    }
    line = texts[result]
    signatures = data.get("signatures")
    if isinstance(signatures, dict) and signatures.get("signed"):
        line += "; signature " + ("valid" if signatures.get("valid") else "NOT valid")
    return line


def _incoming_verdict(data: dict[str, Any]) -> str:
    """Say that a file is the copy of a registered incoming item (not a letter we issued)."""
    from desktop.core.i18n import _

    sender = " — ".join(x for x in (data.get("correspondent"), data.get("organisation")) if x)
    return _(
        "registered incoming item {reference}, received {date} from {sender} (status {status}); "
        "it was logged as received, not issued by this organisation"
    ).format(
        reference=data.get("reference") or "?",
        date=data.get("received") or data.get("date") or "?",
        sender=sender or "?",
        status=data.get("status") or "?",
    )
