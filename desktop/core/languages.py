"""Letter language codes as people type them, mapped to the template variants that exist.

Templates come in ``en``, ``pt-BR`` and ``id``. People type ``pt_BR``, ``pt``, ``PT-br``,
``en_US``, ``en-GB``, ``id_ID``, ``in`` (the old code for Indonesian) or ``pt_BR.UTF-8`` (a
locale). Each maps to its variant; anything else is refused with the list of valid codes, so
a filter never quietly matches nothing.
"""

from __future__ import annotations

from desktop.core.errors import TemplateError
from desktop.core.i18n import _

TEMPLATE_LANGUAGES: tuple[str, ...] = ("en", "pt-BR", "id")
# The base language of each variant, and the regions taken as that variant. Any English region
# is the "en" template (the organisation's English decides spelling and dates); only Brazilian
# Portuguese exists, so pt-PT is refused rather than given Brazilian letters.
_BASES = {"pt": "pt-BR", "id": "id", "in": "id"}
_REGIONS = {"pt": ("", "br"), "id": ("", "id"), "in": ("", "id")}
_NAMES = {
    "english": "en",
    "inglês": "en",
    "ingles": "en",
    "inggris": "en",
    "portuguese": "pt-BR",
    "português": "pt-BR",
    "portugues": "pt-BR",
    "indonesian": "id",
    "indonésio": "id",
    "indonesio": "id",
    "indonesia": "id",
    "bahasa indonesia": "id",
}


def template_language(code: str) -> str:
    """Return the template variant (``en``, ``pt-BR``, ``id``) a typed language code means.

    Raises:
        TemplateError: the code names no variant; the hint lists the valid codes.
    """
    text = (code or "").strip()
    folded = text.split(".")[0].split("@")[0].replace("_", "-").casefold()
    if folded in _NAMES:
        return _NAMES[folded]
    base, _sep, region = folded.partition("-")
    if base == "en" and (not region or region.isalpha()):
        return "en"
    if base in _BASES and region in _REGIONS.get(base, ()):
        return _BASES[base]
    raise TemplateError(
        _("'{language}' is not a template language.").format(language=text),
        hint=_("Use one of: {languages}.").format(languages=", ".join(TEMPLATE_LANGUAGES)),
    )
