"""Doubled forms of address: "Mr Mr John O'Neill", "Sr. Sr. João", "Bapak Bpk. Budi".

A template often writes its own form of address before a name field ("Mr {{ customer_name }}",
"Yth. Bapak {{ customer_name }}", "Ao Senhor" on the line above the name), while the person who
fills the form may type the name with a title already ("Mr John O'Neill", "Dr. Ana Lima"). The
rule: **the value's title wins and the template's form of address is dropped**, because the value
is what the writer typed for this person (it may be more specific: "Dr", "Prof."), while the
template only guessed from the form-of-address choice. Only a form of address written by the
template directly before a field value (same line, or the pt-BR "Ao Senhor" / "À Senhora" line
just above) that itself starts with a title is touched; the value is never changed.

This works on rendered template text where field values are still marked (see
:mod:`desktop.core.templates.engine`), so literal text that merely looks like "Mr Mr" is kept.
"""

from __future__ import annotations

import re

from desktop.core.templates.engine import MARK_OPEN, MARK_SEP

# titles and forms of address in en, pt-BR and id (longest first inside the alternation)
TITLES = (
    # English
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame",
    # Brazilian Portuguese
    "Sr", "Sra", "Srta", "Dra", "Senhor", "Senhora", "Senhorita", "Dom", "Dona",
    # Indonesian
    "Bapak", "Ibu", "Bpk", "Bp", "Sdr", "Sdri", "Saudara", "Saudari", "Tuan", "Nyonya", "Nona",
    "Bapak/Ibu", "Pak", "Bu",
)  # fmt: skip
_ALTERNATION = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
# the template's own form: a title (optionally with its full stop) then spaces, or a pt-BR
# address line ("Ao Senhor", "À Senhora", "Aos Senhores") and the line break under it
_TEMPLATE_FORM = (
    rf"(?:(?<![\w/])(?:{_ALTERNATION})\.?[ \t]+"
    r"|^[ \t]*(?:Ao|À|A|Aos|Às)[ \t]+(?:Senhor|Senhora|Senhores|Senhoras|Sr\.|Sra\.)[ \t]*\n[ \t]*)"
)
# a marked value that starts with a title: its "." may be Markdown-escaped ("Sr\.")
_VALUE_WITH_TITLE = (
    rf"(?={MARK_OPEN}[^{MARK_SEP}]*{MARK_SEP}(?:{_ALTERNATION})(?:\\?\.)?(?:[ \t]|\\?\n))"
)
_DOUBLED = re.compile(_TEMPLATE_FORM + _VALUE_WITH_TITLE, re.MULTILINE)


def starts_with_title(name: str) -> bool:
    """Return True when ``name`` starts with a title or form of address ("Sr. João")."""
    return re.match(rf"(?:{_ALTERNATION})\.?\s", name.strip() + " ") is not None


def drop_doubled_titles(marked: str) -> str:
    """Remove the template's form of address where the next field value brings its own.

    Args:
        marked: rendered template text with field values still marked.

    Returns:
        The text with "Mr <value 'Mr John'>" turned into "<value 'Mr John'>".
    """
    if MARK_OPEN not in marked:
        return marked
    return _DOUBLED.sub("", marked)
