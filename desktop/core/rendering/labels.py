"""Printed words of every writer in the DOCUMENT's language (never the UI language).

One small table per language plus the date line and the Indonesian number words; the DOCX,
PDF and e-mail writers all take their labels from here, so they print the same words.
"""

from __future__ import annotations

import datetime as dt

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "our_ref": "Our ref:",
        "your_ref": "Your ref:",
        "subject": "Subject:",
        "enclosures": "Enc.",
        "copies": "cc:",
        "page": "Page {page} of {pages}",
        "draft": "DRAFT",
        "memo_title": "MEMORANDUM",
        "memo_to": "To:",
        "memo_from": "From:",
        "memo_cc": "Cc:",
        "memo_date": "Date:",
        "memo_subject": "Subject:",
        "attestation": "Register reference: {reference} · Verification code: {code}",
        "staff_number": "",
    },
    "pt-BR": {
        "our_ref": "",
        "your_ref": "Sua ref.:",
        "subject": "Assunto:",
        "enclosures": "Anexo:",
        "copies": "c/c:",
        "page": "Página {page} de {pages}",
        "draft": "RASCUNHO",
        "memo_title": "MEMORANDO",
        "memo_to": "Para:",
        "memo_from": "De:",
        "memo_cc": "Cc:",
        "memo_date": "Data:",
        "memo_subject": "Assunto:",
        "attestation": "Referência no registro: {reference} · Código de verificação: {code}",
        "staff_number": "",
    },
    "id": {
        "our_ref": "Nomor",
        "your_ref": "Nomor Anda",
        "subject": "Perihal",
        "nature": "Sifat",
        "nature_default": "Biasa",
        "attachment": "Lampiran",
        "enclosures": "Lampiran:",
        "copies": "Tembusan:",
        "copy_prefix": "Yth.",
        "page": "Halaman {page} dari {pages}",
        "draft": "DRAF",
        "memo_title": "NOTA DINAS",
        "memo_to": "Kepada",
        "memo_from": "Dari",
        "memo_cc": "Tembusan",
        "memo_date": "Tanggal",
        "memo_subject": "Hal",
        "attestation": "Nomor register: {reference} · Kode verifikasi: {code}",
        "staff_number": "NIP. {number}",
    },
}

_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "pt-BR": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
}

_ID_UNITS = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def language_of(language: str) -> str:
    """Return the label table key for ``language`` (unknown languages print English)."""
    if language in LABELS:
        return language
    if language.lower().startswith("pt"):
        return "pt-BR"
    if language.lower().startswith("id"):
        return "id"
    return "en"


def label(language: str, key: str) -> str:
    """Return the printed label ``key`` in ``language`` ("" when the language has none)."""
    return LABELS[language_of(language)].get(key, "")


def english_variant(language: str, english: str = "") -> str:
    """Return the English of an English letter: its own ("en-US") or the profile's, else "".

    A letter whose language names a variant keeps it; a plain ``en`` letter follows the
    organisation profile's ``english`` setting.
    """
    if not language.lower().startswith("en"):
        return ""
    own = {"en-us": "en-US", "en-gb": "en-GB", "en-au": "en-AU", "en-in": "en-IN"}.get(
        language.lower().replace("_", "-"), ""
    )
    return own or english


def format_date(date: dt.date, language: str, english: str = "") -> str:
    """Return the date as printed in letters: "22 November 2026", "22 de novembro de 2026".

    ``english`` is the organisation's English (profile setting): US English writes the month
    first ("November 22, 2026"); British, Australian and Indian English day first.
    """
    lang = language_of(language)
    month = _MONTHS[lang][date.month - 1]
    if lang == "pt-BR":
        day = "1º" if date.day == 1 else str(date.day)
        return f"{day} de {month} de {date.year}"
    if lang == "en" and english_variant(language, english) == "en-US":
        return f"{month} {date.day}, {date.year}"
    return f"{date.day} {month} {date.year}"


def date_line(date: dt.date, language: str, place: str, english: str = "") -> str:
    """Return the full date line: "São Paulo, 22 de novembro de 2026." / "Jakarta, 22 ..."."""
    lang = language_of(language)
    text = format_date(date, language, english)
    if lang == "en":
        return text
    if place:
        text = f"{place}, {text}"
    return text + "." if lang == "pt-BR" else text


def indonesian_number(n: int) -> str:
    """Return ``n`` in Indonesian words (0..999), e.g. 2 -> "dua", 15 -> "lima belas"."""
    if n < 12:
        return _ID_UNITS[n]
    if n < 20:
        return f"{_ID_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        head = f"{_ID_UNITS[tens]} puluh"
        return head if rest == 0 else f"{head} {indonesian_number(rest)}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ID_UNITS[hundreds]} ratus"
        return head if rest == 0 else f"{head} {indonesian_number(rest)}"
    return str(n)


def attachment_count(count: int) -> str:
    """Return the Indonesian Lampiran value: "1 (satu) berkas" or "-" when there are none."""
    if count <= 0:
        return "-"
    return f"{count} ({indonesian_number(count)}) berkas"
