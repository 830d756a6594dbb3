"""The ``missiva`` command line (contract in DESIGN.md section 6).

``missiva`` with no arguments opens the window. Each command group lives in its own module
under ``desktop/cli/`` and registers itself on the root app through ``register(app)``.
Exit codes: 0 success, 1 usage or input error, 2 blocked by proofing, 3 delivery failure.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from desktop.cli.common import console_error

COMMAND_MODULES = (
    "desktop.cli.templates",
    "desktop.cli.render",
    "desktop.cli.check",
    "desktop.cli.register",
    "desktop.cli.delivery",
    "desktop.cli.merge",
)


def build_app() -> typer.Typer:
    """Build the Typer app with every command module that is present."""
    app = typer.Typer(
        name="missiva",
        help="Missiva: letters, memos and e-mails from templates, proofed, signed and registered.",
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def root(ctx: typer.Context) -> None:
        """Open the window when no command is given."""
        if ctx.invoked_subcommand is None:
            raise typer.Exit(_open_window(ctx))

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that command group is not built yet
            raise
        module.register(app)
    return app


def _has_display() -> bool:
    """Return whether Qt can find a screen (Linux needs X11 or Wayland unless a platform is set)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _open_window(ctx: typer.Context) -> int:
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
    return app_main([])


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    app = build_app()
    try:
        app(args=argv if argv is not None else sys.argv[1:], standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
