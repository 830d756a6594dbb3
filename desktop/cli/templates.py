"""``missiva templates list|show``: browse the template library from the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json

if TYPE_CHECKING:
    from desktop.core.models import Template


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
        for problem in catalog.problems:
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
