"""The built-in Indonesian grammar rules: what each finds and what it leaves alone."""

from __future__ import annotations

import pytest
from grammar_rules_support import clean_texts

from desktop.core.proofing import Proofer
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules import builtin_rule_sets
from desktop.core.proofing.rules.id import checker

RULES = checker("id")

# (rule, text, flagged text, first suggestion)
POSITIVES = [
    ("pleonasm", "Pelayanan kami sangat baik sekali.", "sangat baik sekali", "sangat baik"),
    ("pleonasm", "Kami sangat menyesal sekali atas keterlambatan ini.", "sangat menyesal sekali",
     "sangat menyesal"),
    ("pleonasm", "Harga itu amat mahal sekali.", "amat mahal sekali", "amat mahal"),
    ("pleonasm", "Mohon isi formulir agar supaya proses cepat.", "agar supaya", "agar"),
    ("pleonasm", "Kami menulis surat ini supaya agar Bapak mengetahuinya.", "supaya agar", "supaya"),
    ("pleonasm", "Kejadian ini adalah merupakan kesalahan sistem.", "adalah merupakan", "adalah"),
    ("pleonasm", "Kami bekerja keras demi untuk kepuasan pelanggan.", "demi untuk", "demi"),
    ("pleonasm", "Kami berterima kasih kepada para pelanggan-pelanggan setia.",
     "para pelanggan-pelanggan", "para pelanggan"),
    ("pleonasm", "Para karyawan-karyawan akan menerima bonus.", "Para karyawan-karyawan",
     "Para karyawan"),
    ("pleonasm", "Promo berlaku mulai dari 1 Maret sampai dengan 31 Maret.", "mulai dari", "mulai"),
    ("pleonasm", "Layanan tersedia mulai dari Senin hingga Jumat.", "mulai dari", "mulai"),
    ("pleonasm", "Kami telah menjadi pelanggan sejak dari tahun 2010.", "sejak dari", "sejak"),
    ("pleonasm", "Kami menjual barang seperti buku, pena, kertas, dan lain-lain.",
     "seperti buku, pena, kertas, dan lain-lain", "seperti buku, pena, dan kertas"),
    ("pleonasm", "Kami menerima pembayaran seperti transfer, kartu kredit, dll.",
     "seperti transfer, kartu kredit, dll", "seperti transfer dan kartu kredit"),
    ("pleonasm", "Banyak pelanggan-pelanggan mengeluhkan hal ini.", "Banyak pelanggan-pelanggan",
     "Banyak pelanggan"),
    ("pleonasm", "Beberapa surat-surat belum kami terima.", "Beberapa surat-surat",
     "Beberapa surat"),
    ("pleonasm", "Kami mengirim tiga paket-paket kemarin.", "tiga paket-paket", "tiga paket"),
    ("pleonasm", "Semua karyawan saling bantu-membantu.", "saling bantu-membantu",
     "saling membantu"),
    ("pleonasm", "Kita harus saling tolong-menolong.", "saling tolong-menolong", "saling menolong"),
    ("pleonasm", "Harga bahan baku naik ke atas.", "naik ke atas", "naik"),
    ("pleonasm", "Silakan turun ke bawah untuk mengambil paket.", "turun ke bawah", "turun"),
    ("pleonasm", "Mobil kurir mundur ke belakang.", "mundur ke belakang", "mundur"),
    ("pleonasm", "Produk ini paling termurah di toko kami.", "paling termurah", "termurah"),
    ("pleonasm", "Keterlambatan disebabkan karena cuaca buruk.", "disebabkan karena",
     "disebabkan oleh"),
    ("daripada", "Kami menerima surat daripada pelanggan.", "daripada", "dari"),
    ("daripada", "Bantuan daripada pemerintah sudah cair.", "daripada", "dari"),
    ("daripada", "Tanggapan daripada Bapak sangat kami hargai.", "daripada", "dari"),
    ("daripada", "Salah satu daripada karyawan kami akan datang.", "daripada", "dari"),
    ("di_mana", "Dimana kami dapat mengambil paket?", "Dimana", "Di mana"),
    ("di_mana", "Kemana kami harus mengirim dokumen?", "Kemana", "Ke mana"),
    ("di_mana", "Darimana Bapak mengetahui informasi ini?", "Darimana", "Dari mana"),
    ("di_mana", "Paket itu dapat dikirim kemanapun.", "kemanapun", "ke mana pun"),
    ("di_mana_relative", "Ini adalah kantor di mana kami bekerja.", "di mana", "tempat"),
    ("di_mana_relative", "Kami mengunjungi gudang, di mana barang disimpan.", "di mana", "tempat"),
    ("di_mana_relative", "Pada saat di mana pesanan tiba, kami akan mengabari Bapak.", "di mana",
     "ketika"),
    ("passive_oleh", "Barang telah dikirim oleh kami kemarin.", "dikirim oleh kami", "kami kirim"),
    ("passive_oleh", "Surat itu sudah ditandatangani oleh saya.", "ditandatangani oleh saya",
     "saya tandatangani"),
    ("passive_oleh", "Keluhan Bapak akan diperiksa oleh kami.", "diperiksa oleh kami",
     "kami periksa"),
    ("abbreviation", "Dokumen tsb telah kami terima.", "tsb", "tersebut"),
    ("abbreviation", "Barang yg rusak akan diganti.", "yg", "yang"),
    ("abbreviation", "Terima kasih dgn kesabaran Anda.", "dgn", "dengan"),
    ("abbreviation", "Dana utk pengembalian sudah dikirim.", "utk", "untuk"),
    ("abbreviation", "Paket belum sampai krn cuaca buruk.", "krn", "karena"),
    ("abbreviation", "Pesanan sdh dikirim.", "sdh", "sudah"),
    ("abbreviation", "Pembayaran blm kami terima.", "blm", "belum"),
    ("abbreviation", "Kami menerima buku, pena, dll.", "dll", "dan lain-lain"),
    ("abbreviation", "Surat tsb. akan kami balas.", "tsb.", "tersebut"),
    ("abbreviation", "Kami akan menghubungi Bapak dlm waktu dekat.", "dlm", "dalam"),
    ("pleonasm", "Kami mengundang para ibu-ibu untuk hadir.", "para ibu-ibu", "para ibu"),
    ("pleonasm", "Kami saling maaf-memaafkan.", "saling maaf-memaafkan", "saling memaafkan"),
    ("di_mana", "Dimanakah paket kami berada?", "Dimanakah", "Di manakah"),
    ("daripada", "Laporan daripada bagian keuangan sudah kami terima.", "daripada", "dari"),
]  # fmt: skip

# (rule the sentence might wrongly trigger, correct text): no rule may flag anything
NEGATIVES = [
    ("pleonasm", "Pelayanan kami sangat baik."),
    ("pleonasm", "Pelayanan kami baik sekali."),
    ("pleonasm", "Kami sangat berharap dapat bertemu sekali lagi."),
    ("pleonasm", "Kami sangat tidak setuju sama sekali."),
    ("pleonasm", "Mohon isi formulir agar proses cepat."),
    ("pleonasm", "Kejadian ini merupakan kesalahan sistem."),
    ("pleonasm", "Kami berterima kasih kepada para pelanggan setia."),
    ("pleonasm", "Kami berterima kasih kepada pelanggan-pelanggan setia."),
    ("pleonasm", "Promo berlaku mulai 1 Maret sampai dengan 31 Maret."),
    ("pleonasm", "Kami akan mulai dari awal."),
    ("pleonasm", "Kami menjual barang seperti buku, pena, dan kertas."),
    ("pleonasm", "Kami menjual buku, pena, kertas, dan lain-lain."),
    ("pleonasm", "Beberapa undang-undang mengatur hal ini."),
    ("pleonasm", "Kami semua benar-benar menyesal."),
    ("pleonasm", "Kami mengirimkan rata-rata dua paket."),
    ("pleonasm", "Semua karyawan saling membantu."),
    ("pleonasm", "Harga naik ke atas Rp10.000."),
    ("pleonasm", "Barang dinaikkan ke atas truk."),
    ("pleonasm", "Produk ini paling terkenal di kota ini."),
    ("pleonasm", "Keterlambatan disebabkan oleh cuaca buruk."),
    ("pleonasm", "Anda dapat membayar kapan saja."),
    ("daripada", "Kualitas ini lebih baik daripada tahun lalu."),
    ("daripada", "Daripada menunggu lama, silakan ambil di toko."),
    ("daripada", "Kami memilih menunggu daripada membatalkan pesanan."),
    ("daripada", "Biayanya dua kali lipat daripada perkiraan."),
    ("daripada", "Produk ini lain daripada yang lain."),
    ("daripada", "Gunakan formulir baru daripada formulir lama."),
    ("di_mana", "Di mana kami dapat mengambil paket?"),
    ("di_mana", "Paket dapat dikirim ke mana pun."),
    ("di_mana", "Dari mana Bapak mengetahui informasi ini?"),
    ("di_mana_relative", "Kami tidak tahu di mana paket itu berada."),
    ("di_mana_relative", "Mohon informasikan di mana alamat Bapak sekarang."),
    ("di_mana_relative", "Paket dapat diambil di mana saja."),
    ("di_mana_relative", "Kantor di mana yang Bapak maksud?"),
    ("passive_oleh", "Barang telah kami kirim kemarin."),
    ("passive_oleh", "Barang telah dikirim oleh kurir kemarin."),
    ("passive_oleh", "Surat itu sudah saya tandatangani."),
    ("abbreviation", "Dokumen tersebut telah kami terima."),
    ("abbreviation", "Surat Keputusan PD Pasar Jaya."),
    ("abbreviation", "Yth. Bapak Budi Santoso, d.a. Kantor Pos, s.d. 31 Maret."),
    ("abbreviation", "Berkas kernel32.dll dan tsbx tidak berhubungan."),
]  # fmt: skip


def _check(text: str, **kwargs: object) -> list[Issue]:
    return RULES.check(CheckInput(text, "id", **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(("rule", "text", "flagged", "suggestion"), POSITIVES)
def test_rule_finds_the_error(rule: str, text: str, flagged: str, suggestion: str) -> None:
    """Each rule flags exactly the faulty words with the corrected text as first suggestion."""
    found = [i for i in _check(text) if i.rule_id == f"grammar.id.{rule}"]
    assert len(found) == 1, (text, _check(text))
    issue = found[0]
    assert text[issue.offset : issue.end] == flagged
    assert issue.suggestions[0] == suggestion
    assert issue.category == ("style" if rule == "abbreviation" else "grammar")
    assert issue.severity == ("hint" if rule == "di_mana_relative" else "warning")
    assert issue.message and "{" not in issue.message


@pytest.mark.parametrize(("rule", "text"), NEGATIVES)
def test_rule_leaves_correct_text_alone(rule: str, text: str) -> None:
    """Tricky correct sentences get no issue from any Indonesian rule."""
    assert _check(text) == [], rule


def test_every_rule_has_three_positives_and_three_negatives() -> None:
    """The tables above cover every rule at least three times each way."""
    for rule in {r for r, *_ in POSITIVES}:
        assert sum(r == rule for r, *_ in POSITIVES) >= 3, rule
        assert sum(r == rule for r, _t in NEGATIVES) >= 3, rule


def test_rule_set_is_named_for_reports() -> None:
    """Indonesian runs the rule set under the name reports show."""
    assert "builtin-id" in [rules.name for rules in builtin_rule_sets("id")]


def test_field_values_are_never_flagged() -> None:
    """A pleonasm inside a field value is the customer's text, not ours."""
    text = "Perihal: sangat baik sekali. Kami menerima surat daripada pelanggan."
    value = (text.index("sangat"), text.index("sekali") + len("sekali"))
    assert [text[i.offset : i.end] for i in _check(text, protected=(value,))] == ["daripada"]


def test_abbreviation_inside_a_pleonasm_is_one_issue() -> None:
    """A list after "seperti" ending in "dll" is one pleonasm, not also an abbreviation."""
    issues = _check("Kami menerima pembayaran seperti transfer, kartu kredit, dll.")
    assert [i.rule_id for i in issues] == ["grammar.id.pleonasm"]


def test_shipped_and_clean_indonesian_letters_get_no_issue() -> None:
    """Every shipped Indonesian template with sample values, and the clean corpus letters: none."""
    texts = clean_texts("id")
    assert len(texts) >= 20
    found = [
        (name, issue.rule_id, paragraph[issue.offset : issue.end])
        for name, paragraphs in texts
        for paragraph in paragraphs
        for issue in RULES.check(CheckInput(paragraph, "id"))
    ]
    assert found == []


def test_one_issue_per_error_through_the_proofer(shared_proofer: Proofer) -> None:
    """Through the proofer, house style and our rules never flag the same words twice.

    Where the house style already calls a chat word informal ("yg"), the merge keeps one of
    the two identical findings; elsewhere the one issue is ours.
    """
    for rule, text, flagged, _suggestion in POSITIVES:
        report = shared_proofer.check_text(text, "id", kind="snippet")
        start = text.index(flagged)
        end = start + len(flagged)
        overlapping = [
            i for i in report.issues
            if i.offset < end and start < i.end and i.category != "spelling"
        ]  # fmt: skip
        assert len(overlapping) == 1, (text, overlapping)
        if rule != "abbreviation":
            assert overlapping[0].rule_id == f"grammar.id.{rule}", (text, overlapping)
