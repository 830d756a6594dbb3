"""Typed, Qt-free settings: the organisation profile, numbering series, proofing and mail.

Settings are read from the shipped sample profile (``resources/profile.toml``) overlaid with the
user's ``settings.toml`` in the data folder, so a first run works with no set-up. Secrets (SMTP and
certificate passwords) never live here: they go to the OS keyring or are asked for.

The ``*_problems`` and ``parse_*`` functions check values a person types (in the settings dialog)
and say what is wrong per field or line, in the interface language.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from desktop.core.errors import SettingsError
from desktop.core.i18n import _
from desktop.core.paths import AppPaths, resource

PAGE_SIZES = ("A4", "Letter")
RESETS = ("yearly", "monthly", "never")
LANGUAGES = ("en", "pt-BR", "id")
# which English the organisation writes ("" = not chosen: British and US spellings both pass)
ENGLISH_VARIANTS = ("", "en-GB", "en-US", "en-AU", "en-IN")
CURRENCY_CODE = re.compile(r"[A-Z]{3}")
SIGNATORY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
STAFF_NUMBER = re.compile(r"[\w .\-/]{1,40}")
ACRONYM = re.compile(r"[^\s=]{1,20}")
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG
MAX_WORD = 60
# tables a user's settings.toml replaces whole: an entry removed in Settings stays removed
WHOLE_TABLES = frozenset({"glossary", "extra_banned_words"})
# language keys a profile text table may use ("title = { en = ..., pt-BR = ..., id = ... }")
TEXT_LANGUAGES = (*LANGUAGES, *ENGLISH_VARIANTS[1:])


class LocalText(str):
    """Profile text in several letter languages; as a ``str`` it is the fallback text.

    A profile text field (a signatory's title, a unit's name, the footer) may be written as a
    plain string or as a table per letter language. The table is kept whole here (so the
    Settings window can save it back without losing a language); the string value is the
    English text, else the first one, so code that only needs "some text" keeps working.
    """

    texts: dict[str, str]

    def __new__(cls, texts: dict[str, str]) -> LocalText:
        """Build from a language -> text table (non-empty; keys already checked)."""
        fallback = texts.get("en") or next(iter(texts.values()), "")
        obj = super().__new__(cls, fallback)
        obj.texts = dict(texts)
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalText, (dict(self.texts),))

    def __deepcopy__(self, memo: dict[int, Any]) -> LocalText:
        return LocalText(dict(self.texts))

    def text(self, language: str) -> str:
        """Return the text for ``language``: its own, its base's, English's, else the first."""
        base = language.split("-")[0]
        for key in (language, base, "en"):
            if self.texts.get(key):
                return self.texts[key]
        return str(self)


def localised(value: str, language: str) -> str:
    """Return a profile text in the letter's ``language`` (a plain string is every language's)."""
    if isinstance(value, LocalText):
        return value.text(language)
    return value


def profile_text_data(value: str) -> str | dict[str, str]:
    """Return a profile text as TOML data: the table for a :class:`LocalText`, else the string."""
    if isinstance(value, LocalText):
        return dict(value.texts)
    return value


def edited_text(old: str, typed: str, language: str) -> str:
    """Return a profile text after the value for ``language`` was edited to ``typed``.

    A plain string stays a plain string. A table per language (:class:`LocalText`) keeps its
    other languages: the entry shown for ``language`` (its own, else the one it fell back to
    when that was English) is replaced, or added; a blank ``typed`` removes it.
    """
    if not isinstance(old, LocalText):
        return typed
    texts = dict(old.texts)
    key = language if language in texts else language.split("-")[0]
    if key not in texts:
        key = "en" if language.startswith("en") and "en" in texts else language
    if typed:
        texts[key] = typed
    else:
        texts.pop(key, None)
    return LocalText(texts) if texts else ""


def _profile_text(value: Any, where: str) -> str:
    """Check a profile text (string or table per language); return it as str/LocalText.

    Raises:
        SettingsError: not text, an empty table, a value that is not text, or a key that is
            not a letter language (named, with the known ones as a hint).
    """
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or not value:
        raise SettingsError(
            _("{field} must be text or a table of texts per language").format(field=where),
            field=where,
            hint=_('For example { en = "Manager", pt-BR = "Gerente", id = "Manajer" }.'),
        )
    unknown = [key for key in value if key not in TEXT_LANGUAGES]
    if unknown:
        raise SettingsError(
            _("{field}: unknown language(s) {languages}").format(
                field=where, languages=", ".join(sorted(unknown))
            ),
            field=f"{where}.{unknown[0]}",
            hint=_("Use {languages}.").format(languages=", ".join(TEXT_LANGUAGES)),
        )
    for key, text in value.items():
        if not isinstance(text, str):
            raise SettingsError(
                _("{field}.{language} must be text").format(field=where, language=key),
                field=f"{where}.{key}",
            )
    return LocalText(value)


@dataclass(frozen=True)
class Signatory:
    """A person who signs letters: printed in the signature block of every writer."""

    id: str
    name: str
    title: str = ""
    unit: str = ""
    staff_number: str = ""  # NIP for Indonesian civil servants; blank elsewhere
    image: str = ""  # path of a signature image (PNG/JPEG), relative to the profile or absolute
    # PKCS#12 file this person signs digitally with (else the organisation's signing_certificate);
    # relative to the profile or absolute; its password is kept in the OS keyring
    certificate: str = ""


@dataclass(frozen=True)
class Series:
    """A numbering series: pattern with tokens, reset period and default unit code."""

    id: str
    pattern: str
    reset: str = "yearly"
    unit: str = ""
    kinds: tuple[str, ...] = ()
    classification: str = ""
    sign_pdf: bool = False


@dataclass(frozen=True)
class OrganisationProfile:
    """The letterhead and everything the writers need about the sender."""

    name: str = "Missiva Demo Ltd"
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    city: str = ""  # place on the date line ("São Paulo, 22 de novembro de 2026.")
    logo: str = ""
    primary_colour: str = "#1F3A5F"
    accent_colour: str = "#C8102E"
    page_size: str = "A4"
    footer: str = ""
    units: dict[str, str] = field(default_factory=dict)  # code -> name, e.g. "SAC" -> "Atendimento"
    signatories: tuple[Signatory, ...] = ()
    # the organisation's currency: one code for every letter ("IDR"), or a table naming one
    # per letter language when the organisation bills in several; read by currency_for()
    currency: dict[str, str] = field(
        default_factory=lambda: {"en": "USD", "pt-BR": "BRL", "id": "IDR"}
    )
    english: str = ""  # en-GB, en-US, en-AU, en-IN: spelling and date style of "en" letters
    base_dir: str = ""  # folder that relative paths (logo, images) are resolved against

    def currency_for(self, language: str) -> str:
        """Return the currency of money in a letter: the profile's, never the language's own.

        A one-code profile (``currency = "IDR"``) gives that code to every letter. A table
        gives the code named for the letter's language (or its base: ``en`` for ``en-GB``),
        else the table's only code if it names one; "" when the profile does not say.
        """
        code = self.currency.get(language) or self.currency.get(language.split("-")[0])
        if code:
            return code
        codes = set(self.currency.values())
        return codes.pop() if len(codes) == 1 else ""

    def signatory(self, signatory_id: str | None) -> Signatory | None:
        """Return the signatory with this id, the first one if ``None``, or ``None`` if none."""
        if not self.signatories:
            return None
        if signatory_id is None:
            return self.signatories[0]
        for person in self.signatories:
            if person.id == signatory_id:
                return person
        raise SettingsError(
            _("no signatory with id '{id}' in the organisation profile").format(id=signatory_id),
            hint=_("Known ids: {ids}.").format(ids=", ".join(s.id for s in self.signatories)),
        )

    def resolve(self, path: str) -> Path | None:
        """Resolve a profile-relative path (logo, signature image); ``None`` for blank."""
        if not path:
            return None
        candidate = Path(path).expanduser()
        if not candidate.is_absolute():
            candidate = Path(self.base_dir or ".") / candidate
        return candidate


@dataclass(frozen=True)
class ProofingSettings:
    """Proofing engines and the organisation's house-style additions."""

    languagetool_url: str = ""
    picky: bool = False
    disabled_rules: tuple[str, ...] = ()
    dictionary_dirs: tuple[str, ...] = ()
    glossary: dict[str, str] = field(default_factory=dict)  # acronym -> expansion
    extra_banned_words: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # language -> words
    timeout_seconds: float = 5.0
    # kind group (customer, snippet, memo) -> rule id, family or category -> error|warning|hint
    severity: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class MailSettings:
    """SMTP connection (the password lives in the OS keyring, never here)."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls | tls | none
    username: str = ""
    from_address: str = ""
    from_name: str = ""
    timeout_seconds: float = 20.0


@dataclass(frozen=True)
class Settings:
    """All of Missiva's settings."""

    organisation: OrganisationProfile = field(default_factory=OrganisationProfile)
    series: tuple[Series, ...] = ()
    default_series: str = "OUT"
    proofing: ProofingSettings = field(default_factory=ProofingSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    ui_language: str = ""  # blank: follow the system
    reply_days: int = 5  # working days for an incoming item's default reply-by date
    timestamp_url: str = ""
    signing_certificate: str = (
        ""  # PKCS#12 used for series with sign_pdf (password: keyring/prompt)
    )

    def series_by_id(self, series_id: str) -> Series:
        """Return the series with this id or raise :class:`SettingsError`."""
        for item in self.series:
            if item.id == series_id:
                return item
        raise SettingsError(
            _("unknown numbering series '{series}'").format(series=series_id),
            hint=_("Configured series: {series}.").format(
                series=", ".join(s.id for s in self.series)
            ),
        )


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    """Build a frozen dataclass from a TOML table, refusing unknown keys with a clear message."""
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise SettingsError(
            _("unknown setting(s) {keys} in [{section}]").format(
                keys=", ".join(unknown), section=where
            )
        )
    values: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = tuple(value)
        values[key] = value
    try:
        return cls(**values)
    except TypeError as exc:
        raise SettingsError(
            _("invalid [{section}]: {error}").format(section=where, error=exc)
        ) from exc


def _is_text_table(value: Any) -> bool:
    """Return True for a profile text table (every key a letter language)."""
    return isinstance(value, dict) and bool(value) and all(k in TEXT_LANGUAGES for k in value)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Overlay ``over`` on ``base``: tables merge key by key, except word lists (replaced)."""
    merged = dict(base)
    for key, value in over.items():
        if key in WHOLE_TABLES or (key != "currency" and _is_text_table(value)):
            merged[key] = value  # a profile text per language is the user's whole, not mixed
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def settings_from_dict(data: dict[str, Any], *, base_dir: Path) -> Settings:
    """Build and validate :class:`Settings` from parsed TOML data."""
    org = dict(data.get("organisation", {}))
    people = []
    for index, raw in enumerate(org.pop("signatories", [])):
        person = dict(raw)
        if "title" in person:
            person["title"] = _profile_text(
                person["title"], f"organisation.signatories[{index + 1}].title"
            )
        people.append(person)
    signatories = tuple(_build(Signatory, s, "organisation.signatories") for s in people)
    org.setdefault("base_dir", str(base_dir))
    if "footer" in org:
        org["footer"] = _profile_text(org["footer"], "organisation.footer")
    if "address_lines" in org:
        if not isinstance(org["address_lines"], list):
            raise SettingsError(
                _("organisation.address_lines must be a list of lines"),
                field="organisation.address_lines",
            )
        org["address_lines"] = [
            _profile_text(line, f"organisation.address_lines[{number}]")
            for number, line in enumerate(org["address_lines"], start=1)
        ]
    if "units" in org:
        if not isinstance(org["units"], dict):
            raise SettingsError(
                _("organisation.units must be a table of unit codes"), field="organisation.units"
            )
        org["units"] = {
            str(code): _profile_text(name, f"organisation.units.{code}")
            for code, name in org["units"].items()
        }
    if "currency" in org:
        org["currency"] = _currency_table(org["currency"])
    organisation = replace(
        _build(OrganisationProfile, org, "organisation"), signatories=signatories
    )
    for index, person in enumerate(signatories):
        for name, message in signatory_problems(person, signatories[:index]).items():
            raise SettingsError(
                _("signatory '{id}': {problem}").format(id=person.id, problem=message),
                field=f"organisation.signatories.{name}",
            )
    if organisation.page_size not in PAGE_SIZES:
        raise SettingsError(
            _("page_size '{size}' is not one of {sizes}").format(
                size=organisation.page_size, sizes=", ".join(PAGE_SIZES)
            ),
            field="organisation.page_size",
        )
    if organisation.english not in ENGLISH_VARIANTS:
        raise SettingsError(
            _("english '{value}' is not one of {variants}").format(
                value=organisation.english, variants=", ".join(ENGLISH_VARIANTS[1:])
            ),
            field="organisation.english",
            hint=_("Leave it blank to accept British and US spellings both."),
        )
    series = tuple(_build(Series, s, "series") for s in data.get("series", []))
    for item in series:
        if item.reset not in RESETS:
            raise SettingsError(
                _("series '{series}': reset '{reset}' is not one of {resets}").format(
                    series=item.id, reset=item.reset, resets=", ".join(RESETS)
                )
            )
    rest = {
        k: v for k, v in data.items() if k not in ("organisation", "series", "proofing", "mail")
    }
    top = _build(Settings, rest, "settings")
    proofing = _build(ProofingSettings, data.get("proofing", {}), "proofing")
    unknown = sorted(set(proofing.extra_banned_words) - set(LANGUAGES) - {"en-GB", "en-US"})
    if unknown:
        raise SettingsError(
            _("extra_banned_words: unknown language(s) {languages}").format(
                languages=", ".join(unknown)
            ),
            field="proofing.extra_banned_words",
            hint=_("Use {languages}.").format(languages=", ".join(LANGUAGES)),
        )
    _check_severity_policy(proofing.severity)
    return replace(
        top,
        organisation=organisation,
        series=series,
        proofing=replace(
            proofing,
            extra_banned_words={k: tuple(v) for k, v in proofing.extra_banned_words.items()},
        ),
        mail=_build(MailSettings, data.get("mail", {}), "mail"),
    )


SEVERITY_GROUPS = ("customer", "snippet", "memo")  # letters and e-mails, chat replies, memos
SEVERITY_LEVELS = ("error", "warning", "hint")


def _check_severity_policy(policy: dict[str, Any]) -> None:
    """Refuse an unknown kind group or a severity other than error, warning or hint."""
    for group, rules in policy.items():
        if group not in SEVERITY_GROUPS or not isinstance(rules, dict):
            raise SettingsError(
                _("unknown kind group '{group}' in the severity policy").format(group=group),
                field="proofing.severity",
                hint=_("Use {groups}.").format(groups=", ".join(SEVERITY_GROUPS)),
            )
        for key, severity in rules.items():
            if severity not in SEVERITY_LEVELS:
                raise SettingsError(
                    _("severity '{severity}' of '{key}' is not one of {choices}").format(
                        severity=severity, key=key, choices=", ".join(SEVERITY_LEVELS)
                    ),
                    field=f"proofing.severity.{group}",
                )


def _currency_table(value: Any) -> dict[str, str]:
    """Check ``organisation.currency`` (a code, or a table language -> code); return the table.

    One code stands for every letter language, so an English letter of a Jakarta company
    prints rupiah: the currency is the organisation's, never the letter language's.
    """
    if isinstance(value, str):
        table = {language: value for language in (*LANGUAGES, *ENGLISH_VARIANTS[1:])}
    elif isinstance(value, dict):
        table = dict(value)
    else:
        raise SettingsError(
            _('currency must be a currency code such as "IDR" or a table of codes'),
            field="organisation.currency",
        )
    from babel.numbers import is_currency

    for language, code in table.items():
        if not isinstance(code, str) or not CURRENCY_CODE.fullmatch(code) or not is_currency(code):
            raise SettingsError(
                _("'{code}' is not an ISO 4217 currency code").format(code=code),
                field=f"organisation.currency.{language}"
                if isinstance(value, dict)
                else "organisation.currency",
                hint=_("Use three capital letters, e.g. IDR, BRL, USD, EUR."),
            )
    return table


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(_("not valid TOML: {error}").format(error=exc), file=path) from exc


def load_settings(paths: AppPaths) -> Settings:
    """Load the shipped sample profile overlaid with the user's ``settings.toml``."""
    sample = resource("profile.toml")
    data = _read_toml(sample)
    base_dir = sample.parent
    if paths.settings_file.is_file():
        user = _read_toml(paths.settings_file)
        data = _merge(data, user)
        if "organisation" in user:
            base_dir = paths.settings_file.parent
            data["organisation"].setdefault("base_dir", str(base_dir))
    try:
        return settings_from_dict(data, base_dir=base_dir)
    except SettingsError as exc:
        if exc.file is None:
            exc.file = str(paths.settings_file if paths.settings_file.is_file() else sample)
        raise


def save_user_settings(paths: AppPaths, data: dict[str, Any]) -> None:
    """Write the user's settings overlay atomically (temporary file, then rename)."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = paths.settings_file.with_suffix(".toml.tmp")
    tmp.write_bytes(tomli_w.dumps(data).encode("utf-8"))
    tmp.replace(paths.settings_file)


# -- values typed by a person: per-field problems -------------------------------------------------


def _image_problem(path: Path) -> str:
    if not path.is_file():
        return _("No image file at {path}.").format(path=path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return _("Cannot read the image: {error}").format(error=exc.strerror or exc)
    if not head.startswith(IMAGE_MAGIC):
        return _("Not a PNG or JPEG image.")
    return ""


def signatory_problems(
    person: Signatory, others: Sequence[Signatory] = (), *, base_dir: Path | None = None
) -> dict[str, str]:
    """Return ``{field: message}`` for what is wrong with ``person`` (empty when it is valid).

    Args:
        person: the signatory as typed.
        others: the other signatories (their ids must differ).
        base_dir: folder a relative image path is resolved against; when given, the image file
            must exist and be a PNG or JPEG.
    """
    problems: dict[str, str] = {}
    if not person.id:
        problems["id"] = _("Give a short id (letters, digits, - or _).")
    elif not SIGNATORY_ID.fullmatch(person.id):
        problems["id"] = _(
            "Use only letters, digits, - and _ (up to 40), starting with a letter or digit."
        )
    elif any(other.id == person.id for other in others):
        problems["id"] = _("Another signatory already has the id '{id}'.").format(id=person.id)
    if not person.name.strip():
        problems["name"] = _("The name is required: it is printed in the signature block.")
    if person.staff_number and not STAFF_NUMBER.fullmatch(person.staff_number):
        problems["staff_number"] = _("Use letters, digits, spaces, '.', '-' or '/' (up to 40).")
    if person.image and base_dir is not None:
        image = Path(person.image).expanduser()
        message = _image_problem(image if image.is_absolute() else base_dir / image)
        if message:
            problems["image"] = message
    if person.certificate and base_dir is not None:
        certificate = Path(person.certificate).expanduser()
        certificate = certificate if certificate.is_absolute() else base_dir / certificate
        if not certificate.is_file():
            problems["certificate"] = _("No file at {path}.").format(path=certificate)
    return problems


def parse_word_list(text: str) -> tuple[str, ...]:
    """Parse one word or phrase a line (blank lines and duplicates dropped).

    Raises:
        SettingsError: a line has no letter, or is too long (``line`` is set).
    """
    words: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        word = " ".join(raw.split())
        if not word:
            continue
        if not any(ch.isalpha() for ch in word):
            raise SettingsError(
                _("Line {line}: '{word}' has no letter.").format(line=number, word=word),
                line=number,
            )
        if len(word) > MAX_WORD:
            raise SettingsError(
                _("Line {line}: longer than {n} characters.").format(line=number, n=MAX_WORD),
                line=number,
            )
        if word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
    return tuple(words)


def parse_glossary(text: str) -> dict[str, str]:
    """Parse ``ACRONYM = meaning`` lines into the glossary (blank lines skipped).

    Raises:
        SettingsError: a line is not ``ACRONYM = meaning``, or repeats an acronym.
    """
    glossary: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        key, sep, value = raw.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise SettingsError(
                _("Line {line}: write ACRONYM = meaning.").format(line=number), line=number
            )
        if not ACRONYM.fullmatch(key):
            raise SettingsError(
                _(
                    "Line {line}: '{acronym}' is not an acronym (one word, up to 20 characters)."
                ).format(line=number, acronym=key),
                line=number,
            )
        if key in glossary:
            raise SettingsError(
                _("Line {line}: '{acronym}' is already in the glossary.").format(
                    line=number, acronym=key
                ),
                line=number,
            )
        glossary[key] = value
    return glossary
