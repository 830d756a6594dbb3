"""Precision on correct letters: what must stay quiet, each with controls that must still fire.

Every rule change here has at least three texts it must accept and three it must still flag,
so a blanket skip (or a rule that stopped working) fails the test.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from desktop.core.proofing import Proofer
from desktop.core.proofing.house_style import subdivision_codes
from desktop.core.proofing.text import sentences

ROOT = Path(__file__).resolve().parents[3]


def _rules(proofer: Proofer, text: str, language: str, kind: str = "memo") -> list[tuple[str, str]]:
    report = proofer.check_text(text, language, kind=kind)
    return [(i.rule_id, report.flagged(i)) for i in report.issues]


def _has(proofer: Proofer, text: str, language: str, rule: str, kind: str = "memo") -> bool:
    return any(r == rule for r, _f in _rules(proofer, text, language, kind))


# -- sentence capitals ----------------------------------------------------------------------

CAPITAL = "typography.sentence_capital"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Barang yang dikirim sebagai berikut:\n1. kain tenun;\n2. kemeja lengan panjang."),
        (
            "pt-BR",
            "Faltam dois documentos:\n\n1. cópia do contrato;\n\n2. comprovante de endereço.",
        ),
        ("en", "Please bring the following:\n\na) your passport;\nb) two photographs."),
        ("id", "Rapat akan diadakan pada\n\nhari, tanggal: Senin, 3 Mei\ntempat: Aula Utama"),
        ("en", "The meeting will take place on\n\nday and date: Monday, 3 May"),
        ("id", "Hormat kami,\n\na.n. Kepala Kantor Wilayah\nSekretaris"),
        ("id", "Kepada Yth.\nd/a Kantor Pos Pusat\nu.p. Bagian Keuangan"),
    ],
)
def test_no_capital_needed_without_a_sentence_end(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """List items, continued sentences and lowercase abbreviations need no capital."""
    assert not _has(shared_proofer, text, language, CAPITAL)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We have received your letter. we will reply soon."),
        ("pt-BR", "Recebemos sua carta.\n\nresponderemos em breve."),
        ("id", "Surat Bapak sudah kami terima! kami akan segera membalas."),
        ("en", "the parcel has arrived."),
    ],
)
def test_capital_still_needed_after_a_sentence_end(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """After . ! ? (also across a paragraph break) and at the very start, a capital is needed."""
    assert _has(shared_proofer, text, language, CAPITAL)


# -- sentence ends after abbreviations ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We open at 8 a.m. The driver arrives at noon.",
        "Bring pens, paper, etc. The room is ready.",
        "We wrote to Acme Inc. They replied at once.",
    ],
)
def test_terminal_abbreviation_before_a_capital_ends_the_sentence(text: str) -> None:
    """a.m., etc., Inc. and their like end a sentence when a capitalised word follows."""
    assert len(sentences(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "We open at 8 a.m. and close at 5 p.m. on weekdays.",
        "We met Dr. Smith and Mr. Jones yesterday.",
        "Kirim ke Jl. Sudirman No. 5 besok.",
        "Falei com a Sra. Ana e o Sr. Paulo hoje.",
    ],
)
def test_titles_and_midsentence_abbreviations_do_not_end_it(text: str) -> None:
    """Titles never end a sentence; a.m. followed by a lowercase word does not either."""
    assert len(sentences(text)) == 1


def test_long_sentence_limit_per_language(shared_proofer: Proofer) -> None:
    """English: over 40 words; Portuguese: over 50; Indonesian: over 45."""
    rule = "style.long_sentence"
    assert _has(shared_proofer, "We " + "really " * 40 + "care.", "en", rule)
    assert not _has(shared_proofer, "We " + "really " * 37 + "care.", "en", rule)
    assert _has(shared_proofer, "Nós " + "realmente " * 50 + "cuidamos.", "pt-BR", rule)
    assert not _has(shared_proofer, "Nós " + "realmente " * 45 + "cuidamos.", "pt-BR", rule)
    assert _has(shared_proofer, "Kami " + "sungguh " * 45 + "peduli.", "id", rule)
    assert not _has(shared_proofer, "Kami " + "sungguh " * 41 + "peduli.", "id", rule)


# -- closings -------------------------------------------------------------------------------

MISSING = "style.missing_closing"


@pytest.mark.parametrize(
    ("language", "ending"),
    [
        ("en", "With best regards,\n\nJane Roe\nHead of Accounts\nNorth Freight, Inc.\n"),
        ("en", "Warmest regards,\n\nJane Roe\n"),
        ("en", "Respectfully,\n\nJane Roe\nDirector"),
        ("en", "Yours with thanks,\n\nJane Roe\nDirector"),
        ("id", "a.n. Kepala Dinas Pendidikan\nKepala Bidang Umum,\n\nIr. Budi Hartanto\nNIP 1970"),
        ("pt-BR", "Cordiais saudações,\n\nMaria Souza\nGerente Regional"),
    ],
)
def test_closings_found_by_their_place(shared_proofer: Proofer, language: str, ending: str) -> None:
    """A short line ending in a comma above a signature block is the closing."""
    opening = {"en": "Dear Ms Roe,", "id": "Dengan hormat,", "pt-BR": "Prezada senhora,"}
    body = {"en": "Your refund is on its way.", "id": "Dana sudah kami kirim.",
            "pt-BR": "O reembolso já foi enviado."}  # fmt: skip
    text = f"{opening[language]}\n\n{body[language]}\n\n{ending}"
    assert not _has(shared_proofer, text, language, MISSING, kind="letter")


@pytest.mark.parametrize(
    ("language", "ending"),
    [
        ("en", "Jane Roe\nDirector"),
        ("en", "We will write again, as soon as we can, with the final figures.\n\nJane Roe"),
        ("id", "Terima kasih atas perhatian Bapak.\n\nBudi Hartanto\nNIP 1970"),
        ("pt-BR", "Estamos à disposição.\n\nMaria Souza"),
    ],
)
def test_a_letter_without_a_closing_is_still_flagged(
    shared_proofer: Proofer, language: str, ending: str
) -> None:
    """A signature with no closing line above it (or a long sentence with commas) is not one."""
    opening = {"en": "Dear Ms Roe,", "id": "Dengan hormat,", "pt-BR": "Prezada senhora,"}
    text = f"{opening[language]}\n\nThe refund is on its way.\n\n{ending}"
    assert _has(shared_proofer, text, language, MISSING, kind="letter")


# -- headings and shouting ------------------------------------------------------------------

SHOUTING = "style.shouting"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "NOTICE OF CHANGE\n\nThe office moves on Monday."),
        ("pt-BR", "MEMORANDO nº 12/2027\n\nA reunião foi adiada."),
        ("id", "PENGUMUMAN\n\nKantor tutup pada hari Senin."),
    ],
)
def test_heading_lines_are_not_shouting(shared_proofer: Proofer, language: str, text: str) -> None:
    """A short line wholly in capitals, not ending a sentence, is a heading."""
    assert not _has(shared_proofer, text, language, SHOUTING)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We will NOT accept returns after thirty days."),
        ("pt-BR", "NÃO ACEITAMOS DEVOLUÇÕES."),
        ("id", "KAMI TIDAK MENERIMA PENGEMBALIAN BARANG."),
        ("en", "PLEASE READ THE CONTRACT BEFORE YOU WRITE TO US AGAIN"),
    ],
)
def test_shouting_inside_sentences_is_still_flagged(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """Capitals inside a sentence, or a line in capitals that ends a sentence, are shouting."""
    assert _has(shared_proofer, text, language, SHOUTING)


# -- state and province codes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Please send it to 12 Main Street, Trenton, NJ 08608."),
        ("en", "Our depot is in Toronto, ON M5V 2T6."),
        ("pt-BR", "A loja fica em Campinas - SP, perto do centro."),
        ("pt-BR", "Enviamos para Curitiba/PR na segunda-feira."),
        ("en", "The office in Perth, WA handles the claim."),
    ],
)
def test_subdivision_codes_in_addresses_are_known(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """A state/province code after a place and a comma, hyphen or slash is not an acronym."""
    rules = {r for r, _f in _rules(shared_proofer, text, language)}
    assert not rules & {"style.acronym", SHOUTING}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Our NJ team will call you."),
        ("en", "Please send the XQZ form."),
        ("en", "Ask the NSW team for the form."),
    ],
)
def test_codes_outside_an_address_still_need_explaining(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """Outside an address, a code is an acronym like any other."""
    assert _has(shared_proofer, text, language, "style.acronym")


def test_subdivision_codes_come_from_pycountry() -> None:
    """The committed list is what the generator makes, and holds each country's codes."""
    spec = importlib.util.spec_from_file_location(
        "make_name_lists", ROOT / "tools" / "make_name_lists.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    committed = (ROOT / "resources/dictionaries/subdivision-codes.txt").read_text("utf-8")
    assert committed == generator.build_codes()
    assert {"NJ", "CA", "ON", "NSW", "SP", "MG", "MH"} <= subdivision_codes()


# -- probable names -------------------------------------------------------------------------

NAME = "spelling.probable_name"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Please call Ms Oyelaran or Mr Lindqvist about the invoice."),
        ("pt-BR", "A senhora Yamashita falou com o senhor Koerber ontem."),
        ("id", "Hubungi Ibu Rahmadhani atau Bapak Sitorus untuk jadwal."),
    ],
)
def test_names_are_accepted_silently(shared_proofer: Proofer, language: str, text: str) -> None:
    """Capitalised unknown words inside a sentence, not one edit from a stem, are names."""
    report = shared_proofer.check_text(text, language, kind="memo")
    assert not [i for i in report.issues if i.category == "spelling"]


@pytest.mark.parametrize(
    ("language", "text", "word"),
    [
        ("en", "We wrote to the Goverment last week.", "Goverment"),
        ("en", "Please ask the Departmnet for a copy.", "Departmnet"),
        ("pt-BR", "Falamos com a Prefeitrua ontem.", "Prefeitrua"),
        ("id", "Kami menghubungi Sekretariar itu kemarin.", "Sekretariar"),
    ],
)
def test_misspelt_capitalised_words_still_get_a_hint(
    shared_proofer: Proofer, language: str, text: str, word: str
) -> None:
    """One edit from a dictionary word: still a hint, so the writer looks at it."""
    report = shared_proofer.check_text(text, language, kind="memo")
    assert (NAME, word) in [(i.rule_id, report.flagged(i)) for i in report.issues]


# -- house-style phrases --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "rule"),
    [
        ("en", "As I have already told you repeatedly, the offer ended.", "style.blaming"),
        ("en", "As we explained several times, the offer ended.", "style.blaming"),
        ("en", "Had you read the terms, you would know.", "style.blaming"),
        ("en", "Thanks, buddy, we will sort it.", "style.informal"),
        ("pt-BR", "Conforme já dissemos repetidas vezes, o prazo acabou.", "style.blaming"),
        ("pt-BR", "A culpa foi inteiramente da senhora.", "style.blaming"),
        ("pt-BR", "Vamos estar verificando o pedido.", "style.gerundism"),
        ("pt-BR", "Posso estar enviando a fatura amanhã.", "style.gerundism"),
        ("pt-BR", "Valeu, mano, já resolvemos.", "style.informal"),
        (
            "id",
            "Sebagaimana yang telah berulang kali kami sampaikan, garansi habis.",
            "style.blaming",
        ),
        ("id", "Kerusakan itu murni kesalahan Anda.", "style.blaming"),
        ("id", "Seandainya Ibu membaca kontrak, masalah ini tidak terjadi.", "style.blaming"),
        ("id", "Siap, gan, dana segera dikirim.", "style.informal"),
        ("id", "Dana sebesar RpXX.XXX akan dikembalikan.", "placeholder.unfilled"),
    ],
)
def test_style_phrases_are_flagged(
    shared_proofer: Proofer, language: str, text: str, rule: str
) -> None:
    """Talking down, blaming, over-familiar address and gerundism are flagged as classes."""
    assert _has(shared_proofer, text, language, rule)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "As we explained in our letter of 3 May, the offer ended."),
        ("en", "As mentioned before, the office is closed on Monday."),
        ("en", "If you have read the terms, please sign below."),
        ("pt-BR", "Como informamos na carta anterior, o prazo acabou."),
        ("pt-BR", "Estamos enviando a fatura hoje e vamos enviar o recibo amanhã."),
        ("pt-BR", "O prédio velho será reformado."),
        ("id", "Seperti yang telah kami sampaikan sebelumnya, garansi berlaku satu tahun."),
        ("id", "Kami mohon maaf atas kesalahan kami sendiri dalam pengiriman."),
        ("id", "Sayang sekali, barang tersebut sudah habis."),
    ],
)
def test_polite_near_misses_are_not_flagged(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """A plain reference to an earlier letter, a correct future, our own mistake: all fine."""
    rules = {r for r, _f in _rules(shared_proofer, text, language)}
    assert not rules & {"style.blaming", "style.informal", "style.gerundism"}
