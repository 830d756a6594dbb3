"""Known words: what the letter declares, place names, abbreviations, probable names.

Each test pairs the case that must pass with a control that must still be flagged, so the
tests fail if the words were accepted by accident (or by a blanket skip).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.core.models import Document, Paragraph, Run
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.proofing.dictionaries import abbreviations, place_words, sentence_abbreviations
from desktop.core.proofing.text import sentences
from desktop.core.settings import OrganisationProfile, Settings, Signatory

UNKNOWN = "spelling.unknown"
NAME = "spelling.probable_name"


def _spelling(report) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (report.flagged(i), i.rule_id, i.severity)
        for i in report.issues
        if i.category == "spelling"
    ]


def _proofer(tmp_path: Path, organisation: OrganisationProfile | None = None) -> Proofer:
    settings = Settings(organisation=organisation or OrganisationProfile())
    return Proofer(settings, AppPaths(tmp_path / "data").ensure())


def _letter(language: str, runs: tuple[Run, ...], fields: dict[str, str]) -> Document:
    return Document(
        kind="memo", language=language, template_id="t", title="T", subject="",
        date=dt.date(2026, 12, 1), body=(Paragraph(runs=runs),), field_values=fields,
    )  # fmt: skip


# -- what the letter declares ------------------------------------------------------------------


def test_field_value_words_are_known_wherever_they_occur(shared_proofer: Proofer) -> None:
    """The customer's surname from a field is known when the writer repeats it in the body."""
    runs = (
        Run("Dear "),
        Run("Hendra Qorvathani", origin="field:customer"),
        Run(", we called qorvathani and Qorvathani yesterday; the zqxvbn arrived.", origin="edit"),
    )
    report = shared_proofer.check_document(_letter("en", runs, {"customer": "Hendra Qorvathani"}))
    assert _spelling(report) == [("zqxvbn", UNKNOWN, "error")]
    typed = (Run("Dear Hendra Qorvathani", origin="edit"), runs[2])
    control = shared_proofer.check_document(_letter("en", typed, {"customer": "Hendra Putra"}))
    assert ("qorvathani", UNKNOWN, "error") in _spelling(control)


def test_field_values_not_in_the_text_are_known_too(shared_proofer: Proofer) -> None:
    """check_text with field_values (the window's path) knows their words."""
    text = "Dear Sir,\n\nThe parcel for Wirjosandjojo is ready; wirjosandjojo signed."
    report = shared_proofer.check_text(
        text, "en", kind="memo", field_values={"contact": "Ibu Wirjosandjojo"}
    )
    assert _spelling(report) == []
    # Without the field, the capitalised one is taken as a name (silently: it is not one edit
    # from a dictionary word); the lower-case one is unknown.
    assert [r for _w, r, _s in _spelling(shared_proofer.check_text(text, "en", kind="memo"))] == [
        UNKNOWN
    ]


def test_template_fixed_text_words_are_known(shared_proofer: Proofer) -> None:
    """Words of the template's own text are known, also where the writer repeats them."""
    runs = (
        Run("Our Kelapagading office handles refunds. "),
        Run("Please call kelapagading or visit our vwxqzt desk.", origin="edit"),
    )
    report = shared_proofer.check_document(_letter("en", runs, {}))
    assert _spelling(report) == [("vwxqzt", UNKNOWN, "error")]
    edited = (Run("Our office handles refunds. "), runs[1])
    assert ("kelapagading", UNKNOWN, "error") in _spelling(
        shared_proofer.check_document(_letter("en", edited, {}))
    )


def test_organisation_profile_words_are_known(tmp_path: Path) -> None:
    """Name, address lines, people, titles, units and city of the profile are known words."""
    organisation = OrganisationProfile(
        name="Wiraguna Niagatama",
        address_lines=("Jl. Jenderal Sudirman Kav. 52", "Kebayoran Baru"),
        city="Tangerangselatan",
        units={"CS": "Layanan Pelanggan Wirakarya"},
        signatories=(Signatory(id="b", name="Budi Santoso", title="Kepala Keuangan"),),
    )
    text = (
        "Kantor kami di jenderal sudirman dan Tangerangselatan melayani wiraguna, Wirakarya "
        "dan santoso, serta zqxvbn."
    )
    report = _proofer(tmp_path, organisation).check_text(text, "id", kind="memo")
    assert _spelling(report) == [("zqxvbn", UNKNOWN, "error")]
    control = _proofer(tmp_path / "other").check_text(text, "id", kind="memo")
    assert {w for w, _r, _s in _spelling(control)} >= {"sudirman", "wiraguna", "santoso"}


# -- probable names in a bare text -----------------------------------------------------------


def test_capitalised_unknown_word_inside_a_sentence_is_a_probable_name(
    shared_proofer: Proofer,
) -> None:
    """Inside a sentence a capitalised unknown word is a name: silent, or a hint when it is one
    edit from a dictionary word (a misspelling); lower case it still blocks.
    """
    report = shared_proofer.check_text("We met Mr Qorvathani and Ms Zlatibor today.", "en")
    assert _spelling(report) == []
    near = shared_proofer.check_text("We wrote to the Goverment and the Departmnet today.", "en")
    assert _spelling(near) == [("Goverment", NAME, "hint"), ("Departmnet", NAME, "hint")]
    assert not [i for i in near.blocking if i.category == "spelling"]
    lower = shared_proofer.check_text("We met the qorvathani today.", "en")
    assert _spelling(lower) == [("qorvathani", UNKNOWN, "error")]


def test_sentence_initial_unknown_word_blocks_unless_used_as_a_name(
    shared_proofer: Proofer,
) -> None:
    """At a sentence's start a capital proves nothing: error, unless the letter names it."""
    alone = shared_proofer.check_text("We agree. Goverment rules apply.", "en")
    assert _spelling(alone) == [("Goverment", UNKNOWN, "error")]
    named = shared_proofer.check_text("We met Mr Qorvathani. Qorvathani agreed.", "en")
    assert _spelling(named) == []
    near = shared_proofer.check_text("We met the Goverment. Goverment agreed.", "en")
    assert _spelling(near) == [("Goverment", NAME, "hint")] * 2


def test_after_an_abbreviation_the_sentence_goes_on(shared_proofer: Proofer) -> None:
    """Abbreviations "Jl." and "Sdr." do not end a sentence, so the name after them is a probable name."""
    text = "Kirim ke Jl. Wiranatakusuma, kata Sdr. Qorvathani."
    assert len(sentences(text)) == 1
    report = shared_proofer.check_text(text, "id", kind="memo")
    assert _spelling(report) == []  # names inside the sentence, not near a dictionary word
    assert {"Jl", "Sra", "Kav"} <= sentence_abbreviations()
    assert "mar" not in sentence_abbreviations() and "Mar" in sentence_abbreviations()
    assert len(sentences("Vamos ao mar. Depois voltamos.")) == 2


# -- place names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Surabaya dan Balikpapan adalah kota besar di Jawa Timur dan Kalimantan Timur."),
        ("pt-BR", "Bandung e Surabaya ficam na Indonésia; Mossoró fica no Rio Grande do Norte."),
        ("en", "Our offices in Surabaya, Bandung, Makassar and Wollongong are open."),
        ("id", "SURABAYA, 1 Desember 2026"),
    ],
)
def test_place_names_are_known_even_at_a_sentence_start(
    shared_proofer: Proofer, language: str, text: str
) -> None:
    """Cities and provinces of Brazil and Indonesia and big English-speaking cities pass."""
    assert _spelling(shared_proofer.check_text(text, language, kind="memo")) == []


def test_place_words_are_case_sensitive(shared_proofer: Proofer) -> None:
    """A place word is a proper noun: written in lower case it is not accepted."""
    assert "Surabaya" in place_words() and "surabaya" not in place_words()
    report = shared_proofer.check_text("Kami pergi ke surabaya.", "id", kind="memo")
    assert _spelling(report) == [("surabaya", UNKNOWN, "error")]


# -- abbreviations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "id",
            "Yth. Bapak Budi, kantor di Jl. Melati Kav. 5, a.n. Direktur PT Maju Tbk. "
            "mengirim 5 kg dan 200 ml, tsb. dll.",
        ),
        ("pt-BR", "Prezada Sra. Ana, a empresa Silva Ltda., nº 5, Av. Paulista, pagou via Pix."),
        ("en", "Dear Mrs Smith, Acme Inc. and Widget plc sent 5 kg, 3 km and 200 ml online."),
    ],
)
def test_letter_abbreviations_are_known(shared_proofer: Proofer, language: str, text: str) -> None:
    """The per-language abbreviation lists cover titles, companies, addresses and units."""
    assert _spelling(shared_proofer.check_text(text, language, kind="memo")) == []


def test_abbreviations_need_their_dot_and_their_case(shared_proofer: Proofer) -> None:
    """The "tsb." needs its dot; "Sra." is not accepted in lower case; "kg" is taken with a dot."""
    no_dot = shared_proofer.check_text("Barang tsb sudah dikirim.", "id", kind="memo")
    # not accepted as an abbreviation: the Indonesian rules flag it (write "tersebut")
    assert [(no_dot.flagged(i), i.rule_id) for i in no_dot.issues] == [
        ("tsb", "grammar.id.abbreviation")
    ]
    lower = shared_proofer.check_text("Falei com a sra. Ana hoje.", "pt-BR", kind="memo")
    assert _spelling(lower) == [("sra", UNKNOWN, "error")]
    listed = abbreviations("id")
    assert listed.accepts("kg", True) and listed.accepts("kg", False)
    assert listed.accepts("Jl", True) and not listed.accepts("Jl", False)
    assert listed.accepts("KAV", True) and not listed.accepts("kav", True)


def test_abbreviation_lists_are_versioned_data_with_a_header() -> None:
    """Each list says how to read it and where it comes from."""
    from desktop.core.paths import resource

    for language in ("en", "pt-BR", "id"):
        text = resource("dictionaries", f"abbreviations-{language}.txt").read_text("utf-8")
        head = [line for line in text.splitlines() if line.startswith("#")][:3]
        assert "version" in " ".join(head) and "sources" in " ".join(head)
        assert len(abbreviations(language).bare | abbreviations(language).dotted) > 60


def test_known_words_do_not_leak_between_checks(shared_proofer: Proofer) -> None:
    """A field value makes its words known only in its own letter."""
    runs = (
        Run("About "),
        Run("Qorvathani", origin="field:n"),
        Run(" and qorvathani.", origin="edit"),
    )
    assert _spelling(shared_proofer.check_document(_letter("en", runs, {"n": "Qorvathani"}))) == []
    bare = shared_proofer.check_text("About qorvathani.", "en", kind="memo")
    assert _spelling(bare) == [("qorvathani", UNKNOWN, "error")]
    again = replace(_letter("en", runs, {}), body=(Paragraph(runs=(runs[2],)),))
    assert _spelling(shared_proofer.check_document(again)) == [("qorvathani", UNKNOWN, "error")]


def test_declared_texts_make_their_words_known(shared_proofer: Proofer) -> None:
    """A caller with no template spans (the editor) passes the template's text as declared."""
    text = "Please visit our kelapagading desk."
    report = shared_proofer.check_text(text, "en", declared=("Our Kelapagading desk is open.",))
    assert _spelling(report) == []
    assert _spelling(shared_proofer.check_text(text, "en")) == [("kelapagading", UNKNOWN, "error")]
