"""The Indonesian rules added for recall (decision record 0014): each
one's hits and its tricky correct uses. Shipped-letter precision lives in test_rules_id.py.
"""

from __future__ import annotations

import pytest

from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules.id import checker

RULES = checker("id")

# (rule, text, flagged text, first suggestion or None when the fix is to delete)
POSITIVES = [
    ("pleonasm", "Kantor kami buka mulai dari pukul 09.00 hingga pukul 15.00.", "mulai dari", "mulai"),
    ("pleonasm", "Diskon berlaku mulai dari tanggal 1 sampai dengan tanggal 10.", "mulai dari", "mulai"),
    ("pleonasm", "Loket buka mulai dari jam 7:30 sampai jam 12.", "mulai dari", "mulai"),
    ("daripada", "Penundaan ini terjadi akibat kesalahan daripada pihak bank.", "daripada", "dari"),
    ("daripada", "Kami menunggu persetujuan daripada pihak manajemen.", "daripada", "dari"),
    ("daripada", "Keputusan daripada pemerintah sudah keluar.", "daripada", "dari"),
    ("preposition_subject", "Bagi peserta yang terlambat diharapkan melapor ke panitia.", "Bagi", None),
    ("preposition_subject", "Kepada seluruh karyawan dimohon hadir tepat waktu.", "Kepada", None),
    ("preposition_subject", "Bagi yang berminat, harap menghubungi kami.", "Bagi", None),
    ("paired_conjunction", "Meskipun sudah kami ingatkan, tetapi tagihan belum dibayar.", "tetapi", None),
    ("paired_conjunction", "Walaupun cuaca buruk, namun pengiriman tetap berjalan.", "namun", None),
    ("paired_conjunction", "Karena jaringan terganggu, maka transaksi Bapak gagal.", "maka", None),
    ("paired_conjunction", "Sebab dokumen belum lengkap, maka permohonan ditolak.", "maka", None),
    ("paired_conjunction", "Oleh karena stok habis, maka pesanan dibatalkan.", "maka", None),
    ("paired_conjunction", "Apabila dokumen kurang, maka kami hubungi Bapak.", "maka", None),
    ("initial_conjunction", "Stok habis. Sehingga pesanan kami batalkan.", "Sehingga", "Akibatnya,"),
    ("initial_conjunction", "Harga naik. Sedangkan gaji tetap.", "Sedangkan", "Sementara itu,"),
    ("yang_mana", "Kami mengirimkan formulir, yang mana harus diisi lengkap.", "yang mana", "yang"),
    ("yang_mana", "Rapat diadakan di ruang utama yang mana dihadiri oleh direksi.", "yang mana", "yang"),
    ("yang_mana", "Ini adalah produk baru, yang mana sangat diminati pelanggan.", "yang mana", "yang"),
    ("initial_conjunction", "Harga naik. Tetapi kualitas tetap sama.", "Tetapi", "Namun,"),
    ("initial_conjunction", "Tapi kami tetap akan membantu Bapak.", "Tapi", "Namun,"),
    ("initial_conjunction", "Pesanan sudah dikirim. Namun paket belum sampai.", "Namun", "Namun,"),
    ("pleonasm", "Jam kerja mulai dari 08.30 s.d. 16.00.", "mulai dari", "mulai"),
    ("di_mana_relative", "Kami mengirim surat di mana kami menjelaskan prosedurnya.", "di mana", "yang"),
    ("di_mana_relative", "Perjanjian di mana tercantum denda sudah ditandatangani.", "di mana", "yang"),
    ("di_mana_relative", "Laporan di mana kami uraikan masalahnya terlampir.", "di mana", "yang"),
]  # fmt: skip

# (rule the sentence might wrongly trigger, correct text): no rule may flag anything
NEGATIVES = [
    ("pleonasm", "Kantor kami buka mulai pukul 09.00 hingga pukul 15.00."),
    ("pleonasm", "Kami mulai dari awal lagi besok pagi."),
    ("pleonasm", "Layanan tersedia dari pukul 08.00 sampai pukul 17.00."),
    ("daripada", "Layanan ini lebih cepat daripada layanan pihak bank."),
    ("daripada", "Kami lebih percaya kepada Bapak daripada pihak lain."),
    ("daripada", "Daripada menunggu, lebih baik Bapak datang langsung."),
    ("preposition_subject", "Bagi kami, kepuasan pelanggan adalah yang utama."),
    ("preposition_subject", "Bagi pelanggan baru, tersedia potongan harga."),
    ("preposition_subject", "Kepada Bapak, kami mohon maaf atas kejadian ini."),
    ("preposition_subject", "Kepada pelanggan kami mohon kesabarannya."),
    ("paired_conjunction", "Meskipun harga naik, kami tetap melayani dengan baik."),
    ("paired_conjunction", "Karena stok habis, pesanan kami batalkan."),
    ("paired_conjunction", "Karena itu, maka kami mohon maaf."),
    ("paired_conjunction", "Jika pembayaran terlambat, denda berlaku."),
    ("yang_mana", "Produk yang mana yang Bapak pilih?"),
    ("yang_mana", "Kami belum tahu yang mana akan dipilih."),
    ("yang_mana", "Silakan pilih yang mana saja."),
    ("initial_conjunction", "Harga naik, tetapi kualitas tetap sama."),
    ("initial_conjunction", "Namun, kami tetap akan membantu Bapak."),
    ("initial_conjunction", "Namun demikian, kami tetap akan membantu."),
    ("initial_conjunction", "Kami ingin membantu, namun stok habis."),
    ("initial_conjunction", "Harga naik sehingga penjualan turun."),
    ("initial_conjunction", "Harga naik, sedangkan gaji tetap."),
    ("di_mana_relative", "Kami tidak tahu di mana surat itu disimpan."),
    ("di_mana_relative", "Di mana rapat diadakan?"),
    ("di_mana_relative", "Surat itu bisa diambil di mana saja."),
]  # fmt: skip


def _check(text: str, **kwargs: object) -> list[Issue]:
    return RULES.check(CheckInput(text, "id", **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(("rule", "text", "flagged", "suggestion"), POSITIVES)
def test_new_rule_finds_the_error(
    rule: str, text: str, flagged: str, suggestion: str | None
) -> None:
    """Each new rule flags exactly the faulty words, with the fix first when there is one."""
    found = [i for i in _check(text) if i.rule_id == f"grammar.id.{rule}"]
    assert len(found) == 1, (text, _check(text))
    issue = found[0]
    assert text[issue.offset : issue.end] == flagged
    if suggestion is None:
        assert issue.suggestions == ()
    else:
        assert issue.suggestions[0] == suggestion
    assert issue.category == "grammar"
    assert issue.severity in ("warning", "hint")
    assert issue.message and "{" not in issue.message


@pytest.mark.parametrize(("rule", "text"), NEGATIVES)
def test_new_rule_leaves_correct_text_alone(rule: str, text: str) -> None:
    """Tricky correct sentences get no issue from any Indonesian rule."""
    assert _check(text) == [], rule


def test_every_new_rule_has_three_positives_and_three_negatives() -> None:
    """The tables above cover every new rule at least three times each way."""
    for rule in {r for r, *_ in POSITIVES}:
        assert sum(r == rule for r, *_ in POSITIVES) >= 3, rule
        assert sum(r == rule for r, _t in NEGATIVES) >= 3, rule


def test_condition_with_maka_is_only_a_hint() -> None:
    """A condition with "maka" is only a hint; "Karena ..., maka" is a warning."""
    (hint,) = _check("Jika pembayaran terlambat, maka denda berlaku.")
    (warning,) = _check("Karena jaringan terganggu, maka transaksi gagal.")
    assert (hint.severity, warning.severity) == ("hint", "warning")


def test_field_value_is_never_flagged() -> None:
    """A match inside a field value is the data's and is left alone."""
    text = "Karena stok habis, maka pesanan batal."
    start = text.index("maka")
    assert _check(text, protected=((start, start + 4),)) == []
