"""The template catalog: shipped templates plus the staff's own folder, validated on load.

A broken file never stops the rest of the library from loading: its error (naming the file, the
line and what is wrong) is kept in :attr:`Catalog.problems` for the CLI and the window to show.
User templates add families or override a shipped variant of the same id and language.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.errors import TemplateError
from desktop.core.i18n import _
from desktop.core.languages import template_language
from desktop.core.models import KINDS, Template
from desktop.core.paths import templates_dir
from desktop.core.templates.engine import Compiled, check_source, generate
from desktop.core.templates.frontmatter import (
    FRONT_FIRST_LINE,
    LANGUAGES,
    TemplateProblems,
    collect,
    did_you_mean,
    key_line,
    parse_front_matter_collecting,
    problem_text,
    problems_of,
    raise_all,
    split_front_matter,
    value_first_line,
)
from desktop.core.templates.limits import MAX_FILE_BYTES, size_label

Parts = tuple[dict[str, Compiled], Compiled, Compiled]


@dataclass(frozen=True)
class _Checked:
    """A template's sources parsed and checked at load time; code is generated on first use."""

    parts: dict[str, str]
    subject: str
    body: str


def compiled(template: Template) -> Parts:
    """Return the compiled Jinja of a template's parts, subject and body (cached on the template).

    Loading only parses and checks (syntax, undeclared names); generating the code waits for the
    first compose. Both are done once per distinct source text in the process (see engine).
    """
    state = template.compiled
    if isinstance(state, tuple):
        return state
    checked = state if isinstance(state, _Checked) else check(template)
    where: dict[str, Any] = {"file": template.source, "template": template.key}
    result = (
        {name: generate(source, where) for name, source in checked.parts.items()},
        generate(checked.subject, where),
        generate(checked.body, where),
    )
    object.__setattr__(template, "compiled", result)
    return result


def _first_line(template: Template, front: str | None, *path: str) -> Callable[[], int]:
    """Return a function finding the file line where a front matter value starts (for errors).

    ``front`` is the template's front matter text; if ``None`` it is read from the source file.
    """

    def find() -> int:
        text = front
        if text is None:
            if template.source is None:
                return FRONT_FIRST_LINE
            try:
                whole = read_template_text(template.source)
                text, _body, _line = split_front_matter(whole, template.source)
            except TemplateError:
                return FRONT_FIRST_LINE
        return value_first_line(text, *path)

    return find


def source_line(template: Template, *path: str) -> Callable[[], int]:
    """Return a function finding the file line where a front matter value starts.

    ``path`` is ``("subject",)`` or ``("parts", "recipient")``; the function reads the file only
    when called (to name the line of an error).
    """
    return _first_line(template, None, *path)


def check(
    template: Template, front: str | None = None, *, declared: Collection[str] | None = None
) -> _Checked:
    """Parse and check every Jinja source of a template; raise TemplateError with file and line.

    Each source (every part, the subject, the body) is checked even when an earlier one
    failed; several problems are raised together as a :class:`TemplateProblems`. ``declared``
    is the field names the Jinja may use (default: the template's fields).
    """
    names = {spec.name for spec in template.fields} if declared is None else set(declared)
    where: dict[str, Any] = {"file": template.source, "template": template.key}
    errors: list[TemplateError] = []
    checked: dict[str, str] = {}

    def run(key: str, text: str, first_line: Callable[[], int] | int) -> None:
        checked[key] = check_source(text, declared=names, where=where, first_line=first_line)

    for name, text in template.parts.items():
        if text:
            line = _first_line(template, front, "parts", name)
            collect(errors, run, "part:" + name, text, line)
    collect(
        errors, lambda: run("subject", template.subject, _first_line(template, front, "subject"))
    )
    collect(errors, lambda: run("body", template.body, template.body_line))
    raise_all(errors)
    parts = {key[5:]: value for key, value in checked.items() if key.startswith("part:")}
    return _Checked(parts, checked["subject"], checked["body"])


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def read_template_text(path: Path, root: Path | None = None) -> str:
    """Read a template file within the limits; raise TemplateError naming the file.

    Only a regular file is read (a FIFO, a device or a directory named ``x.md`` is refused
    without waiting on it: the file is opened non-blocking and checked with ``fstat``), at most
    :data:`~desktop.core.templates.limits.MAX_FILE_BYTES` + 1 bytes. A symbolic link is
    followed only when ``root`` is None or its target lies inside ``root`` (the templates
    folder being loaded). A BOM from a Windows editor is dropped.
    """
    if root is not None and path.is_symlink() and not _inside(path, root):
        raise TemplateError(
            _("the template is a link to a file outside the templates folder"),
            file=path,
            hint=_("Copy the file into the folder instead of linking to it."),
        )
    try:
        handle = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except OSError as exc:
        raise TemplateError(
            _("cannot read the template file: {error}").format(error=exc.strerror or exc),
            file=path,
        ) from exc
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(_("the template is not a regular file"), file=path)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(path)
        data = _read_at_most(handle, MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(
            _("cannot read the template file: {error}").format(error=exc.strerror or exc),
            file=path,
        ) from exc
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TemplateError(
            _("the template is not UTF-8 text (byte {byte} cannot be read)").format(
                byte=exc.start + 1
            ),
            file=path,
            line=line,
        ) from exc


def _read_at_most(handle: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(handle, min(65536, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_large(path: Path) -> TemplateError:
    return TemplateError(
        _("the template file is larger than {size}").format(size=size_label(MAX_FILE_BYTES)),
        file=path,
    )


def load_template(
    path: Path, *, shipped: bool, root: Path | None = None, series: Collection[str] | None = None
) -> Template:
    """Load and validate one template file (Jinja checked too); raise TemplateError with the line.

    Loading reads the front matter and parses the Jinja to check its names; it never runs
    template code (that waits for :func:`compiled` and a render). ``root`` is the templates
    folder the file was found in (see :func:`read_template_text` for links). Every problem of
    the file is reported (a :class:`TemplateProblems` when there are several); ``series``,
    when given, is the numbering series the template may name.
    """
    return parse_template(read_template_text(path, root), path, shipped=shipped, series=series)


def parse_template(
    text: str, path: Path, *, shipped: bool, series: Collection[str] | None = None
) -> Template:
    """Validate template text meant for ``path`` (``<family>/<language>.md``) without reading it.

    The template editor uses this to check unsaved text; errors carry the lines of ``text``.
    All the problems found are raised together: front matter keys, field specs, the series
    (when ``series`` lists the configured ones) and the Jinja of every part, subject and body.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front, body, body_line = split_front_matter(text, path)
    data, errors = parse_front_matter_collecting(front, path)
    if series is not None and data.get("series") and data["series"] not in series:
        errors.append(_unknown_series(data["series"], series, front, path))
    template = Template(
        id=str(data.get("id") or path.parent.name),
        language=str(data.get("language") or path.stem),
        kind=str(data.get("kind") or ""),
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        category=str(data.get("category") or ""),
        series=str(data.get("series") or ""),
        subject=str(data.get("subject") or ""),
        fields=data["fields"],
        body=body,
        layout=str(data.get("layout") or ""),
        parts=data["parts"],
        source=path,
        body_line=body_line,
        shipped=shipped,
        source_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    checked: list[_Checked] = []
    collect(errors, lambda: checked.append(check(template, front, declared=data["field_names"])))
    raise_all(errors)
    object.__setattr__(template, "compiled", checked[0])  # errors surface now
    return template


def _unknown_series(name: str, series: Collection[str], front: str, path: Path) -> TemplateError:
    return TemplateError(
        _("unknown numbering series '{series}'").format(series=name) + did_you_mean(name, series),
        file=path,
        line=key_line(front, "series"),
        hint=_("Configured series: {series}.").format(series=", ".join(series) or "-"),
    )


def _shape(template: Template) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {spec.name: (spec.type, spec.choices) for spec in template.fields}


def _variant_mismatches(variants: dict[str, Template]) -> list[TemplateError]:
    """Return an error for each variant whose fields differ from the family's reference variant.

    The reference is ``en`` when present (else the first language). The variant stays usable;
    the difference is reported so the template writer can align the family.
    """
    if len(variants) < 2:
        return []
    reference_language = "en" if "en" in variants else sorted(variants)[0]
    reference = variants[reference_language]
    expected = _shape(reference)
    problems: list[TemplateError] = []
    for language in sorted(variants):
        template = variants[language]
        if language == reference_language:
            continue
        shape = _shape(template)
        differences = [_("lacks '{name}'").format(name=n) for n in expected if n not in shape]
        differences += [
            _("has extra field '{name}'").format(name=n) for n in shape if n not in expected
        ]
        differences += [
            _("'{name}' is {kind}, {language} has {reference}").format(
                name=n,
                kind=shape[n][0] + _choices(shape[n][1]),
                language=reference_language,
                reference=expected[n][0] + _choices(expected[n][1]),
            )
            for n in shape
            if n in expected and shape[n] != expected[n]
        ]
        if differences:
            problems.append(
                TemplateError(
                    _("the fields differ from the {language} variant: {differences}").format(
                        language=reference_language, differences="; ".join(differences)
                    ),
                    file=template.source,
                    template=template.key,
                    hint=_(
                        "Every language variant declares the same field names, types and choices."
                    ),
                )
            )
    return problems


_KIND_WORDS = {"e-mail": "email", "mail": "email", "e-mails": "email", "mails": "email"}


def template_kind(kind: str) -> str:
    """Return the template kind a typed word means ("Letters" is letter, "e-mail" is email).

    Raises:
        TemplateError: the word names no kind; the hint lists the kinds.
    """
    folded = (kind or "").strip().casefold()
    folded = _KIND_WORDS.get(folded, folded)
    for candidate in (folded, folded.removesuffix("s")):
        if candidate in KINDS:
            return candidate
    raise TemplateError(
        _("'{kind}' is not a kind of template.").format(kind=kind),
        hint=_("Use one of: {kinds}.").format(kinds=", ".join(KINDS)),
    )


def _choices(choices: tuple[str, ...]) -> str:
    return f" [{', '.join(choices)}]" if choices else ""


@dataclass
class Catalog:
    """All loaded templates, by (id, language), and the problems met while loading.

    ``problems`` holds each problem on its own (a file with three mistakes gives three);
    ``broken`` maps the (folder, language) of each file that failed to load to its problems.
    """

    items: dict[tuple[str, str], Template] = field(default_factory=dict)
    problems: list[TemplateError] = field(default_factory=list)
    broken: dict[tuple[str, str], list[TemplateError]] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        user_dir: Path | None,
        shipped_dir: Path | None = None,
        *,
        series: Collection[str] | None = None,
    ) -> Catalog:
        """Load shipped templates, then the user's folder over them.

        ``series``, when given, is the configured numbering series: a template naming another
        one fails to load (with its file and line).
        """
        catalog = cls()
        catalog._load_folder(shipped_dir or templates_dir(), shipped=True, series=series)
        if user_dir is not None and user_dir.is_dir():
            catalog._load_folder(user_dir, shipped=False, series=series)
        for family in catalog.families():
            catalog.problems.extend(_variant_mismatches(catalog.variants(family)))
        return catalog

    def _load_folder(
        self, folder: Path, *, shipped: bool, series: Collection[str] | None = None
    ) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*/*.md")):
            if path.parent.name.startswith("."):  # .git, editor folders
                continue
            if path.stem not in LANGUAGES:
                self.problems.append(
                    TemplateError(
                        _("'{name}' is not a language file (use {names})").format(
                            name=path.name, names=", ".join(code + ".md" for code in LANGUAGES)
                        ),
                        file=path,
                    )
                )
                continue
            try:
                template = load_template(path, shipped=shipped, root=folder, series=series)
            except TemplateError as exc:
                found = problems_of(exc)
                for problem in found:
                    if problem.file is None:
                        problem.file = str(path)
                    if problem.template is None:
                        problem.template = f"{path.parent.name}/{path.stem}"
                self.problems.extend(found)
                self.broken[(path.parent.name, path.stem)] = found
                continue
            self.items[(template.id, template.language)] = template
            self.broken.pop((template.id, template.language), None)  # a user file fixed it

    def get(self, template_id: str, language: str) -> Template:
        """Return one variant or raise TemplateError listing what exists.

        ``language`` may be typed loosely (``pt_BR``, ``en-GB``, ``in``): see
        :func:`~desktop.core.languages.template_language`.
        """
        found = self.items.get((template_id, language))
        if found is not None:
            return found
        try:
            language = template_language(language)
        except TemplateError as exc:
            exc.template = template_id
            raise
        found = self.items.get((template_id, language))
        if found is not None:
            return found
        broken = self.broken.get((template_id, language))
        if broken:
            raise self.load_failure(template_id, language)
        variants = self.variants(template_id)
        if variants:
            raise TemplateError(
                _("Template '{template}' has no '{language}' variant.").format(
                    template=template_id, language=language
                ),
                template=template_id,
                hint=_("Available languages: {languages}.").format(
                    languages=", ".join(sorted(variants))
                ),
            )
        families = self.families()
        close = difflib.get_close_matches(template_id, families, n=1)
        if families:
            hint = _("Known templates: {templates}.").format(templates=", ".join(families))
        else:
            hint = _("Known templates: none.")
        if close:
            hint = _("Did you mean '{template}'?").format(template=close[0]) + " " + hint
        raise TemplateError(_("No template '{template}'.").format(template=template_id), hint=hint)

    def templates(self, language: str | None = None, kind: str | None = None) -> list[Template]:
        """Return templates filtered by language and kind, sorted by category, title, language.

        Both filters may be typed loosely (``pt_BR``, ``letters``); one that names no language
        or kind raises TemplateError listing the valid ones (never an empty list by mistake).
        """
        if language is not None:
            language = template_language(language)
        if kind is not None:
            kind = template_kind(kind)
        chosen = [
            t
            for t in self.items.values()
            if (language is None or t.language == language) and (kind is None or t.kind == kind)
        ]
        return sorted(
            chosen, key=lambda t: (t.category.casefold(), t.title.casefold(), t.id, t.language)
        )

    def families(self) -> list[str]:
        """Return every template id."""
        return sorted({template_id for template_id, _lang in self.items})

    def variants(self, template_id: str) -> dict[str, Template]:
        """Return the language variants of one family."""
        return {lang: t for (tid, lang), t in self.items.items() if tid == template_id}

    def with_template(self, template: Template) -> Catalog:
        """Return a copy with one template added or replaced (the template editor's 'try')."""
        items = dict(self.items)
        items[(template.id, template.language)] = replace(template, compiled=None)
        return Catalog(items, list(self.problems), dict(self.broken))

    def load_failure(self, template_id: str, language: str) -> TemplateError:
        """Return the error saying that a template file failed to load, with all its problems."""
        problems = self.broken.get((template_id, language)) or [
            TemplateError(_("no problem recorded"))
        ]
        key = f"{template_id}/{language}"
        error = TemplateProblems(problems)
        error.heading = _("the template failed to load ({count} problem(s))").format(
            count=len(problems)
        )
        error.message = error.heading + ": " + "; ".join(problem_text(p) for p in problems)
        error.template = key
        return error
