"""Interface translations (gettext), separate from the language of a letter.

Use an explicit import: ``from desktop.core.i18n import _``. Catalogs are the ``.po`` files under
``resources/locale/<lang>/LC_MESSAGES/missiva.po``; they are compiled in memory with Babel when
first needed, so a checkout needs no build step. :func:`set_ui_language` switches at run time.
"""

from __future__ import annotations

import gettext
import io
import locale
import os
import threading

from desktop.core.paths import resource

UI_LANGUAGES: tuple[str, ...] = ("en", "pt_BR", "id")
DOMAIN = "missiva"

_lock = threading.Lock()
_state: dict[str, gettext.NullTranslations] = {"active": gettext.NullTranslations()}
_cache: dict[str, gettext.NullTranslations] = {}
_code = {"active": "en"}


def normalise_ui_language(code: str) -> str:
    """Map "pt-BR", "pt_BR.UTF-8", "pt" to "pt_BR"; "in"/"id_ID" to "id"; else "en"."""
    code = (code or "").replace("-", "_").split(".")[0].lower()
    if code.startswith("pt"):
        return "pt_BR"
    if code.startswith(("id", "in")):
        return "id"
    return "en"


def system_ui_language() -> str:
    """Return the UI language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise_ui_language(value.split(":")[0])
    lang, _enc = locale.getlocale()
    return normalise_ui_language(lang or "en")


def _load(language: str) -> gettext.NullTranslations:
    if language in _cache:
        return _cache[language]
    po_path = resource("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    translations: gettext.NullTranslations = gettext.NullTranslations()
    if po_path.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
    _cache[language] = translations
    return translations


def set_ui_language(language: str | None) -> str:
    """Activate the interface language (blank or ``None``: the system's); return its code."""
    code = normalise_ui_language(language) if language else system_ui_language()
    with _lock:
        _state["active"] = _load(code)
        _code["active"] = code
    return code


def ui_language() -> str:
    """Return the active interface language code ("en", "pt_BR" or "id")."""
    return _code["active"]


def _(message: str) -> str:
    """Translate ``message`` into the active interface language."""
    return _state["active"].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a plural form."""
    return _state["active"].ngettext(singular, plural, n)
