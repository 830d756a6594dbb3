"""``missiva dictionary add|list|remove``: the words the spelling check accepts as well.

The lists are the personal and organisation word lists of the data folder
(``<data folder>/dictionaries/personal-<language>.txt`` and ``organisation-<language>.txt``,
one word a line), the same the window's "Add to dictionary" writes. ``ignore`` is the window's
"Ignore all" list; it can be listed and cleaned here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from desktop.cli.common import DataDir, JsonFlag, guarded, make_context, print_json

if TYPE_CHECKING:
    from desktop.core.proofing.dictionaries import WordLists

HELP = "Add, list and remove the words of your personal and organisation dictionaries."
SCOPES = ("personal", "organisation", "ignore")

LanguageOption = Annotated[
    str, typer.Option("--language", "-l", help="en, en-GB, pt-BR or id", show_default=False)
]


def _open(data_dir: object, language: str) -> tuple[WordLists, str]:
    """Return the data folder's word lists and the language in our spelling (pt-br -> pt-BR)."""
    from desktop.core.proofing import normalise_language
    from desktop.core.proofing.dictionaries import WordLists

    ctx = make_context(data_dir)  # type: ignore[arg-type]
    return WordLists(ctx.paths.dictionaries_dir), normalise_language(language)


def _scope(value: str | None, allowed: tuple[str, ...]) -> str | None:
    """Check a ``--scope`` value; a wrong one is a usage error naming the allowed ones."""
    if value is None or value in allowed:
        return value
    from desktop.core.errors import ProofingError
    from desktop.core.i18n import _
    from desktop.core.templates.frontmatter import did_you_mean

    raise ProofingError(
        _("unknown dictionary scope '{scope}'").format(scope=value) + did_you_mean(value, allowed),
        hint=_("Use one of: {scopes}.").format(scopes=", ".join(allowed)),
    )


def register(app: typer.Typer) -> None:
    """Add the ``dictionary`` command group to the root app."""
    group = typer.Typer(help=HELP, no_args_is_help=True)
    app.add_typer(group, name="dictionary")

    @group.command("add")
    @guarded
    def add(
        words: Annotated[list[str], typer.Argument(metavar="WORD...", help="Words to accept")],
        language: LanguageOption,
        scope: Annotated[
            str,
            typer.Option("--scope", help="personal (yours) or organisation (everyone's)"),
        ] = "personal",
        data_dir: DataDir = None,
    ) -> None:
        """Accept words from now on in the spelling check of one language."""
        from desktop.core.i18n import _

        chosen = _scope(scope, SCOPES[:2]) or "personal"
        lists, code = _open(data_dir, language)
        for word in words:
            lists.add(word, code, chosen)
        typer.echo(
            _("Added {count} word(s) to the {scope} {language} dictionary ({file}).").format(
                count=len(words), scope=chosen, language=code, file=lists.file(chosen, code)
            )
        )

    @group.command("list")
    @guarded
    def list_words(
        language: LanguageOption,
        scope: Annotated[
            str | None,
            typer.Option("--scope", help="personal, organisation or ignore (default: all)"),
        ] = None,
        json_output: JsonFlag = False,
        data_dir: DataDir = None,
    ) -> None:
        """List the words your dictionaries accept in one language."""
        from desktop.core.i18n import _

        chosen = _scope(scope, SCOPES)
        lists, code = _open(data_dir, language)
        scopes = (chosen,) if chosen else SCOPES
        found = {name: lists.listed(code, name) for name in scopes}
        if json_output:
            print_json({"language": code, "words": found})
            return
        for name, words in found.items():
            if chosen is None and not words and name == "ignore":
                continue
            typer.echo(
                _("{scope} ({count}, {file}):").format(
                    scope=name, count=len(words), file=lists.file(name, code)
                )
            )
            for word in words:
                typer.echo(f"  {word}")

    @group.command("remove")
    @guarded
    def remove(
        words: Annotated[list[str], typer.Argument(metavar="WORD...", help="Words to remove")],
        language: LanguageOption,
        scope: Annotated[
            str | None,
            typer.Option(
                "--scope", help="personal, organisation or ignore (default: wherever listed)"
            ),
        ] = None,
        data_dir: DataDir = None,
    ) -> None:
        """Remove words from your dictionaries (exit 1 if a word is in none of them)."""
        from desktop.core.errors import ProofingError
        from desktop.core.i18n import _
        from desktop.core.templates.frontmatter import did_you_mean

        chosen = _scope(scope, SCOPES)
        lists, code = _open(data_dir, language)
        scopes = (chosen,) if chosen else SCOPES
        missing: list[str] = []
        for word in words:
            removed = [name for name in scopes if lists.remove(word, code, name)]
            if removed:
                typer.echo(
                    _("Removed '{word}' from the {scopes} {language} dictionary.").format(
                        word=word.strip(), scopes=" and ".join(removed), language=code
                    )
                )
            else:
                missing.append(word)
        if missing:
            listed = [w for name in scopes for w in lists.listed(code, name)]
            raise ProofingError(
                _("not in the {scopes} {language} dictionary: {words}").format(
                    scopes="/".join(scopes), language=code, words=", ".join(missing)
                )
                + did_you_mean(missing[0].strip(), listed),
                file=lists.file(scopes[0], code) if len(scopes) == 1 else None,
                hint=_("See the words with: missiva dictionary list --language {language}").format(
                    language=code
                ),
            )
