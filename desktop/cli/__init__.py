"""The ``missiva`` command line (documented in README.md, "User guide (command line)").

``missiva`` with no arguments opens the window. Each command group lives in its own module
under ``desktop/cli/`` and registers itself on a Typer app through ``register(app)``; the root
group imports a module only when one of its commands runs (or its own ``--help`` is asked for),
so ``missiva --help`` and ``missiva --version`` load neither the register nor the proofer.
Exit codes: 0 success, 1 usage or input error, 2 blocked by proofing, 3 delivery failure.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import UsageError  # click's, as vendored by typer
from typer.core import TyperGroup

from desktop.cli.common import DataDir, console_error, set_root_data_dir

HELP = "Missiva: letters, memos and e-mails from templates, proofed, signed and registered."

# Command name -> (module that registers it, its one-line help). The help is written here so
# that ``missiva --help`` lists every command without importing any command module; a test
# checks each line against the command's own help.
COMMANDS: dict[str, tuple[str, str]] = {
    "render": (
        "desktop.cli.render",
        "Render a template to DOCX/PDF (draft) or issue it into the register.",
    ),
    "check": (
        "desktop.cli.check",
        "Proof a text: spelling, grammar and house style; exit 2 when something blocks.",
    ),
    "verify": (
        "desktop.cli.register",
        "Say whether a file or code is genuine, void, changed, lost or unknown "
        "(exit 1 unless genuine).",
    ),
    "send": (
        "desktop.cli.delivery",
        "E-mail an issued letter; it is queued first, and stays queued if sending fails.",
    ),
    "print": (
        "desktop.cli.delivery",
        "Send the issued PDF to a CUPS printer with lp and mark the entry printed.",
    ),
    "merge": (
        "desktop.cli.merge",
        "Issue one letter per row of a CSV/XLSX file (validated first; resumable).",
    ),
    "templates": ("desktop.cli.templates", "Browse the template library."),
    "dictionary": (
        "desktop.cli.dictionary",
        "Add, list and remove the words of your personal and organisation dictionaries.",
    ),
    "register": ("desktop.cli.register", "List, export, verify and void register entries."),
    "incoming": ("desktop.cli.register", "Log incoming correspondence."),
    "outbox": ("desktop.cli.delivery", "E-mails waiting to be sent, sent and failed."),
    "smtp": ("desktop.cli.delivery", "Check the SMTP connection and store its password."),
}
USAGE_EXIT = 1  # click's own usage-error status (2) would read as "blocked by proofing"


class LazyGroup(TyperGroup):
    """The root group: commands come from :data:`COMMANDS` and are built on first use.

    Uses click's documented extension points (``list_commands``/``get_command`` for lazy
    loading, ``format_commands`` for the listing); usage errors exit with 1.
    """

    def __init__(self, **attrs: Any) -> None:
        """Create the group; ``suggest_commands`` is ours (typer's looks at loaded ones only)."""
        attrs["suggest_commands"] = False
        super().__init__(**attrs)
        self._loaded: set[str] = set()

    def list_commands(self, ctx: typer.Context) -> list[str]:
        """Return every command name, in help order, without importing anything."""
        extra = [name for name in self.commands if name not in COMMANDS]
        return [*COMMANDS, *extra]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        """Return a command, importing the module that defines it on first use."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name][0])
        return self.commands.get(cmd_name)

    def _load(self, module_name: str) -> None:
        if module_name in self._loaded:
            return
        self._loaded.add(module_name)
        module = importlib.import_module(module_name)
        holder = typer.Typer()
        module.register(holder)
        for name, command in typer.main.get_group(holder).commands.items():
            self.commands.setdefault(name, command)

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:
        """List every command with its one-line help, from :data:`COMMANDS` (no imports)."""
        rows = [(name, summary) for name, (_module, summary) in COMMANDS.items()]
        rows += [
            (name, command.get_short_help_str(80))
            for name, command in self.commands.items()
            if name not in COMMANDS and not command.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        """Resolve the sub-command; an unknown name gets the nearest known ones as a hint."""
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            from difflib import get_close_matches

            message = getattr(exc, "message", None)
            close = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if isinstance(message, str) and close:
                names = ", ".join(repr(name) for name in close)
                exc.message = f"{message.rstrip('.')}. Did you mean {names}?"  # type: ignore[attr-defined]
            raise

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Parse the root's own options; a usage error exits with 1."""
        with _usage_exit():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:
        """Run the sub-command; a usage error in its arguments exits with 1."""
        with _usage_exit():
            return super().invoke(ctx)


@contextmanager
def _usage_exit() -> Iterator[None]:
    """Give click's usage errors (bad option, missing argument, bad value) exit status 1."""
    try:
        yield
    except UsageError as exc:
        exc.exit_code = USAGE_EXIT
        raise


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("missiva")
        except PackageNotFoundError:
            number = "unknown"
        typer.echo(f"missiva {number}")
        raise typer.Exit(0)


def build_app() -> typer.Typer:
    """Build the Typer app; command modules are imported when their command is used."""
    app = typer.Typer(
        name="missiva",
        help=HELP,
        cls=LazyGroup,
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: rich is imported only for sub-command help
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def root(
        ctx: typer.Context,
        data_dir: DataDir = None,
        version: bool = typer.Option(
            False,
            "--version",
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ) -> None:
        """Open the window when no command is given."""
        set_root_data_dir(data_dir)
        if ctx.invoked_subcommand is None:
            raise typer.Exit(_open_window(ctx, data_dir))

    return app


def _has_display() -> bool:
    """Return whether Qt can find a screen (Linux needs X11 or Wayland unless a platform is set)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _open_window(ctx: typer.Context, data_dir: Path | None) -> int:
    if not _has_display():  # Qt would abort with a cryptic platform-plugin message
        console_error(
            "there is no display to open the window on (DISPLAY is not set). Commands work:"
        )
        typer.echo(ctx.get_help())
        return 1
    try:
        from desktop.app import main as app_main
    except ImportError as exc:
        console_error(f"The window cannot start here ({exc}). Commands still work:")
        typer.echo(ctx.get_help())
        return 0
    return app_main(["--data-dir", str(data_dir)] if data_dir is not None else [])


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    app = build_app()
    try:
        app(args=argv if argv is not None else sys.argv[1:], standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
