"""The proofer: dictionaries (missing, installed, personal), documents, odd texts, threads."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from desktop.core.errors import ProofingError
from desktop.core.models import Document, ListBlock, Paragraph, Run
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer, install_dictionary, reply_questions
from desktop.core.settings import ProofingSettings, Settings

SYSTEM = Path("/usr/share/hunspell")
needs_hunspell = pytest.mark.skipif(
    not (SYSTEM / "en_US.dic").is_file(), reason="system Hunspell dictionaries not installed"
)


def _bare(tmp_path: Path, settings: Settings | None = None) -> Proofer:
    """Return a proofer that sees no system dictionaries."""
    return Proofer(settings or Settings(), AppPaths(tmp_path / "data"), system_dirs=())


def test_missing_dictionary_gives_notice_not_silence(tmp_path: Path) -> None:
    """Without a dictionary spelling is skipped with a notice; other rules still run."""
    report = _bare(tmp_path).check_text("Kami perlu [NAMA] dan recieve.", "id", kind="memo")
    assert "spelling not checked for id" in report.notices
    assert [i.rule_id for i in report.issues] == ["placeholder.unfilled"]


def test_status_reports_missing_dictionary(tmp_path: Path) -> None:
    """status() lists each language's dictionary (None when missing) and grammar engine."""
    status = _bare(tmp_path).status()["languages"]
    assert status["pt-BR"] == {"dictionary": None, "spelling": False, "grammar": "built-in"}
    assert status["en"]["grammar"] == "harper"


@needs_hunspell
def test_install_dictionary_pair(tmp_path: Path) -> None:
    """Installing a .dic/.aff pair into the data folder makes spelling work."""
    source = tmp_path / "src"
    source.mkdir()
    for ext in (".aff", ".dic"):
        shutil.copy(SYSTEM / f"id_ID{ext}", source / f"id_ID{ext}")
    proofer = _bare(tmp_path)
    assert install_dictionary(source / "id_ID.dic", proofer._paths) == ["id_ID"]
    report = proofer.check_text("Kami mengirimkn surat.", "id", kind="memo")
    assert not any("spelling not checked" in n for n in report.notices)
    assert any("built-in rules only" in n for n in report.notices)  # no engine for Indonesian
    assert "languagetool" not in report.grammar and "harper" not in report.grammar
    assert [report.flagged(i) for i in report.issues] == ["mengirimkn"]


@needs_hunspell
def test_install_dictionary_oxt(tmp_path: Path) -> None:
    """A LibreOffice .oxt (zip) installs the pairs it holds."""
    oxt = tmp_path / "dict-pt-BR.oxt"
    with zipfile.ZipFile(oxt, "w") as archive:
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
        archive.write(SYSTEM / "pt_BR.aff", "dictionaries/pt_BR.aff")
        archive.write(SYSTEM / "pt_BR.dic", "dictionaries/pt_BR.dic")
    proofer = _bare(tmp_path)
    assert install_dictionary(oxt, proofer._paths) == ["pt_BR"]
    assert proofer.status()["languages"]["pt-BR"]["spelling"] is True


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("words.dic", b"1\nword\n", "both a .aff and a .dic"),
        ("dict.oxt", b"not a zip", "not a valid .oxt"),
        ("notes.txt", b"hello", "not a dictionary"),
    ],
)
def test_install_dictionary_rejects_bad_files(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """An incomplete pair, a broken .oxt or another file is a clear ProofingError."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ProofingError, match=message):
        install_dictionary(path, AppPaths(tmp_path / "data"))


@needs_hunspell
def test_add_to_dictionary_persists(tmp_path: Path) -> None:
    """A personal word is accepted at once and by a new proofer on the same data folder."""
    paths = AppPaths(tmp_path / "data")
    proofer = Proofer(Settings(), paths)
    assert proofer.check_text("Ask zorblax.", "en", kind="memo").issues
    proofer.add_to_dictionary("zorblax", "en")
    assert not proofer.check_text("Ask zorblax.", "en", kind="memo").issues
    again = Proofer(Settings(), paths)
    assert not again.check_text("Ask zorblax.", "en", kind="memo").issues
    assert (paths.dictionaries_dir / "personal-en.txt").read_text(encoding="utf-8") == "zorblax\n"


@needs_hunspell
def test_ignore_all_and_organisation_scope(tmp_path: Path) -> None:
    """ignore_all and the organisation scope both silence a word, per language."""
    proofer = Proofer(Settings(), AppPaths(tmp_path / "data"))
    proofer.ignore_all("Qwertz", "en")
    proofer.add_to_dictionary("Nusantrix", "pt-BR", scope="organisation")
    assert not proofer.check_text("Qwertz.", "en", kind="memo").issues
    assert not proofer.check_text("Nusantrix.", "pt-BR", kind="memo").issues
    assert proofer.check_text("Nusantrix.", "en", kind="memo").issues


def test_add_to_dictionary_rejects_unknown_scope(tmp_path: Path) -> None:
    """A scope other than personal or organisation is refused."""
    with pytest.raises(ProofingError, match="scope"):
        _bare(tmp_path).add_to_dictionary("word", "en", scope="global")


@needs_hunspell
def test_suggestions_on_demand(shared_proofer: Proofer) -> None:
    """Spelling issues carry no suggestions; suggest() computes them when asked."""
    report = shared_proofer.check_text("We recieve it.", "en", kind="memo")
    assert report.issues[0].suggestions == ()
    assert "receive" in shared_proofer.suggest("recieve", "en")


@needs_hunspell
@pytest.mark.parametrize(
    "word", ["lengkapi", "ketidakpuasan", "ketidaksesuaian", "surel", "menyelesaikannya"]
)
def test_indonesian_derived_forms_accepted(shared_proofer: Proofer, word: str) -> None:
    """Standard derived forms hunspell-id lacks pass through our affix supplement."""
    assert not shared_proofer.check_text(f"Mohon {word}.", "id", kind="memo").issues


@needs_hunspell
@pytest.mark.parametrize("word", ["kirimkn", "ketidakpuasn", "mengrim"])
def test_indonesian_misspellings_still_flagged(shared_proofer: Proofer, word: str) -> None:
    """The affix supplement does not swallow misspellings of derived forms."""
    report = shared_proofer.check_text(f"Mohon {word}.", "id", kind="memo")
    assert [r.flagged(i) for r in [report] for i in report.issues] == [word]


@needs_hunspell
def test_skips_urls_emails_numbers_and_references(shared_proofer: Proofer) -> None:
    """URLs, e-mail addresses, numbers and reference codes are never spelling-flagged."""
    text = "See https://exmple.com/zzqx, write to qqzz@exmple.com, ref 001/IM/SJP/IX/2026, ABC-DEF, 12abc."
    report = shared_proofer.check_text(text, "en", kind="memo")
    assert [i.rule_id for i in report.issues if i.category == "spelling"] == []


def _document() -> Document:
    body = (
        Paragraph(
            runs=(
                Run("We have recieved the order from "),
                Run("Silva & Filhos <Ltda> {{ 7*7 }} Zqxj", origin="field:customer"),
                Run(". Teh parcel is ready.", origin="edit"),
            )
        ),
        ListBlock(items=((Run("First item"),), (Run("Invoice INV-5521"),))),
    )
    return Document(
        kind="letter", language="en-GB", template_id="t", title="T",
        subject="Your order from Silva & Filhos <Ltda> {{ 7*7 }} Zqxj",
        date=dt.date(2026, 11, 25), body=body, salutation="Dear Mr Zqxj,",
        closing="Yours sincerely,",
        field_values={"name": "Mr Zqxj"},
    )  # fmt: skip


@needs_hunspell
def test_check_document_maps_sources_and_skips_fields(shared_proofer: Proofer) -> None:
    """Field values (also in the subject), codes and the template's own words are skipped.

    The template's fixed text is declared by the letter (the writer cannot change it), so its
    words, "recieved" included, are known (issue: proofing known words); issues name their source.
    """
    report = shared_proofer.check_document(_document())
    found = {(report.flagged(i), i.source) for i in report.issues}
    assert found == {("Teh", "edit")}
    assert report.language == "en-GB"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "Olá 👋🏽 мир 世界 مرحبا — ok.", "🙂" * 50, "a\x00b\tc\r\nd"],
    ids=["empty", "blank", "mixed-scripts", "emoji", "control-chars"],
)
def test_odd_text_does_not_crash(shared_proofer: Proofer, text: str) -> None:
    """Empty, mixed-script, emoji and control-character texts give a valid report."""
    for language in ("en", "pt-BR", "id"):
        report = shared_proofer.check_text(text, language, kind="memo")
        assert all(0 <= i.offset <= i.end <= len(text) for i in report.issues)
        assert not any("🙂" in report.flagged(i) for i in report.issues)


def test_large_text_is_checked(shared_proofer: Proofer) -> None:
    """A 200 KB text is checked completely, with issues found near its end."""
    paragraph = "We have received your letter and we will reply soon. " * 10
    text = "\n\n".join([paragraph] * 380) + "\n\nThe end is teh end."
    assert len(text.encode()) > 200_000
    report = shared_proofer.check_text(text, "en", kind="memo")
    assert report.issues[-1].offset > 200_000
    assert report.flagged(report.issues[-1]) == "teh"


def test_unknown_language_is_an_error(shared_proofer: Proofer) -> None:
    """An unknown language is a ProofingError naming it."""
    with pytest.raises(ProofingError, match="unknown language 'fr'"):
        shared_proofer.check_text("Bonjour.", "fr")


@needs_hunspell
def test_concurrent_checks_agree(shared_proofer: Proofer) -> None:
    """Checks from several threads give the same result as one thread."""
    texts = ["We recieve it.", "Kami perlu ijin.", "Vc pode vir.", "We are gonna go."]
    langs = ["en", "id", "pt-BR", "en-GB"]
    expected = [
        shared_proofer.check_text(t, lang, kind="memo").issues
        for t, lang in zip(texts, langs, strict=True)
    ]
    results: dict[int, object] = {}

    def work(n: int) -> None:
        for _ in range(20):
            results[n] = shared_proofer.check_text(
                texts[n % 4] + " ", langs[n % 4], kind="memo"
            ).issues

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[n] == expected[n % 4] for n in range(8))


@pytest.mark.parametrize(
    ("language", "text", "questions"),
    [
        ("en", "My order is late. When will it arrive? Could you tell me the courier. Thanks.",
         ["When will it arrive?", "Could you tell me the courier."]),
        ("pt-BR", "O pedido atrasou. Gostaria de saber o prazo. Posso trocar a cor?",
         ["Gostaria de saber o prazo.", "Posso trocar a cor?"]),
        ("id", "Pesanan saya terlambat. Apakah bisa dikirim hari ini. Berapa ongkirnya?",
         ["Apakah bisa dikirim hari ini.", "Berapa ongkirnya?"]),
    ],
)  # fmt: skip
def test_reply_questions_found(language: str, text: str, questions: list[str]) -> None:
    """Questions and requests for information in an incoming message are listed in order."""
    assert reply_questions(text, language) == questions


def test_reply_questions_become_notices(shared_proofer: Proofer) -> None:
    """check_text with reply_to_text lists each question as a notice."""
    report = shared_proofer.check_text(
        "Thank you.", "en", kind="memo", reply_to_text="Where is it? Who sent it?"
    )
    assert [n for n in report.notices if "Where is it?" in n or "Who sent it?" in n] == [
        "Answer the question: Where is it?",
        "Answer the question: Who sent it?",
    ]


def test_settings_dictionary_dirs_searched_first(tmp_path: Path) -> None:
    """A folder from settings.proofing.dictionary_dirs is used for the language."""
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "id_ID.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (folder / "id_ID.dic").write_text("2\nkami\nsurat\n", encoding="utf-8")
    settings = Settings(proofing=ProofingSettings(dictionary_dirs=(str(folder),)))
    report = _bare(tmp_path, settings).check_text("Kami surat buku.", "id", kind="memo")
    assert [report.flagged(i) for i in report.issues] == ["buku"]


PLAIN_LETTERS = Path(__file__).resolve().parents[2] / "data" / "proofing" / "plain_letters"


@needs_hunspell
@pytest.mark.parametrize("language", ["en-GB", "pt-BR", "id"])
def test_plain_letter_with_address_and_signature_is_clean(
    shared_proofer: Proofer, language: str
) -> None:
    """Names, references and capitals in the address and signature blocks are not flagged."""
    text = (PLAIN_LETTERS / f"{language}.txt").read_text(encoding="utf-8")
    assert shared_proofer.check_text(text, language).issues == ()


@needs_hunspell
@pytest.mark.parametrize(
    ("language", "typo"), [("en-GB", "recieve"), ("pt-BR", "recebmos"), ("id", "kmi")]
)
def test_plain_letter_body_typo_still_flagged(
    shared_proofer: Proofer, language: str, typo: str
) -> None:
    """The name zones do not hide a misspelling in the body."""
    text = (PLAIN_LETTERS / f"{language}.txt").read_text(encoding="utf-8")
    closing = {"en-GB": "Yours sincerely,", "pt-BR": "Atenciosamente,", "id": "Hormat kami,"}
    text = text.replace(closing[language], f"Semua {typo}.\n\n{closing[language]}")
    report = shared_proofer.check_text(text, language)
    assert typo in [report.flagged(i) for i in report.issues if i.category == "spelling"]


def test_organisation_profile_values_are_data(tmp_path: Path) -> None:
    """The organisation's name, units and signatories are never flagged, like field values."""
    from desktop.core.settings import OrganisationProfile, Signatory

    org = OrganisationProfile(
        name="Zqxnar Trading Co.", signatories=(Signatory(id="z", name="Wibqa Zqxnar"),)
    )
    proofer = Proofer(Settings(organisation=org), AppPaths(tmp_path / "data"))
    text = "Thank you for choosing Zqxnar Trading Co.. Wibqa Zqxnar will call you."
    assert proofer.check_text(text, "en", kind="memo").issues == ()


def test_warm_loads_language_without_checking(tmp_path: Path) -> None:
    """warm() loads a language; unknown languages are refused; no dictionary is no error."""
    proofer = _bare(tmp_path)
    proofer.warm("id", suggestions=True)
    assert "spelling not checked for id" in proofer.check_text("Oke.", "id").notices
    with pytest.raises(ProofingError):
        proofer.warm("xx")
