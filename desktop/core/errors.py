"""One exception hierarchy: every error a person can act on says what and where.

The CLI maps :attr:`MissivaError.exit_code` to its exit status; the window shows
:meth:`MissivaError.describe` in a dialog or next to the field. Never a bare traceback.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.i18n import _

SENTENCE_ENDS = (".", "!", "?", "…", ":", ";")


def as_sentence(text: str) -> str:
    """Return ``text`` ending as a sentence: a full stop is added when it has no final mark.

    A closing quote or bracket after the mark counts (``... 'x'.)`` stays as it is).
    """
    stripped = text.rstrip()
    bare = stripped.rstrip("'\")\u201d\u2019]")
    if not stripped or bare.endswith(SENTENCE_ENDS):
        return stripped
    return f"{stripped}."


def sentence(text: str) -> str:
    """Return ``text`` as a whole sentence: first letter capitalised, final full stop added.

    Lets a translated phrase ("não há lançamento 'X' no registro") stand as a message.
    """
    stripped = text.strip()
    if stripped[:1].islower():
        stripped = stripped[0].upper() + stripped[1:]
    return as_sentence(stripped)


class MissivaError(Exception):
    """Base of every error Missiva reports to a person.

    Args:
        message: what is wrong, in one sentence, in plain language.
        file: the file concerned (template, CSV, output folder ...).
        line: 1-based line in ``file``.
        row: 1-based data row (CSV/XLSX, header excluded).
        column: the column name (CSV/XLSX) or 1-based column in a text line.
        field: the template field concerned.
        template: the template id (and language) concerned, e.g. ``refund-approved/pt-BR``.
        hint: what the person can do about it.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        column: str | int | None = None,
        field: str | None = None,
        template: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.row = row
        self.column = column
        self.field = field
        self.template = template
        self.hint = hint

    def where(self) -> str:
        """Return the place of the error ("file.md, line 4", "row 12, column email"), or ""."""
        parts: list[str] = []
        if self.template:
            parts.append(_("template {template}").format(template=self.template))
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(_("line {line}").format(line=self.line))
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            parts.append(_("column {column}").format(column=self.column))
        if self.field:
            parts.append(_("field '{field}'").format(field=self.field))
        return ", ".join(parts)

    def describe(self) -> str:
        """Return a one-paragraph message for a person: where, what, and what to do."""
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{as_sentence(text)} {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        """Return the error as JSON-ready data (for ``--json`` output and merge reports)."""
        data: dict[str, object] = {"error": type(self).__name__, "message": self.message}
        for key in ("file", "line", "row", "column", "field", "template", "hint"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def __str__(self) -> str:
        return self.describe()


class SettingsError(MissivaError):
    """The settings file or the organisation profile is invalid."""


class TemplateError(MissivaError):
    """A template cannot be loaded or rendered (front matter, Jinja syntax, undeclared name)."""


class FieldError(MissivaError):
    """A field value is missing or invalid for its declared type.

    ``fields`` names every field concerned when one error reports several (all the required
    fields left empty); ``field`` is the first of them.
    """

    fields: tuple[str, ...] = ()


class RenderError(MissivaError):
    """A writer could not produce its output (layout, font, unwritable folder)."""


class ProofingError(MissivaError):
    """Proofing could not run or the gate refuses to let a document out."""


class GateBlocked(ProofingError):
    """Blocking proofing issues remain and no override reason was given."""

    exit_code = 2


class RegisterError(MissivaError):
    """The correspondence register refused or failed an operation."""


class SigningError(MissivaError):
    """A signature could not be made or checked (password, certificate, key usage)."""


# The kinds of certificate problem the window reacts to (ask again, say the keyring is stale).
# Callers tell them apart by class, never by the message, which is translated.
class PasswordMissing(SigningError):
    """The certificate file is protected by a password and none was given."""


class WrongPassword(SigningError):
    """The password given does not open the certificate file."""


class NotACertificate(SigningError):
    """The file is not a readable PKCS#12 (.p12/.pfx) certificate."""


class DeliveryError(MissivaError):
    """Mail or printing failed; the message stays in the outbox."""

    exit_code = 3


class MergeError(MissivaError):
    """A batch merge input (CSV/XLSX, mapping) is unusable."""
