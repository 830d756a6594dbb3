"""Hand-offs outside SMTP: ``.eml`` export (open in any mail program) and printing with CUPS."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from desktop.core.durable import place_new
from desktop.core.errors import DeliveryError
from desktop.core.i18n import _


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to the new file ``target`` through a flushed temporary file and a link.

    Raises:
        DeliveryError: the folder cannot be written, or a file already is at ``target`` (it is
            never replaced).
    """
    folder = target.parent
    if target.exists() or target.is_symlink():
        raise _exists(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DeliveryError(
            _("cannot write into the folder: {error}").format(error=exc.strerror), file=folder
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        place_new(tmp, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as exc:
        raise DeliveryError(
            _("cannot write the file: {error}").format(error=exc.strerror), file=target
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def _exists(target: Path) -> DeliveryError:
    return DeliveryError(
        _("the file already exists; Missiva never writes over a file"),
        file=target,
        hint=_("Choose another file name, or move the existing file away first."),
    )


def export_eml(data: bytes, target: Path) -> Path:
    """Save message bytes as a new ``.eml`` file (refused if one is there); return its path."""
    if target.suffix.lower() != ".eml":
        target = target.with_name(target.name + ".eml")
    atomic_write_bytes(target, data)
    return target


def print_pdf(path: Path, *, printer: str = "", copies: int = 1, title: str = "") -> str:
    """Send a PDF to CUPS with ``lp``; return ``lp``'s answer (the job id line).

    Raises:
        DeliveryError: CUPS is not installed here, the file is missing, or ``lp`` failed.
    """
    lp = shutil.which("lp")
    if lp is None:
        raise DeliveryError(
            _(
                "printing from the command line needs CUPS, and its 'lp' command is not "
                "installed here"
            ),
            file=path,
            hint=_("Open the PDF and print it from your viewer, or print from the Missiva window."),
        )
    if not path.is_file():
        raise DeliveryError(_("the PDF to print does not exist"), file=path)
    command = [lp, "-n", str(max(1, copies))]
    if printer:
        command += ["-d", printer]
    if title:
        command += ["-t", title]
    command += ["--", str(path)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DeliveryError(_("'lp' could not run: {error}").format(error=exc), file=path) from None
    if result.returncode != 0:
        reason = " ".join((result.stderr or result.stdout).split()) or _("exit code {code}").format(
            code=result.returncode
        )
        raise DeliveryError(
            _("the print job was refused: {reason}").format(reason=reason), file=path
        )
    return result.stdout.strip()
