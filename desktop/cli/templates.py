"""``missiva templates list|show|preview``: browse the template library from the terminal.

A template file that fails to load is listed by ``list`` with every problem it has (file and
line each); ``show`` of it says it failed to load and why (exit 1). ``preview`` writes a
draft-marked PDF filled with realistic sample values, never over an existing file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json

if TYPE_CHECKING:
    from desktop.core.models import Template
    from desktop.core.services.context import AppContext
    from desktop.core.templates.catalog import Catalog

PREVIEW_SUFFIX = "preview"
MAX_PREVIEW_NUMBER = 1000


def _summary(template: Template) -> dict[str, object]:
    return {
        "id": template.id,
        "language": template.language,
        "kind": template.kind,
        "title": template.title,
        "description": template.description,
        "category": template.category,
        "series": template.series,
        "shipped": template.shipped,
        "source": str(template.source) if template.source else None,
    }


def _field_summary(template: Template) -> list[dict[str, object]]:
    return [
        {
            "name": spec.name,
            "label": spec.label,
            "type": spec.type,
            "required": spec.required,
            "default": spec.default,
            "choices": list(spec.choices),
            "choice_labels": {code: spec.choice_label(code) for code in spec.choices},
            "help": spec.help,
        }
        for spec in template.fields
    ]


def register(app: typer.Typer) -> None:
    """Add the ``templates`` command group to the root app."""
    group = typer.Typer(help="Browse the template library.", no_args_is_help=True)
    app.add_typer(group, name="templates")

    @group.command("list")
    @guarded
    def list_templates(
        language: Annotated[
            str | None,
            typer.Option(
                "--language", "-l", help="en, pt-BR or id (pt_BR, en-GB ... are understood)"
            ),
        ] = None,
        kind: Annotated[
            str | None,
            typer.Option(
                "--kind", "-k", help="letter, memo, email or snippet (letters ... understood)"
            ),
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """List the templates (shipped and your own)."""
        ctx = make_context(data_dir)
        catalog = ctx.catalog
        templates = catalog.templates(language=language, kind=kind)
        if json_output:
            print_json(
                {
                    "templates": [_summary(t) for t in templates],
                    "broken": _broken(catalog, language),
                    "user_templates_dir": str(ctx.paths.user_templates_dir),
                    "problems": [p.to_dict() for p in catalog.problems],
                }
            )
            return
        from rich.console import Console
        from rich.table import Table

        console = Console()
        table = Table(show_lines=False)
        table.add_column("id", no_wrap=True)  # ids are what people copy into commands
        for column in ("language", "kind", "category", "title"):
            table.add_column(column)
        for t in templates:
            table.add_row(t.id, t.language, t.kind, t.category, t.title)
        console.print(table)
        _print_broken(catalog, language)
        from desktop.core.i18n import _

        typer.echo(_("Your templates folder: {folder}").format(folder=ctx.paths.user_templates_dir))
        broken = {id(p) for problems in catalog.broken.values() for p in problems}
        for problem in catalog.problems:
            if id(problem) not in broken:
                typer.echo(f"warning: {problem.describe()}", err=True)

    @group.command("show")
    @guarded
    def show_template(
        template_id: Annotated[str, typer.Argument(metavar="ID")],
        language: Annotated[
            str,
            typer.Option(
                "--language", "-l", help="en, pt-BR or id (pt_BR, en-GB ... are understood)"
            ),
        ] = "en",
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Show a template's description, fields and body."""
        ctx = make_context(data_dir)
        template = ctx.catalog.get(template_id, language)
        if json_output:
            data = _summary(template)
            data["subject"] = template.subject
            data["fields"] = _field_summary(template)
            data["body"] = template.body
            print_json(data)
            return
        typer.echo(f"{template.title} ({template.key}, {template.kind}, series {template.series})")
        typer.echo(template.description)
        typer.echo("")
        typer.echo("Fields:")
        for spec in template.fields:
            mark = "*" if spec.required else " "
            typer.echo(f" {mark} {spec.name} ({spec.type}) — {spec.label}")
            for code in spec.choices:
                label = spec.choice_label(code)
                default = (
                    " (default)" if spec.default is not None and str(spec.default) == code else ""
                )
                typer.echo(f"       {code}{' = ' + label if label != code else ''}{default}")
            if spec.help:
                typer.echo(f"       {spec.help}")
        typer.echo("")
        typer.echo(f"Subject: {template.subject}")
        typer.echo("")
        typer.echo(template.body.rstrip())

    @group.command("preview")
    @guarded
    def preview_template(
        template_id: Annotated[str, typer.Argument(metavar="ID")],
        language: Annotated[str, typer.Option("--language", "-l", help="en, pt-BR or id")],
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="PDF file to write (never replaced), or a folder "
                "(default: <id>-<language>-preview.pdf here)",
            ),
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """Write a draft PDF of a template filled with realistic sample values."""
        from desktop.core.i18n import _

        ctx = make_context(data_dir)
        template = ctx.catalog.get(template_id, language)
        data = _preview_pdf(ctx, template)
        path = _write_preview(data, out, f"{template.id}-{template.language}-{PREVIEW_SUFFIX}")
        if json_output:
            print_json({"template": template.key, "path": str(path), "bytes": len(data)})
            return
        typer.echo(
            _("Preview of {template} (draft, sample values): {path}").format(
                template=template.key, path=path
            )
        )


def _broken(catalog: Catalog, language: str | None) -> list[dict[str, Any]]:
    """Return the files that failed to load (of ``language`` when given), with their problems."""
    return [
        {
            "id": template_id,
            "language": lang,
            "file": problems[0].file if problems else None,
            "problems": [p.to_dict() for p in problems],
        }
        for (template_id, lang), problems in sorted(catalog.broken.items())
        if language is None or lang == language
    ]


def _print_broken(catalog: Catalog, language: str | None) -> None:
    """Print each template file that failed to load and every one of its problems."""
    from desktop.core.i18n import _

    entries = _broken(catalog, language)
    if not entries:
        return
    typer.echo("")
    typer.echo(_("Failed to load ({count}):").format(count=len(entries)))
    for entry in entries:
        typer.echo(f"  {entry['id']} ({entry['language']}) — {entry['file']}")
        for problem in entry["problems"]:
            line = problem.get("line")
            place = _("line {line}").format(line=line) + ": " if line is not None else ""
            hint = f" {problem['hint']}" if problem.get("hint") else ""
            typer.echo(f"    {place}{problem['message']}{hint}")


def _placeholder(spec: Any, today: Any) -> Any:
    """Return a stand-in for a required field no sample fits (shown as such in the preview)."""
    return {
        "list": [f"[{spec.label}]"],
        "email": "name@example.com",
        "date": today,
        "money": "1",
        "number": "1",
        "bool": True,
        "choice": spec.choices[0] if spec.choices else "",
    }.get(spec.type, f"[{spec.label}]")


def _preview_values(template: Template, today: Any) -> dict[str, Any]:
    """Return sample values for every field that has one, and a stand-in for required others."""
    from desktop.core.errors import FieldError
    from desktop.core.services.sample_values import sample_values
    from desktop.core.templates import parse_value

    values = sample_values(template, today)
    for spec in template.fields:
        if spec.name in values or not spec.required:
            continue
        stand_in = _placeholder(spec, today)
        try:
            parse_value(spec, stand_in, language=template.language, template_key=template.key)
        except FieldError:
            continue  # the compose below names the field
        values[spec.name] = stand_in
    return values


def _preview_pdf(ctx: AppContext, template: Template) -> bytes:
    """Compose ``template`` with sample values (a draft: no reference) and render its PDF."""
    from desktop.core.rendering import render_pdf
    from desktop.core.templates import compose

    today = ctx.today()
    doc = compose(
        template, _preview_values(template, today), ctx.settings.organisation, today=today
    )
    return render_pdf(doc, ctx.settings.organisation)


def _write_preview(data: bytes, out: Path | None, stem: str) -> Path:
    """Write the PDF as a new file; return its path. Nothing is ever replaced.

    ``--out FILE`` that exists is refused; a folder (or no ``--out``: the current folder) gets
    ``<stem>.pdf``, else ``<stem> (2).pdf`` ... .
    """
    from desktop.core.errors import RenderError
    from desktop.core.i18n import _
    from desktop.core.rendering import atomic_write

    if out is not None and not out.is_dir():
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        if out.exists() or out.is_symlink():
            raise RenderError(
                _("the file already exists; a preview never replaces a file"),
                file=out,
                hint=_("Choose another name, or give a folder to get a free name there."),
            )
        if not out.parent.is_dir():
            raise RenderError(_("the folder does not exist"), file=out.parent)
        try:
            atomic_write(out, data)
        except FileExistsError:
            raise RenderError(
                _("the file already exists; a preview never replaces a file"), file=out
            ) from None
        return out
    folder = out if out is not None else Path.cwd()
    for number in range(1, MAX_PREVIEW_NUMBER + 1):
        name = f"{stem}.pdf" if number == 1 else f"{stem} ({number}).pdf"
        try:
            return atomic_write(folder / name, data)
        except FileExistsError:
            continue
    raise RenderError(
        _("{count} previews named '{stem}' are already in this folder").format(
            count=MAX_PREVIEW_NUMBER, stem=stem
        ),
        file=folder,
        hint=_("Choose another output folder."),
    )
