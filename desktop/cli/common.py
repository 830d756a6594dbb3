"""Shared pieces of the command modules: the ``--data-dir`` option, context and error mapping."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from desktop.core.errors import MissivaError

if TYPE_CHECKING:  # imported when a command runs: keeps ``missiva --help`` light
    from desktop.core.services.context import AppContext

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder for the register, settings, drafts and user templates "
        "(default: MISSIVA_DATA_DIR or the platform's data folder).",
        file_okay=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print data as JSON.")]
_root_options: dict[str, Path | None] = {"data_dir": None}  # reset by every ``missiva`` run


def console_error(message: str) -> None:
    """Print an error paragraph to standard error."""
    typer.echo(f"missiva: {message}", err=True)


def make_context(data_dir: Path | None) -> AppContext:
    """Build the application context for one command.

    Without a command's own ``--data-dir``, the one given before the command
    (``missiva --data-dir DIR check ...``) is used.
    """
    from desktop.core.services.context import AppContext

    if data_dir is None:
        data_dir = root_data_dir()
    return AppContext.create(str(data_dir) if data_dir else None)


def root_data_dir() -> Path | None:
    """Return the ``--data-dir`` given to ``missiva`` itself (before the command), if any."""
    return _root_options.get("data_dir")


def set_root_data_dir(data_dir: Path | None) -> None:
    """Remember the root ``--data-dir`` for this run (the root callback calls this each time)."""
    _root_options["data_dir"] = data_dir


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a :class:`MissivaError` into a one-paragraph message and its exit code."""
    try:
        yield
    except MissivaError as exc:
        console_error(exc.describe())
        raise typer.Exit(exc.exit_code) from None


def print_json(data: Any) -> None:
    """Print JSON (UTF-8, indented, dates as ISO strings)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a command so user errors print cleanly instead of a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with user_errors():
            return func(*args, **kwargs)

    return wrapper
