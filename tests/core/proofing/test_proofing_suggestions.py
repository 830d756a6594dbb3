"""Spelling suggestions: the intended word first, fast edits before Hunspell's n-gram search."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.proofing import Proofer
from desktop.core.proofing.suggest import DictionaryHints, Suggester, read_hints

needs_hunspell = pytest.mark.skipif(
    not Path("/usr/share/hunspell/pt_BR.dic").is_file(), reason="no system Hunspell dictionaries"
)


@needs_hunspell
@pytest.mark.parametrize(
    ("language", "typo", "intended"),
    [
        ("en", "recieve", "receive"), ("en", "seperate", "separate"),
        ("en", "definately", "definitely"), ("en", "acommodate", "accommodate"),
        ("en", "guarentee", "guarantee"), ("en", "occurence", "occurrence"),
        ("en", "ocurred", "occurred"), ("en", "Recieve", "Receive"), ("en", "RECIEVE", "RECEIVE"),
        ("en", "alot", "a lot"), ("en-GB", "recieve", "receive"),
        ("pt-BR", "atrazada", "atrasada"), ("pt-BR", "incoveniente", "inconveniente"),
        ("pt-BR", "reembolço", "reembolso"), ("pt-BR", "compreenção", "compreensão"),
        ("pt-BR", "endereso", "endereço"), ("pt-BR", "atenciosamento", "atenciosamente"),
        ("pt-BR", "esclarecimetos", "esclarecimentos"), ("pt-BR", "solicitacao", "solicitação"),
        ("pt-BR", "Voce", "Você"), ("pt-BR", "excluido", "excluído"),
        ("pt-BR", "ncinco", "cinco"),
        ("id", "pelangan", "pelanggan"), ("id", "permohonann", "permohonan"),
        ("id", "dikirm", "dikirim"), ("id", "terjdi", "terjadi"), ("id", "kerjaa", "kerja"),
        ("id", "praktek", "praktik"), ("id", "nasehat", "nasihat"),
        ("id", "kwitansi", "kuitansi"), ("id", "surell", "surel"),
    ],
)  # fmt: skip
def test_intended_word_comes_first(
    shared_proofer: Proofer, language: str, typo: str, intended: str
) -> None:
    """Typical typos get the intended word as the first suggestion (supplement words too)."""
    assert shared_proofer.suggest(typo, language)[:1] == [intended]


@needs_hunspell
def test_never_suggests_what_the_dictionary_forbids(shared_proofer: Proofer) -> None:
    """NOSUGGEST words (vulgar words, pt-BR's lone letters) are not offered."""
    assert "bullshit" not in shared_proofer.suggest("bullshiit", "en")
    assert not any(" " in s for s in shared_proofer.suggest("ncinco", "pt-BR"))


@needs_hunspell
def test_word_with_no_neighbour_still_gets_hunspell_suggestions(shared_proofer: Proofer) -> None:
    """Two mistakes in one word: Hunspell's own search still answers."""
    assert "arrived" in shared_proofer.suggest("garrrived", "en")


def _suggester(words: set[str], hints: DictionaryHints, asked: list[str]) -> Suggester:
    def fallback(word: str) -> list[str]:
        asked.append(word)  # stands in for Hunspell's suggest
        return ["from-hunspell"]

    return Suggester(hints, words.__contains__, lambda word: [word], fallback)


def test_edit_order_and_fallback() -> None:
    """REP first, then swaps, missing and wrong letters; Hunspell only when nothing fits."""
    hints = DictionaryHints(try_chars="eaiostr", replacements=(("f", "ph"),))
    words = {"phase", "fase", "safe", "case", "a", "lot"}
    asked: list[str] = []
    suggester = _suggester(words, hints, asked)
    assert suggester.suggest("fase") == ["phase", "safe"]  # REP, then letters swapped apart
    assert suggester.suggest("csae")[:1] == ["case"]
    assert suggester.suggest("alot") == ["lot", "a lot"]  # a letter too many, or a space missing
    assert asked == []
    assert suggester.suggest("zzzz") == ["from-hunspell"]
    assert asked == ["zzzz"]


def test_no_split_when_the_dictionary_explains_the_mistake() -> None:
    """As Hunspell: when REP/MAP explains a word, run-together splits are not offered."""
    words = {"ála", "la", "a"}
    plain = _suggester(words, DictionaryHints(try_chars="ao"), [])
    assert plain.suggest("ala") == ["la", "a la"]
    mapped = _suggester(words, DictionaryHints(try_chars="ao", related=(("a", "á"),)), [])
    assert mapped.suggest("ala") == ["ála", "la"]


def test_short_rep_splits_come_after_letter_edits() -> None:
    """pt-BR's "o" -> "o " entries do not put "atenciosa mento" before "atenciosamente"."""
    hints = DictionaryHints(try_chars="e", replacements=(("a", "a "), ("alot", "a lot")))
    words = {"atenciosa", "mento", "atenciosamente", "a", "lot", "alt"}
    suggester = _suggester(words, hints, [])
    assert suggester.suggest("atenciosamento") == ["atenciosamente", "atenciosa mento"]
    assert suggester.suggest("alot")[:1] == ["a lot"]


def test_read_hints_from_aff_and_dic(tmp_path: Path) -> None:
    """TRY, REP (anchors, ``_`` for a space), MAP groups, KEY and NOSUGGEST stems are read."""
    aff = tmp_path / "xx_XX.aff"
    dic = tmp_path / "xx_XX.dic"
    aff.write_bytes(
        "SET ISO8859-1\nFLAG long\nTRY aeçi\nKEY qwe|asd\nNOSUGGEST Zz\n"
        "REP 3\nREP ^f ph\nREP ss$ ç\nREP alot a_lot\nMAP 2\nMAP aá\nMAP c(ss)ç\n"
        "AF 2\nAF AaZz\nAF Bb\n".encode("latin-1")
    )
    dic.write_bytes("4\ncaçar/AaBb\npalavrão/AaZz\nfeio/1\nbonito/2\n".encode("latin-1"))
    hints = read_hints(aff, dic)
    assert hints.try_chars == "aeçi"
    assert hints.replacements == (("^f", "ph"), ("ss$", "ç"), ("alot", "a lot"))
    assert hints.related == (("a", "á"), ("c", "ss", "ç"))
    assert hints.keyboard == ("qwe", "asd")
    assert hints.no_suggest == frozenset({"palavrão", "feio"})


def test_read_hints_tolerates_missing_files(tmp_path: Path) -> None:
    """A dictionary without its .aff gives empty hints (edits still use nothing)."""
    assert read_hints(tmp_path / "none.aff", tmp_path / "none.dic") == DictionaryHints()
