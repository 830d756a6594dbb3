"""Regenerate the Indonesian morphology test lists (run once; the lists are committed).

    uv run python tests/data/proofing/id-morphology/make_lists.py

correct-derived.txt: derived forms two independent sources agree on. Candidates are every
prefix/suffix combination of roots that carry at least six affix flags in hunspell-id's .dic,
with *every* spelling of the meN-/peN-/ber-/ter-/per- prefixes (me, mem, men, meng, meny,
menge, with and without the root's first consonant), so our own sound rules decide nothing.
peN-/pe- make nouns, so they take no -kan/-i (hunspell-id allows "penjelaskan"). Words
listed in id-nonstandard.txt (KBBI non-standard, e.g. "diperbaharui") are left out. A
candidate is kept when (1) Hunspell accepts it (its .aff encodes the sound rules and the
affixes each root takes) and (2) PySastrawi's stemmer (a separate rule set) strips it back to
the same root. Forms with an unelided k/p/t/s after meN-/peN- before a vowel are dropped:
KBBI rejects them (mempengaruhi) though Hunspell accepts some. A hand-checked list of standard
forms Hunspell lacks is appended (hand-correct.txt).

misspellings.txt: realistic errors, ``word<TAB>kind``: wrong nasal (menkirim), glued
prepositions (dikantor, kejakarta), typos in derived words (one letter dropped, doubled or
swapped; kept only if Hunspell rejects them) and KBBI non-standard forms with derivations.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import hunspell
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

HERE = Path(__file__).parent
DIC = Path("/usr/share/hunspell/id_ID.dic")
NASALS = ("me", "mem", "men", "meng", "meny", "menge")
SUFFIXES = ("", "kan", "i", "an")
CLITICS = ("", "nya", "lah")
SIMPLE = ("di", "ter", "ke", "se", "ber", "be", "per", "pe", "memper", "diper", "te")
UNELIDED = re.compile(r"^(?:meng|peng)k[aeiou]|^(?:mem|pem)p[aeiou]|^(?:men|pen)[ts][aeiou]")


def flagged_roots() -> list[str]:
    roots = []
    for line in DIC.read_text(encoding="iso-8859-1").splitlines()[1:]:
        word, _sep, flags = line.partition("/")
        flags = flags.split()[0] if flags.split() else ""
        if word.isalpha() and word.islower() and len(flags) >= 12 and len(word) >= 3:
            roots.append(word)
    return sorted(set(roots))


def candidates(root: str) -> set[str]:
    """Return prefix/suffix combinations of a root with every spelling of the prefixes.

    Verbal prefixes (meN-, di-, ter-, memper-, diper-) never take the noun suffix -an, so
    those combinations are not made (hunspell-id's flags allow some: "dikiriman").
    """
    verbal = {root}
    nominal = {root}
    for head in NASALS:
        for cut in (0, 1):
            verbal.add(head + root[cut:])
            nominal.add("pe" + head[2:] + root[cut:])
    for head in SIMPLE:
        group = verbal if head in ("di", "ter", "te", "memper", "diper") else nominal
        group.add(head + root)
        if root[:1] == "r":
            group.add(head[:-1] + root)
    nominal.update("ke" + s for s in list(nominal) if s.startswith(("ber", "pe")))
    nominal.update("ke" + s for s in list(verbal) if s.startswith("ter"))
    words = {s + suf for s in verbal for suf in SUFFIXES if suf != "an"}
    words |= {
        s + suf
        for s in nominal
        for suf in SUFFIXES
        if suf not in ("kan", "i") or not s.startswith("pe")
    }
    return words - {root}


def main() -> None:
    speller = hunspell.Hunspell("id_ID", hunspell_data_dir=str(DIC.parent))
    stemmer = StemmerFactory().create_stemmer()
    rng = random.Random(2026)
    roots = flagged_roots()
    table = Path(__file__).parents[4] / "resources" / "dictionaries" / "id-nonstandard.txt"
    nonstandard = {
        line.split("\t")[0] for line in table.read_text("utf-8").splitlines() if "\t" in line
    }
    correct: set[str] = set()
    for root in roots:
        for word in candidates(root):
            if UNELIDED.match(word) or word in nonstandard or not speller.spell(word):
                continue
            if stemmer.stem(word) == root:
                correct.add(word)
    chosen = sorted(rng.sample(sorted(correct), min(2400, len(correct))))
    lines = (HERE / "hand-correct.txt").read_text("utf-8").splitlines()
    hand = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    header = (
        "# Correct Indonesian derived forms (see make_lists.py): Hunspell accepts them and\n"
        "# PySastrawi's stemmer returns the hunspell-id root they were built from; then the\n"
        "# hand-checked standard forms of hand-correct.txt. One word a line.\n"
    )
    (HERE / "correct-derived.txt").write_text(header + "\n".join(chosen + hand) + "\n", "utf-8")
    print("correct:", len(correct), "chosen:", len(chosen), "hand:", len(hand))
    wrong = misspellings(rng, speller, sorted(correct), nonstandard, table)
    header = (
        "# Realistic Indonesian misspellings (see make_lists.py): word<TAB>kind, kinds nasal\n"
        "# (wrong meN-/peN- nasal), glued (preposition written onto a noun), typo (one letter\n"
        "# dropped, doubled or swapped in a correct derived form), nonstandard (KBBI).\n"
    )
    body = "".join(f"{w}\t{k}\n" for w, k in wrong)
    (HERE / "misspellings.txt").write_text(header + body, "utf-8")
    print("misspellings:", len(wrong))


NASAL_OF = {"b": "mem", "p": "mem", "f": "mem", "c": "men", "d": "men", "j": "men", "t": "men",
            "s": "meny", "k": "meng", "g": "meng", "h": "meng"}  # fmt: skip
VERB_ROOTS = [
    "kirim",
    "tulis",
    "baca",
    "bayar",
    "pakai",
    "pilih",
    "beli",
    "jual",
    "cari",
    "dapat",
    "jawab",
    "jelas",
    "kerja",
    "kumpul",
    "ganti",
    "hitung",
    "tunggu",
    "tolong",
    "terima",
    "tanya",
    "tawar",
    "tanda",
    "tetap",
    "tentu",
    "sampai",
    "sedia",
    "simpan",
    "sebut",
    "susun",
    "catat",
    "cetak",
    "cocok",
    "dukung",
    "daftar",
    "dengar",
    "gambar",
    "gabung",
    "hapus",
    "hubung",
    "kelola",
    "kenal",
    "koreksi",
    "kontrol",
    "buat",
    "bantu",
    "buka",
    "bawa",
    "batal",
    "bahas",
    "periksa",
    "pesan",
    "pinjam",
    "potong",
    "pindah",
    "putus",
    "proses",
]
PLACES = ["Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Bali", "Jepang",
          "Malaysia", "Singapura", "Yogyakarta", "Palembang", "Belanda", "Denpasar", "Bogor"]  # fmt: skip
NOUNS = [
    "kantor",
    "rumah",
    "sekolah",
    "bank",
    "pasar",
    "toko",
    "gudang",
    "cabang",
    "bandara",
    "sini",
    "sana",
    "situ",
    "atas",
    "bawah",
    "depan",
    "belakang",
    "dalam",
    "luar",
    "samping",
    "antara",
    "kota",
    "desa",
    "jalan",
    "gedung",
    "ruang",
    "kamar",
    "pagi",
    "siang",
    "malam",
    "minggu",
    "hotel",
    "stasiun",
    "pelabuhan",
    "lantai",
    "meja",
    "tengah",
    "sekitar",
    "seberang",
    "daerah",
    "kampus",
]


def misspellings(rng, speller, correct, nonstandard, table):
    """Return (word, kind) pairs: wrong nasals, glued prepositions, typos, KBBI non-standard."""
    out: list[tuple[str, str]] = []
    for root in VERB_ROOTS:
        right = NASAL_OF.get(root[0])
        for head in ("men", "meng", "mem", "meny"):
            word = head + root
            if head != right and not speller.spell(word):
                out.append((word, "nasal"))
                break
        if root[0] in "kpts" and root[1] in "aeiou":
            out.append(((right if root[0] != "s" else "men") + root, "nasal"))
    for noun in NOUNS:
        out.append(("di" + noun, "glued"))
        if noun not in ("luar", "meja"):  # keluar "go out", kemeja "shirt" are words
            out.append(("ke" + noun, "glued"))
    for place in PLACES:
        out.append(("di" + place, "glued"))
        out.append(("ke" + place.lower(), "glued"))
    typos: list[tuple[str, str]] = []
    pool = [w for w in correct if len(w) >= 8]
    known = set(correct)
    while len(typos) < 90:
        word = rng.choice(pool)
        i = rng.randrange(2, len(word) - 1)
        kind = rng.choice(("drop", "double", "swap"))
        if kind == "drop":
            typo = word[:i] + word[i + 1 :]
        elif kind == "double":
            typo = word[:i] + word[i] + word[i:]
        else:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if typo != word and typo not in known and not speller.spell(typo):
            typos.append((typo, "typo"))
    out += typos
    for wrong in sorted(nonstandard)[:: max(1, len(nonstandard) // 70)]:
        out.append((wrong, "nonstandard"))
    for derived in ("mengijinkan", "diijinkan", "perijinan", "dipraktekkan", "mempraktekkan",
                    "beresiko", "menganalisa", "dianalisa", "menghimbau", "dihimbau",
                    "menasehati", "kwalitasnya", "sistimnya", "jadualnya", "pengijinan",
                    "menelpon", "ditelpon", "diantri", "mengantri", "hutangnya"):  # fmt: skip
        out.append((derived, "nonstandard"))
    seen: set[str] = set()
    return [(w, k) for w, k in out if not (w in seen or seen.add(w))]


if __name__ == "__main__":
    main()
