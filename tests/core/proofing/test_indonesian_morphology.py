"""Indonesian morphology: the analyser, and the proofer on 2,600 correct and 375 wrong words.

The word lists (tests/data/proofing/id-morphology/, made by make_lists.py there) come from
two sources that do not share our rules: Hunspell's affix file and PySastrawi's stemmer, plus
hand-checked KBBI forms. The proofer uses the real hunspell-id dictionary.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from desktop.core.proofing import Proofer
from desktop.core.proofing.dictionaries import find_dictionary, system_dictionary_dirs
from desktop.core.proofing.indonesian import (
    Analysis,
    IndonesianMorphology,
    build,
    nasal,
    sastrawi_roots,
)

DATA = Path(__file__).parents[2] / "data" / "proofing" / "id-morphology"
FOUND = find_dictionary("id", system_dictionary_dirs())
pytestmark = pytest.mark.skipif(FOUND is None, reason="hunspell-id is not installed")
CHECKED = ("spelling", "grammar")


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def morphology() -> IndonesianMorphology:
    """Return the analyser alone: no Hunspell whole-word test, only roots and rules."""
    assert FOUND is not None
    return IndonesianMorphology(lambda word: False, frozenset(), FOUND[0] / f"{FOUND[1]}.dic")


def _flagged(proofer: Proofer, words: list[str]) -> set[str]:
    """Return the words the proofer flags (spelling or grammar), one paragraph per word."""
    text = "\n\n".join(words)
    report = proofer.check_text(text, "id", kind="snippet")
    starts: dict[int, str] = {}
    offset = 0
    for word in words:
        starts[offset] = word
        offset += len(word) + 2
    flagged = set()
    for issue in report.issues:
        if issue.category in CHECKED:
            start = text.rfind("\n\n", 0, issue.offset + 1)
            flagged.add(starts[0 if start < 0 else start + 2])
    return flagged


def test_sastrawi_root_list_is_read() -> None:
    roots = sastrawi_roots()
    assert len(roots) > 25_000
    assert {"kirim", "kantor", "ubah", "izin"} <= roots


@pytest.mark.parametrize(
    ("prefix", "root", "suffix", "word"),
    [
        ("meN", "kirim", "", "mengirim"),
        ("meN", "pakai", "", "memakai"),
        ("meN", "tulis", "", "menulis"),
        ("meN", "sukses", "kan", "menyukseskan"),
        ("meN", "proses", "", "memproses"),
        ("meN", "kritik", "", "mengkritik"),
        ("meN", "cek", "", "mengecek"),
        ("meN", "lihat", "", "melihat"),
        ("meN", "baca", "", "membaca"),
        ("meN", "ambil", "", "mengambil"),
        ("peN", "kirim", "an", "pengiriman"),
        ("peN", "sah", "an", "pengesahan"),
        ("ber", "kerja", "", "bekerja"),
        ("ber", "renang", "", "berenang"),
        ("ber", "ajar", "", "belajar"),
        ("per", "rumah", "an", "perumahan"),
        ("memper", "ajar", "i", "mempelajari"),
        ("ke+ber", "hasil", "an", "keberhasilan"),
        ("ter", "percaya", "", "tepercaya"),
    ],
)
def test_build_applies_the_sound_changes(prefix: str, root: str, suffix: str, word: str) -> None:
    assert build(prefix, root, suffix) == word


def test_nasal_keeps_the_consonant_of_clusters_and_exceptions() -> None:
    assert nasal("me", "transfer") == "mentransfer"
    assert nasal("me", "punya") == "mempunya"
    assert nasal("pe", "kaji") == "pengkaji"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dikonfirmasi", Analysis("di", "konfirmasi", "")),
        ("ketidaksesuaian", Analysis("ke+tidak", "sesuai", "an")),
        ("lengkapi", Analysis("", "lengkap", "i")),
        ("pengirimannya", Analysis("peN", "kirim", "an+nya")),
        ("kirimkanlah", Analysis("", "kirim", "kan+lah")),
        ("memberlakukan", Analysis("meN+ber", "laku", "kan")),
        ("berpengalaman", Analysis("ber+peN", "alam", "an")),
        ("menyukseskan", Analysis("meN", "sukses", "kan")),
        ("sebaiknya", Analysis("se", "baik", "nya")),
        ("perkantoran", Analysis("per", "kantor", "an")),
    ],
)
def test_analyses_decompose_derived_words(
    morphology: IndonesianMorphology, word: str, expected: Analysis
) -> None:
    assert expected in morphology.analyses(word)


@pytest.mark.parametrize(
    "word",
    [
        "dikantor",  # di + a place noun: the preposition
        "dirumah",  # rumah takes di-…-kan only (dirumahkan)
        "kesekolah",
        "disini",
        "menkirim",  # wrong nasal
        "mensurat",
        "mengtulis",
        "pengirimn",  # typos
        "dikirimkn",
        "tidakpuas",  # two words outside ke-…-an
        "mengkonfirmasi",  # k not dropped
    ],
)
def test_analyser_refuses_implausible_words(morphology: IndonesianMorphology, word: str) -> None:
    assert morphology.analyses(word) == ()
    assert not morphology.known(word)


def test_bare_prefix_needs_a_verb_root_but_suffixes_are_productive(
    morphology: IndonesianMorphology,
) -> None:
    assert not morphology.known("dirumah")
    assert morphology.known("dirumahkan")
    assert not morphology.known("disekolah")
    assert morphology.known("disekolahkan")
    assert morphology.known("sekantor") and morphology.known("berkantor")


def test_reduplication(morphology: IndonesianMorphology) -> None:
    for word in ("kata-kata", "berbeda-beda", "sebaik-baiknya", "surat-menyurat"):
        assert morphology.known(word), word
    assert not morphology.known("kata-katq")


def test_correct_derived_forms_are_never_flagged(shared_proofer: Proofer) -> None:
    words = _lines("correct-derived.txt")
    assert len(words) >= 2000
    flagged = _flagged(shared_proofer, words)
    assert sorted(flagged) == []


def test_analyser_alone_accepts_nearly_all_correct_forms(
    morphology: IndonesianMorphology,
) -> None:
    """Without Hunspell's whole-word test the rules still accept >= 99% of the list."""
    words = _lines("correct-derived.txt")
    missed = [w for w in words if not morphology.known(w)]
    assert len(missed) / len(words) <= 0.01, missed


def test_misspellings_are_flagged_with_high_recall(shared_proofer: Proofer) -> None:
    rows = [line.split("\t") for line in _lines("misspellings.txt")]
    assert len(rows) >= 200
    flagged = _flagged(shared_proofer, [word for word, _kind in rows])
    missed = Counter(kind for word, kind in rows if word not in flagged)
    recall = 1 - sum(missed.values()) / len(rows)
    assert recall >= 0.9, (recall, missed)
    kinds = Counter(kind for _word, kind in rows)
    for kind, total in kinds.items():
        assert 1 - missed[kind] / total >= 0.9, (kind, missed[kind], total)
    for kind in ("nasal", "nonstandard"):  # rule-made errors: every one is caught
        assert missed[kind] == 0, [w for w, k in rows if k == kind and w not in flagged]
