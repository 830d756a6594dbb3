"""Built-in Indonesian grammar rules: the usual faults of formal letters (kalimat efektif).

Indonesian has no grammar engine here (decision record 0002), so these rules are its grammar
check: pleonasms ("sangat ... sekali", "agar supaya", "para pelanggan-pelanggan", "naik ke
atas"), "daripada" where no comparison is made, "dimana"/"kemana"/"darimana" written as one
word, "di mana" as a relative pronoun in a statement (a hint), the passive "dikirim oleh kami"
(EYD: "kami kirim") and chat abbreviations in a letter ("tsb", "dll", "yg"). The di-/ke- spelling
of place nouns and KBBI's non-standard words belong to ``id_words``. Each rule is tuned for
precision: it stays quiet when a correct reading exists ("mulai dari awal", "tidak tahu di mana
paket itu", "lebih baik daripada", "undang-undang", "benar-benar").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules.en import Finding, Rule, run_rules, words

GRAMMAR = "grammar"
STYLE = "style"
HINT = "hint"
WARNING = "warning"

# -- word lists ------------------------------------------------------------------------------

QUANTIFIERS = (
    "para|banyak|beberapa|berbagai|sejumlah|segala|semua|seluruh|dua|tiga|empat|lima|enam|"
    "tujuh|delapan|sembilan|sepuluh|seratus|seribu|\\d+"
)
# Reduplicated words that are single words, adverbs or adjectives, not plurals.
LEXICAL_REDUPLICATIONS = words(
    "undang-undang kupu-kupu laba-laba kura-kura oleh-oleh mata-mata ubun-ubun alun-alun "
    "biri-biri cumi-cumi paru-paru anai-anai onde-onde gado-gado hati-hati masing-masing "
    "pura-pura rata-rata kira-kira sia-sia tiba-tiba kunang-kunang lumba-lumba cita-cita "
    "gara-gara sama-sama kanak-kanak laki-laki mula-mula langit-langit jari-jari kisi-kisi "
    "pundi-pundi pagi-pagi kadang-kadang benar-benar betul-betul sungguh-sungguh baik-baik "
    "cepat-cepat pelan-pelan lama-lama diam-diam lekas-lekas jangan-jangan sering-sering "
    "jarang-jarang sekali-sekali dalam-dalam jauh-jauh tinggi-tinggi keras-keras habis-habis "
    "bulat-bulat sewaktu-waktu tengah-tengah gula-gula agar-agar ani-ani rama-rama labi-labi "
    "sehari-hari seolah-olah seakan-akan semata-mata tiap-tiap kupu-kupunya mentah-mentah "
    "besar-besar kecil-kecil dulu-dulu nanti-nanti kemarin-kemarin"
)
COMPARATIVE_MARKERS = words(
    "lebih kurang ketimbang memilih pilih dipilih mengutamakan diutamakan utamakan suka senang "
    "menyukai baik justru lain beda berbeda lipat kali sebaliknya cenderung malah rela "
    "mendahulukan didahulukan bukan"
)
RATHER_THAN_NEXT = words(
    "tidak harus hanya sekadar terus nanti kita kami saya anda ke di dalam pada dengan secara "
    "untuk sebagai dari"
)
# Words after which "daripada" stands for "dari" (an origin, a sender, a part of a whole):
# nouns of what is sent or given, verbs of coming from, and the partitives.
SOURCE_WORDS = words(
    "surat bantuan tanggapan jawaban balasan kiriman pesan laporan keluhan permohonan "
    "permintaan dukungan perhatian informasi keterangan pemberitahuan pengaduan saran masukan "
    "pembayaran tagihan persetujuan izin undangan hadiah sumbangan pesanan komentar kritik "
    "perintah instruksi keputusan kebijakan arahan petunjuk penjelasan konfirmasi rekomendasi "
    "usulan penawaran tawaran ucapan salam kabar berita dokumen kunjungan "
    "partisipasi kontribusi sambutan restu doa pengiriman transfer dana uang barang paket "
    "salinan tembusan pengumuman pernyataan nasihat teguran peringatan imbauan titipan "
    "pemberian pinjaman sertifikat bukti pengesahan tujuan maksud fungsi manfaat isi nama "
    "alamat jumlah nilai akibat dampak penyebab pengaruh peran pelaksanaan penerapan "
    "pemeriksaan kualitas mutu "
    "produk hasil bagian sebagian kebanyakan satu setiap masing-masing anggota wakil "
    "perwakilan utusan pihak staf karyawan pegawai menerima diterima terima datang berasal "
    "terdiri terlepas lepas keluar muncul timbul didapat diperoleh memperoleh mendapat "
    "mendapatkan dikirim dikirimkan meminta diminta mohon"
)
PLACE_NOUNS = words(
    "kantor tempat rumah kota gedung ruang ruangan toko gudang daerah wilayah negara "
    "perusahaan lokasi alamat cabang bank halaman situs laman aplikasi platform bagian divisi "
    "unit sekolah universitas pabrik hotel bandara pelabuhan kampus desa kecamatan kabupaten "
    "provinsi lembaga instansi organisasi forum acara rapat pertemuan sistem portal"
)
TIME_NOUNS = words("saat waktu masa periode tahun bulan hari minggu tanggal jam era zaman")
CASE_NOUNS = words("situasi kondisi keadaan hal kasus proses program kegiatan posisi tahap")
# Meetings, documents and messages: not places, so "di mana" after them is "yang"/"dalam".
RECORD_NOUNS = words(
    "rapat pertemuan acara surat dokumen perjanjian kontrak pesan email surel laporan "
    "pengumuman formulir aplikasi sistem rekening akun undangan"
)
QUESTION_VERBS = words(
    "tahu mengetahui diketahui tanya bertanya menanyakan ditanyakan memberitahukan "
    "beritahukan informasikan menginformasikan jelaskan menjelaskan lihat melihat cek "
    "periksa memeriksa cari mencari mencarinya pastikan memastikan ingat mengingat lupa "
    "bingung menentukan tentukan"
)
ABBREVIATIONS = {
    "tsb": "tersebut", "dll": "dan lain-lain", "dsb": "dan sebagainya", "dst": "dan seterusnya",
    "yg": "yang", "dgn": "dengan", "utk": "untuk", "krn": "karena", "sdh": "sudah",
    "blm": "belum", "tdk": "tidak", "spy": "supaya", "sbg": "sebagai", "spt": "seperti",
    "jg": "juga", "bbrp": "beberapa", "pd": "pada", "trm": "terima",
    "kpd": "kepada", "thd": "terhadap", "sblm": "sebelum", "stlh": "setelah",
    "dlm": "dalam", "hrs": "harus", "dg": "dengan", "dpt": "dapat", "mhn": "mohon",
}  # fmt: skip
PLEONASM_PAIRS = {
    "agar supaya": ("agar", "supaya"), "supaya agar": ("supaya", "agar"),
    "adalah merupakan": ("adalah", "merupakan"), "merupakan adalah": ("merupakan", "adalah"),
    "ialah merupakan": ("ialah", "merupakan"), "adalah ialah": ("adalah", "ialah"),
    "demi untuk": ("demi", "untuk"), "untuk demi": ("untuk", "demi"),
    "sejak dari": ("sejak", "dari"), "mulai sejak": ("mulai", "sejak"),
    "amat sangat": ("sangat", "amat"), "sangat amat": ("sangat", "amat"),
    "lalu kemudian": ("lalu", "kemudian"), "kemudian lalu": ("kemudian", "lalu"),
    "disebabkan karena": ("disebabkan oleh", "karena"),
    "disebabkan oleh karena": ("disebabkan oleh", "karena"),
    "dikarenakan oleh karena": ("disebabkan oleh", "karena"),
    "seperti misalnya": ("seperti", "misalnya"), "contohnya seperti": ("contohnya", "seperti"),
    "misalnya seperti": ("misalnya", "seperti"),
}  # fmt: skip
DIRECTIONS = {
    "naik ke atas": "naik", "turun ke bawah": "turun", "mundur ke belakang": "mundur",
    "maju ke depan": "maju", "masuk ke dalam": "masuk", "keluar ke luar": "keluar",
}  # fmt: skip
AFTER_DIRECTION = (
    "dan|lalu|kemudian|untuk|agar|supaya|sehingga|karena|ketika|saat|dengan|sebelum|setelah|"
    "lagi|sendiri|secara|sebanyak|sekitar|hingga|sampai|serta|tetapi|namun|pada|di|ke|dari|"
    "yang|akibat|menjadi"
)
SUPERLATIVE_ROOTS = (
    "baik|besar|kecil|murah|mahal|cepat|lambat|tinggi|rendah|baru|lama|dekat|jauh|banyak|"
    "sedikit|mudah|sulit|penting|awal|akhir|tepat|lengkap|kuat|indah|bagus|luas|panjang|pendek|"
    "tua|muda|unggul|hemat|aman|ramah|lengkap|efektif|efisien"
)
LIST_TAILS = (
    "dan\\s+lain-lain|dan\\s+lain\\s+sebagainya|dan\\s+sebagainya|dan\\s+seterusnya|dll|dsb|dst"
)

# Parties that "daripada" introduces when it stands for "dari" (whose act, from whom).
PARTY_WORDS = words(
    "pihak bank perusahaan pemerintah kantor manajemen direksi pimpinan instansi lembaga "
    "kementerian dinas pemasok vendor rekanan mitra kepolisian pengadilan panitia"
)
# Concessive and causal subordinators whose partner in the main clause is redundant.
PAIRED_SUBORDINATORS = {
    "meskipun": ("tetapi", "tapi", "namun"), "walaupun": ("tetapi", "tapi", "namun"),
    "walau": ("tetapi", "tapi", "namun"), "biarpun": ("tetapi", "tapi", "namun"),
    "kendatipun": ("tetapi", "tapi", "namun"), "kendati": ("tetapi", "tapi", "namun"),
    "sekalipun": ("tetapi", "tapi", "namun"), "meski": ("tetapi", "tapi", "namun"),
    "karena": ("maka",), "sebab": ("maka",), "dikarenakan": ("maka",),
    "oleh karena": ("maka",), "oleh sebab": ("maka",),
    "jika": ("maka",), "apabila": ("maka",), "bila": ("maka",), "kalau": ("maka",),
    "jikalau": ("maka",),
}  # fmt: skip
# Conditions + "maka" are common even in careful prose: a hint, not a warning.
CONDITIONALS = words("jika apabila bila kalau jikalau")
# Conjunctions that join clauses inside a sentence, and what opens a sentence instead.
INTRA_SENTENCE = {
    "tetapi": ("Namun,",), "tapi": ("Namun,",), "sehingga": ("Akibatnya,", "Oleh karena itu,"),
    "sedangkan": ("Sementara itu,", "Adapun"),
}  # fmt: skip
ADDRESSEE_VERBS = (
    "diharapkan|dimohon|diminta|diwajibkan|diimbau|dianjurkan|disarankan|dipersilakan|"
    "harap|wajib|mohon"
)
SUBJECT_WORDS = words("kami saya kita anda bapak ibu mereka dia ia beliau")
# -- patterns (matched on the lower-cased text; offsets are the same) -------------------------

SANGAT_SEKALI = re.compile(
    r"\b(?P<w>(?P<head>sangat|amat)\s+(?P<mid>[\w-]+(?:\s+[\w-]+){0,2}?)\s+sekali)\b"
    r"(?!\s+(?:lagi|waktu|jalan|pun)\b|-)"
)
PAIRS = re.compile(
    r"\b(?P<w>"
    + "|".join(sorted((k.replace(" ", r"\s+") for k in PLEONASM_PAIRS), key=len, reverse=True))
    + r")\b"
)
REDUPLICATED = re.compile(
    rf"\b(?P<q>{QUANTIFIERS})\s+(?P<w>(?P<x>[a-z]{{2,}})-(?P=x))(?P<suf>nya|an)?\b(?!-)"
)
SALING = re.compile(
    r"\b(?P<w>saling\s+(?P<x>[a-z]{2,})-(?P<y>(?:me|ber|ter|di)?[a-z]{2,}?"
    r"(?:kan|an|i)?))\b(?!-)"
)
MULAI_DARI = re.compile(
    r"\b(?P<w>mulai\s+dari)\b(?=(?:[^.;:!?\n]|(?<=\d)[.:](?=\d)){1,80}?"
    r"\b(?:(?:sampai|hingga|s/d)\b|s\.d\.))"
)
LIST_WITH_TAIL = re.compile(
    r"\b(?P<w>(?P<intro>seperti|antara\s+lain|misalnya|contohnya|umpamanya|yaitu|yakni)\s+"
    rf"(?P<items>[^.;:!?\n]{{1,160}}?)(?P<sep>,?\s+)(?P<tail>{LIST_TAILS}))(?=\W|$)"
)
DIRECTION = re.compile(
    r"\b(?P<w>"
    + "|".join(k.replace(" ", r"\s+") for k in DIRECTIONS)
    + rf")\b(?=\s*(?:[.,;:!?)]|$)|\s+(?:{AFTER_DIRECTION})\b)"
)
PALING_TER = re.compile(rf"\b(?P<w>paling\s+ter(?P<root>{SUPERLATIVE_ROOTS}))\b")
HANYA_SAJA = re.compile(r"\b(?P<w>hanya\s+(?P<mid>[\w.,-]+(?:\s+[\w.,-]+){0,2}?)\s+saja)\b")
SAJA_IDIOMS = words("apa siapa mana kapan begitu sama bisa boleh mungkin baru tadi sedikit")
DARIPADA = re.compile(r"\bdaripada\b")
ONE_WORD_WHERE = re.compile(
    r"\b(?P<w>(?P<pre>di|ke|dari)mana(?P<red>-mana)?(?P<suf>kah|pun|lah)?)\b"
)
RELATIVE_WHERE = re.compile(r"\b(?P<w>di\s+mana)\b(?!\s*(?:pun|saja|-|\?))")
PASSIVE_BY_US = re.compile(r"\b(?P<w>di(?P<root>[a-z]{3,})\s+oleh\s+(?P<who>kami|saya|kita|aku))\b")
ABBREVIATION = re.compile(
    r"(?<![\w./-])(?P<w>" + "|".join(ABBREVIATIONS) + r")(?P<dot>\.(?=\s+[a-z0-9]))?(?![\w/-])"
)
WORD = re.compile(r"[\w'-]+|[^\w\s]")
PAIRED = re.compile(
    r"(?:^|(?<=[.!?\n])\s*)(?P<sub>"
    + "|".join(k.replace(" ", r"\s+") for k in sorted(PAIRED_SUBORDINATORS, key=len, reverse=True))
    + r")\s+"
    r"(?P<clause>[^.;:!?\n]{3,160}?),\s*(?P<w>tetapi|tapi|namun|maka)\b"
)
YANG_MANA = re.compile(r"\b(?P<w>yang\s+mana)\b(?=\s+[a-z])(?!\s+(?:pun|saja|lagi|yang|lebih)\b)")
INITIAL_BUT = re.compile(
    r"(?:^|(?<=[.!?\n])\s*)\s*(?P<w>tetapi|tapi|sehingga|sedangkan)\b(?!\s*[,-])|"
    r"(?:^|(?<=[.!?\n])\s*)\s*(?P<n>namun)\b(?!\s*[,-]|\s+(?:demikian|begitu|juga|tetap|"
    r"sayangnya)\b)"
)
ADDRESSEE = re.compile(
    r"(?:^|(?<=[.!?\n])\s*)\s*(?P<w>bagi|kepada)\s+(?P<who>[^.;:!?\n,]{2,120}?)\s*,?\s+"
    rf"(?P<verb>{ADDRESSEE_VERBS})\b"
)


def _keep_case(fix: str, like: str) -> str:
    return fix[:1].upper() + fix[1:] if like[:1].isupper() else fix


def _words_before(low: str, pos: int, count: int) -> list[str]:
    """Return up to ``count`` words before ``pos`` in the same sentence (nearest last)."""
    window = low[max(0, pos - 12 * count) : pos]
    stop = max(window.rfind(c) for c in ".!?;\n")
    tokens = WORD.findall(window[stop + 1 :])
    if stop < 0 and pos > 12 * count and tokens:
        tokens = tokens[1:]  # the first word may be cut
    return tokens[-count:]


# -- rules -----------------------------------------------------------------------------------

PLEONASM = "grammar.id.pleonasm"
PLEONASM_MESSAGE = "'{word}' says the same thing twice (pleonasm): write '{suggestion}'."


def _pleonasm(rule_id: str, start: int, end: int, word: str, fixes: tuple[str, ...]) -> Finding:
    fixes = tuple(dict.fromkeys(_keep_case(f, word) for f in fixes))
    return Finding(start, end, rule_id, PLEONASM_MESSAGE, fixes,
                   values=(("word", word), ("suggestion", fixes[0])))  # fmt: skip


def _sangat_sekali(text: str, low: str) -> Iterator[Finding]:
    for m in SANGAT_SEKALI.finditer(low):
        mid = text[m.start("mid") : m.end("mid")]
        if mid.split()[-1].lower() == "sama" or "," in mid:
            continue  # "sama sekali" means "at all"
        head = text[m.start("head") : m.end("head")]
        word = text[m.start("w") : m.end("w")]
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word,
                        (f"{head} {mid}", f"{mid} sekali"))  # fmt: skip


def _pairs(text: str, low: str) -> Iterator[Finding]:
    for m in PAIRS.finditer(low):
        word = text[m.start("w") : m.end("w")]
        fixes = PLEONASM_PAIRS[" ".join(m.group("w").split())]
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word, fixes)


def _reduplicated(text: str, low: str) -> Iterator[Finding]:
    for m in REDUPLICATED.finditer(low):
        if m.group("w") in LEXICAL_REDUPLICATIONS:
            continue
        quantifier = text[m.start("q") : m.end("q")]
        word = text[m.start("q") : m.end("w")]
        single = text[m.start("x") : m.end("x")]
        yield _pleonasm(PLEONASM, m.start("q"), m.end("w"), word, (f"{quantifier} {single}",))


def _saling(text: str, low: str) -> Iterator[Finding]:
    for m in SALING.finditer(low):
        x, y = m.group("x"), m.group("y")
        if not (y == x or y.startswith(("me", "ber"))) or m.group("x") + "-" + y in (
            LEXICAL_REDUPLICATIONS
        ):
            continue
        word = text[m.start("w") : m.end("w")]
        second = text[m.start("y") : m.end("y")]
        first = word.split()[0]
        fixes = (f"{first} {second}", text[m.start("x") : m.end("y")])
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word, fixes)


def _mulai_dari(text: str, low: str) -> Iterator[Finding]:
    for m in MULAI_DARI.finditer(low):
        word = text[m.start("w") : m.end("w")]
        first = word.split()[0]
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word, (first, "dari"))


def _list_with_tail(text: str, low: str) -> Iterator[Finding]:
    for m in LIST_WITH_TAIL.finditer(low):
        items_text = text[m.start("items") : m.end("items")]
        items = [i.strip() for i in items_text.split(",") if i.strip()]
        intro = text[m.start("intro") : m.end("intro")]
        if len(items) == 2 and not re.match(r"(?:dan|atau|serta)\s", items[-1], re.I):
            fixed = f"{intro} {items[0]} dan {items[1]}"
        elif len(items) > 2 and not re.match(r"(?:dan|atau|serta)\s", items[-1], re.I):
            fixed = f"{intro} {', '.join(items[:-1])}, dan {items[-1]}"
        else:
            fixed = f"{intro} {items_text}"
        word = text[m.start("w") : m.end("w")]
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word, (fixed,))


def _direction(text: str, low: str) -> Iterator[Finding]:
    for m in DIRECTION.finditer(low):
        word = text[m.start("w") : m.end("w")]
        fix = DIRECTIONS[" ".join(m.group("w").split())]
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word, (fix,))


def _paling_ter(text: str, low: str) -> Iterator[Finding]:
    for m in PALING_TER.finditer(low):
        word = text[m.start("w") : m.end("w")]
        root = m.group("root")
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word,
                        (word.split()[-1], f"{word.split()[0]} {root}"))  # fmt: skip


def _hanya_saja(text: str, low: str) -> Iterator[Finding]:
    for m in HANYA_SAJA.finditer(low):
        mid = text[m.start("mid") : m.end("mid")]
        if mid.split()[-1].lower().strip(".,") in SAJA_IDIOMS or mid.rstrip().endswith(","):
            continue
        word = text[m.start("w") : m.end("w")]
        yield _pleonasm(PLEONASM, m.start("w"), m.end("w"), word, (f"{word.split()[0]} {mid}",))


def _daripada(text: str, low: str) -> Iterator[Finding]:
    for m in DARIPADA.finditer(low):
        before = _words_before(low, m.start(), 14)
        if not before or not before[-1][:1].isalnum():
            continue  # "Daripada menunggu, ...": rather than
        if any(w in COMPARATIVE_MARKERS for w in before):
            continue  # "lebih baik daripada ...": a comparison
        previous = before[-1]
        after = WORD.findall(low[m.end() : m.end() + 40])
        party = bool(after) and after[0] in PARTY_WORDS  # "kelalaian daripada pihak pemasok"
        if not party and (
            previous not in SOURCE_WORDS
            and not (previous.endswith("nya") and previous[:-3] in SOURCE_WORDS)
            and before[-2:] != ["sebagian", "besar"]
        ):
            continue  # "gunakan X daripada Y" (instead of) is not the misuse of "dari"
        nxt = after[0] if after else ""
        if not nxt[:1].isalnum() or nxt in RATHER_THAN_NEXT or nxt.startswith(("me", "ber")):
            continue  # "daripada menunggu": rather than
        word = text[m.start() : m.end()]
        yield Finding(
            m.start(), m.end(), "grammar.id.daripada",
            "'{word}' compares ('lebih ... daripada'); for an origin or owner write "
            "'{suggestion}'.", (_keep_case("dari", word),),
            values=(("word", word), ("suggestion", _keep_case("dari", word))),
        )  # fmt: skip


def _one_word_where(text: str, low: str) -> Iterator[Finding]:
    for m in ONE_WORD_WHERE.finditer(low):
        word = text[m.start("w") : m.end("w")]
        pre = text[m.start("pre") : m.end("pre")]
        fix = f"{pre} mana{m.group('red') or ''}"
        suffix = m.group("suf") or ""
        fix += f" {suffix}" if suffix == "pun" else suffix
        yield Finding(
            m.start("w"), m.end("w"), "grammar.id.di_mana",
            "'{word}': the preposition is written apart from 'mana': write '{suggestion}'.",
            (fix,), values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _relative_where(text: str, low: str) -> Iterator[Finding]:
    for m in RELATIVE_WHERE.finditer(low):
        before = _words_before(low, m.start(), 12)
        if not before:
            continue
        sentence_end = min(
            (i for i in (low.find(c, m.end()) for c in ".!?\n") if i >= 0), default=len(low)
        )
        if low[sentence_end : sentence_end + 1] == "?" or any(w in QUESTION_VERBS for w in before):
            continue  # a question, or an indirect one ("kami tidak tahu di mana paket itu")
        noun = before[-1] if before[-1] != "," else (before[-2] if len(before) > 1 else "")
        for tail in ("nya", ""):
            root = noun[: -len(tail)] if tail and noun.endswith(tail) else noun
            if root in PLACE_NOUNS or root in TIME_NOUNS or root in CASE_NOUNS | RECORD_NOUNS:
                break
        else:
            if before[-1] in ("ini", "itu", "tersebut") and len(before) > 1:
                root = before[-2]
            if not (root in PLACE_NOUNS or root in TIME_NOUNS or root in CASE_NOUNS | RECORD_NOUNS):
                continue
        if root in PLACE_NOUNS:
            fixes: tuple[str, ...] = ("tempat", "yang")
        elif root in TIME_NOUNS:
            fixes = ("ketika", "saat")
        elif root in RECORD_NOUNS:
            fixes = ("yang",)  # "surat di mana kami jelaskan" -> "surat yang kami ..."
        else:
            fixes = ("yang", "ketika")
        word = text[m.start("w") : m.end("w")]
        yield Finding(
            m.start("w"), m.end("w"), "grammar.id.di_mana_relative",
            "'{word}' asks a question; as a relative word in a statement write '{suggestion}' "
            "(or rephrase with 'yang').", fixes, HINT,
            values=(("word", word), ("suggestion", fixes[0])),
        )  # fmt: skip


def _passive_by_us(text: str, low: str) -> Iterator[Finding]:
    for m in PASSIVE_BY_US.finditer(low):
        root = text[m.start("root") : m.end("root")]
        who = text[m.start("who") : m.end("who")]
        word = text[m.start("w") : m.end("w")]
        fix = _keep_case(f"{who} {root}", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.id.passive_oleh",
            "A passive with '{who}' puts the pronoun before the verb: write '{suggestion}'.",
            (fix,), values=(("who", who), ("suggestion", fix)),
        )  # fmt: skip


def _abbreviation(text: str, low: str) -> Iterator[Finding]:
    for m in ABBREVIATION.finditer(low):
        end = m.end("dot") if m.group("dot") else m.end("w")
        word = text[m.start("w") : end]
        fix = _keep_case(ABBREVIATIONS[m.group("w")], word)
        if word[:1].isupper() and word[1:2].isupper():
            continue  # "DLL", "PD": an acronym, not a chat abbreviation
        yield Finding(
            m.start("w"), end, "grammar.id.abbreviation",
            "'{word}' is a chat abbreviation: in a letter write '{suggestion}' in full.",
            (fix,), values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _paired_conjunction(text: str, low: str) -> Iterator[Finding]:
    for m in PAIRED.finditer(low):
        if not text[m.start("sub")].isupper():
            continue  # a sentence starts with a capital; a wrapped line does not
        sub_key = " ".join(m.group("sub").split())
        if m.group("w") not in PAIRED_SUBORDINATORS[sub_key]:
            continue
        if sub_key.endswith(("karena", "sebab")) and m.group("clause").split()[0] == "itu":
            continue  # "karena itu, maka": a discourse link, left to style
        word = text[m.start("w") : m.end("w")]
        sub = text[m.start("sub") : m.end("sub")]
        yield Finding(
            m.start("w"), m.end("w"), "grammar.id.paired_conjunction",
            "A clause opened by '{sub}' needs no '{word}' in the main clause: drop '{word}'.",
            (), HINT if sub_key in CONDITIONALS else WARNING, values=(("sub", sub), ("word", word)),
        )  # fmt: skip


def _yang_mana(text: str, low: str) -> Iterator[Finding]:
    for m in YANG_MANA.finditer(low):
        end = min((i for i in (low.find(c, m.end()) for c in ".!?\n") if i >= 0), default=len(low))
        if low[end : end + 1] == "?":
            continue  # "barang yang mana Bapak pilih?": a question
        before = _words_before(low, m.start(), 12)
        if any(w in QUESTION_VERBS for w in before):
            continue  # "kami belum tahu yang mana ...": an indirect question
        word = text[m.start("w") : m.end("w")]
        yield Finding(
            m.start("w"), m.end("w"), "grammar.id.yang_mana",
            "'{word}' is a calque of 'which' used as a relative word: write '{suggestion}'.",
            (_keep_case("yang", word),), values=(("word", word), ("suggestion", "yang")),
        )  # fmt: skip


def _initial_but(text: str, low: str) -> Iterator[Finding]:
    for m in INITIAL_BUT.finditer(low):
        if not text[m.start("w") if m.group("w") else m.start("n")].isupper():
            continue  # a sentence starts with a capital; a wrapped line does not
        if m.group("w"):
            word = text[m.start("w") : m.end("w")]
            yield Finding(
                m.start("w"), m.end("w"), "grammar.id.initial_conjunction",
                "'{word}' joins clauses inside a sentence; to open a sentence write "
                "'{suggestion}'.", INTRA_SENTENCE[word.lower()],
                values=(("word", word), ("suggestion", INTRA_SENTENCE[word.lower()][0])),
            )  # fmt: skip
        else:
            word = text[m.start("n") : m.end("n")]
            yield Finding(
                m.start("n"), m.end("n"), "grammar.id.initial_conjunction",
                "'{word}' opening a sentence is followed by a comma: write '{suggestion}'.",
                (word + ",",), HINT, values=(("word", word), ("suggestion", word + ",")),
            )  # fmt: skip


def _addressee_subject(text: str, low: str) -> Iterator[Finding]:
    for m in ADDRESSEE.finditer(low):
        if not text[m.start("w")].isupper():
            continue  # a sentence starts with a capital; a wrapped line does not
        who = m.group("who").split()
        if any(w in SUBJECT_WORDS for w in who[1:]) or who[-1] == "yang":
            continue  # "Kepada Bapak, kami mohon ...": the sentence has its own subject
        if len(who) > 1 and who[0] in SUBJECT_WORDS and m.group("w") == "kepada":
            continue
        word = text[m.start("w") : m.end("w")]
        yield Finding(
            m.start("w"), m.end("w"), "grammar.id.preposition_subject",
            "'{word}' turns the subject into an adverbial, so '{verb}' has no subject: drop "
            "'{word}'.", (), values=(("word", word), ("verb", m.group("verb"))),
        )  # fmt: skip


# Each rule with the words that must occur (lower case) for it to be worth running.
RULES: tuple[Rule, ...] = (
    (("sekali",), _sangat_sekali),
    (("agar", "adalah", "ialah", "demi", "sejak", "amat", "lalu", "disebabkan", "dikarenakan",
      "misalnya", "contohnya"), _pairs),
    (("-",), _reduplicated),
    (("saling",), _saling),
    (("mulai dari",), _mulai_dari),
    (("dll", "dsb", "dst", "dan lain", "sebagainya", "seterusnya"), _list_with_tail),
    ((" ke ",), _direction),
    (("paling",), _paling_ter),
    (("hanya",), _hanya_saja),
    (("daripada",), _daripada),
    (("maka", "tetapi", "tapi", "namun"), _paired_conjunction),
    (("yang mana",), _yang_mana),
    (("tetapi", "tapi", "namun", "sehingga", "sedangkan"), _initial_but),
    (("bagi", "kepada"), _addressee_subject),
    (("mana",), _one_word_where),
    (("di mana",), _relative_where),
    ((" oleh ",), _passive_by_us),
    (tuple(ABBREVIATIONS), _abbreviation),
)  # fmt: skip


def _category(rule_id: str) -> str:
    return STYLE if rule_id == "grammar.id.abbreviation" else GRAMMAR


class IndonesianRules:
    """Indonesian grammar rules: the only grammar check Indonesian letters get."""

    name = "builtin-id"

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the grammar and abbreviation issues of one paragraph."""
        if not item.text.strip():
            return []
        return run_rules(RULES, item, _category)


def checker(language: str) -> IndonesianRules:
    """Return the Indonesian rule set."""
    return IndonesianRules()
