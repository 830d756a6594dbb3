"""The Indonesian word rules (rules/id_words.py): preposition or prefix, KBBI forms, nasals."""

from __future__ import annotations

import pytest

from desktop.core.proofing import Proofer
from desktop.core.proofing.dictionaries import find_dictionary, system_dictionary_dirs
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules import builtin_rule_sets
from desktop.core.proofing.rules.id_words import (
    RULE_AFFIX,
    RULE_APART,
    RULE_JOINED,
    RULE_NONSTANDARD,
    IndonesianWordRules,
    checker,
)

pytestmark = pytest.mark.skipif(
    find_dictionary("id", system_dictionary_dirs()) is None, reason="hunspell-id is not installed"
)


@pytest.fixture(scope="module")
def rules() -> IndonesianWordRules:
    return checker("id")


def _found(rules: IndonesianWordRules, text: str, rule: str) -> list[tuple[str, str]]:
    """Return (flagged text, first suggestion) of the issues of one rule."""
    issues: list[Issue] = rules.check(CheckInput(text, "id"))
    return [(text[i.offset : i.end], i.suggestions[0]) for i in issues if i.rule_id == rule]


def test_rule_set_is_registered_for_indonesian() -> None:
    names = [r.name for r in builtin_rule_sets("id")]
    assert "builtin-id_words" in names


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("Rapat diadakan dikantor pusat.", "dikantor", "di kantor"),
        ("Paket dikirim kejakarta besok.", "kejakarta", "ke Jakarta"),
        ("Kami berangkat keSurabaya.", "keSurabaya", "ke Surabaya"),
        ("Dokumen ada disini.", "disini", "di sini"),
        ("Berkas disimpan digudang cabang.", "digudang", "di gudang"),
        ("Silakan datang kesekolah pagi ini.", "kesekolah", "ke sekolah"),
        ("Rapat dimulai dipagi hari.", "dipagi", "di pagi"),
        ("Tanda tangan dibawah ini.", "dibawah", "di bawah"),
    ],
)
def test_glued_preposition_is_flagged(
    rules: IndonesianWordRules, text: str, flagged: str, suggestion: str
) -> None:
    assert _found(rules, text, RULE_JOINED) == [(flagged, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "Kami keluar dari gedung.",  # keluar is a verb
        "Ia memakai kemeja putih.",  # kemeja is a noun
        "Barang dikirimkan dan dirumahkan.",  # prefix + suffix: real verbs
        "Surat disampaikan kepada kedua pihak.",
        "Di mana kantor Anda?",  # dimana/di mana are the grammar rules'
        "Kami bekerja di kantor dan pergi ke Jakarta.",
        "Kedalaman laut dan kepagian tiba.",  # ke-…-an derivations
        "Kota Kediri dan Kebumen.",
    ],
)
def test_correct_prepositions_and_words_are_not_flagged(
    rules: IndonesianWordRules, text: str
) -> None:
    assert _found(rules, text, RULE_JOINED) == []


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("Barang akan di kirim besok.", "di kirim", "dikirim"),
        ("Permohonan Anda akan di proses.", "di proses", "diproses"),
        ("Data di rekam oleh petugas.", "di rekam", "direkam"),
        ("Tagihan di bayar tunai.", "di bayar", "dibayar"),
        ("Formulir harus di lengkapi.", "di lengkapi", "dilengkapi"),
        ("Hal ini perlu di perhatikan.", "di perhatikan", "diperhatikan"),
        ("Surat di tandatangani direktur.", "di tandatangani", "ditandatangani"),
    ],
)
def test_prefix_written_apart_is_flagged(
    rules: IndonesianWordRules, text: str, flagged: str, suggestion: str
) -> None:
    assert _found(rules, text, RULE_APART) == [(flagged, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "Kami menunggu di kantor.",
        "Rapat di rumah Bapak Budi.",
        "Di mana berkasnya?",
        "Ia bekerja di bidang hukum di tingkat nasional.",
        "Barang di gudang sudah dikirim.",
        "Saya tinggal di Jakarta.",
        "Ia terkenal di dunia dan dibahas di rapat itu.",  # nouns with a meN- verb too
        "Nama Anda ada di daftar, di buku tamu dan di surat kami.",
        "Kami duduk di pantai.",
    ],
)
def test_preposition_written_apart_is_not_flagged(rules: IndonesianWordRules, text: str) -> None:
    assert _found(rules, text, RULE_APART) == []


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("Mohon ijin cuti.", "ijin", "izin"),
        ("Kami akan merubah jadwal.", "merubah", "mengubah"),
        ("Silahkan hubungi kami.", "Silahkan", "Silakan"),
        ("Pengurusan perijinan selesai.", "perijinan", "perizinan"),
        ("Tim mempraktekkan prosedur baru.", "mempraktekkan", "mempraktikkan"),
        ("Proyek ini beresiko tinggi.", "beresiko", "berisiko"),
        ("Kami menganalisa data.", "menganalisa", "menganalisis"),
        ("Lihat jadualnya.", "jadualnya", "jadwalnya"),
    ],
)
def test_nonstandard_form_gets_the_standard_one(
    rules: IndonesianWordRules, text: str, flagged: str, suggestion: str
) -> None:
    assert _found(rules, text, RULE_NONSTANDARD) == [(flagged, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "Mohon izin cuti.",
        "Kami akan mengubah jadwal dan risiko.",
        "Silakan menganalisis praktik perizinan.",
        "Rubah itu lari ke hutan.",  # rubah "fox" is a word; merubah is not
    ],
)
def test_standard_forms_are_not_flagged_as_nonstandard(
    rules: IndonesianWordRules, text: str
) -> None:
    assert _found(rules, text, RULE_NONSTANDARD) == []


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [
        ("mengkonfirmasikan", "mengonfirmasikan"),
        ("mempengaruhi", "memengaruhi"),
        ("menterjemahkan", "menerjemahkan"),
        ("mensukseskan", "menyukseskan"),
        ("mengkoordinir", "mengoordinasi"),
    ],
)
def test_unelided_consonant_gets_the_standard_form(
    rules: IndonesianWordRules, word: str, suggestion: str
) -> None:
    issues = rules.check(CheckInput(f"Kami {word} hal itu.", "id"))
    assert [(i.rule_id in (RULE_NONSTANDARD, RULE_AFFIX), i.suggestions) for i in issues] == [
        (True, (suggestion,))
    ]


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [
        ("menkirim", "mengirim"),
        ("mengtulis", "menulis"),
        ("menbaca", "membaca"),
        ("mengcek", "mengecek"),
        ("mempakai", "memakai"),
    ],
)
def test_wrong_nasal_gets_the_right_one(
    rules: IndonesianWordRules, word: str, suggestion: str
) -> None:
    assert _found(rules, f"Kami {word} surat.", RULE_AFFIX) == [(word, suggestion)]


@pytest.mark.parametrize(
    "word",
    ["mengirim", "memproses", "mengkritik", "mempunyai", "mengkaji", "mengesampingkan"],
)
def test_standard_nasals_are_not_flagged(rules: IndonesianWordRules, word: str) -> None:
    assert rules.check(CheckInput(f"Kami {word} surat.", "id")) == []


def test_field_values_are_not_flagged(rules: IndonesianWordRules) -> None:
    text = "Alamat: dikantor pusat."
    start = text.index("dikantor")
    item = CheckInput(text, "id", protected=((start, start + 8),), has_fields=True)
    assert rules.check(item) == []


def test_proofer_reports_one_issue_per_word(shared_proofer: Proofer) -> None:
    """The speller's "unknown word" and our rule on the same word merge into our issue."""
    text = "Mohon ijin mengkonfirmasi kiriman dikantor dan menkirim surat."
    report = shared_proofer.check_text(text, "id", kind="snippet")
    spelling = [
        (report.flagged(i), i.suggestions) for i in report.issues if i.category == "spelling"
    ]
    assert spelling == [
        ("ijin", ("izin",)),
        ("mengkonfirmasi", ("mengonfirmasi",)),
        ("dikantor", ("di kantor",)),
        ("menkirim", ("mengirim",)),
    ]
