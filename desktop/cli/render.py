"""``missiva render``: compose a template with values, proof it, and write or issue it.

With ``--draft`` the files carry a draft mark and nothing is registered. Without it the letter
goes through the whole pipeline (README, "Write a letter"): proofing gate, number, files, register.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json
from desktop.cli.signing import SignOption, SignPasswordEnvOption, sign_password


def _values(data: Path | None, sets: list[str] | None, encoding: str | None) -> dict[str, Any]:
    from desktop.core.services.compose import load_values_file, parse_set_options

    values: dict[str, Any] = load_values_file(data, encoding=encoding) if data else {}
    values.update(parse_set_options(sets or []))
    return values


def register(app: typer.Typer) -> None:
    """Add the ``render`` command to the root app."""

    @app.command("render")
    @guarded
    def render(
        template_id: Annotated[
            str, typer.Argument(metavar="ID", help="Template id, e.g. refund-approved")
        ],
        language: Annotated[str, typer.Option("--language", "-l", help="en, pt-BR or id")],
        data: Annotated[
            Path | None,
            typer.Option("--data", help="Field values in a JSON or YAML file", dir_okay=False),
        ] = None,
        encoding: Annotated[
            str | None,
            typer.Option("--encoding", help="The --data file's encoding (default: detect)"),
        ] = None,
        sets: Annotated[
            list[str] | None,
            typer.Option("--set", help="NAME=VALUE (repeat; repeat a name for a list)"),
        ] = None,
        formats: Annotated[
            str, typer.Option("--format", help="docx, pdf, html, txt (comma-separated)")
        ] = "",
        out: Annotated[
            Path | None, typer.Option("--out", help="Output folder", file_okay=False)
        ] = None,
        draft: Annotated[
            bool, typer.Option("--draft", help="Write a draft: no number, no register entry")
        ] = False,
        accept_issues: Annotated[
            str | None,
            typer.Option(
                "--accept-issues", metavar="REASON", help="Issue despite blocking proofing issues"
            ),
        ] = None,
        sign: SignOption = None,
        sign_password_env: SignPasswordEnvOption = None,
        reply_to: Annotated[
            str | None,
            typer.Option("--reply-to", metavar="REF", help="Incoming entry this letter answers"),
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Render a template to DOCX/PDF (draft) or issue it into the register."""
        from desktop.core.services.compose import (
            compose_document,
            normalise_formats,
            write_draft_files,
        )

        ctx = make_context(data_dir)
        doc = compose_document(ctx, template_id, language, _values(data, sets, encoding))
        fmt = normalise_formats(formats, doc.kind)
        from desktop.core.proofing import gate

        report = ctx.proofer.check_document(doc)
        if draft:
            files = write_draft_files(ctx, doc, fmt, out or Path.cwd())
            result: dict[str, Any] = {
                "reference": None,
                "draft": True,
                "files": [
                    {"format": f.format, "path": str(f.path), "sha256": f.sha256} for f in files
                ],
                "proofing": report.summary(),
            }
        else:
            decision = gate(report, accept_issues)
            from desktop.core.services.issuing import issue_document
            from desktop.core.services.signing import letter_certificate, make_after_write_signer

            after_write = None
            sign = letter_certificate(ctx, doc, sign)
            if sign is not None:
                after_write = make_after_write_signer(
                    ctx, sign, sign_password(sign_password_env, sign), doc=doc
                )
            issued = issue_document(
                ctx,
                doc,
                formats=fmt,
                out_dir=out,
                decision=decision,
                in_reply_to=reply_to,
                after_write=after_write,
            )
            result = {
                "reference": issued.reference,
                "draft": False,
                "verification_code": issued.verification_code,
                "files": [
                    {"format": f.format, "path": str(f.path), "sha256": f.sha256}
                    for f in issued.files
                ],
                "proofing": decision.summary,
                "override_reason": decision.override_reason,
            }
        if json_output:
            print_json(result)
            return
        label = result["reference"] or "draft"
        typer.echo(f"{label}: {doc.title} ({doc.language})")
        for item in result["files"]:
            typer.echo(f"  {item['format']}: {item['path']}")
        summary = result["proofing"]
        typer.echo(f"  proofing: {_summary_line(summary)}")


def _summary_line(summary: dict[str, Any]) -> str:
    counts = summary.get("by_severity") or {}
    parts = [f"{counts.get(k, 0)} {k}(s)" for k in ("error", "warning", "hint")]
    notices = summary.get("notices") or []
    return ", ".join(parts) + ("; " + "; ".join(notices) if notices else "")
