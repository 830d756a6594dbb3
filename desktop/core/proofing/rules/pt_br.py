"""Built-in grammar and usage rules for Brazilian Portuguese (decision record 0014).

No offline grammar engine exists for pt-BR, so these rules are what checks a letter's grammar
when no LanguageTool server answers (and they run beside it when one does). Each rule looks
for one error that office writers really make (crase, impersonal *haver*/*fazer*, agreement,
mal/mau, mas/mais, há/a, the four porquês, pleonasms ...) and is written precision first: it
fires only in a context where the reading is unambiguous, and says nothing otherwise. A rule
that cries wolf trains staff to override the gate, so a missed error is the lesser evil.

Two kinds of rule: phrase rules (one precompiled regular expression each, plus a check of the
match's context) and token rules (agreement: a walk over the paragraph's words, where
punctuation is a token too, so "next word" never jumps over a comma). Offsets are relative to
the paragraph; nothing overlapping a field value (``item.protected``), a URL or an e-mail
address is flagged, and of two issues on overlapping text only the first (more specific) is
kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from desktop.core.i18n import _
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules import pt_br_words as lex
from desktop.core.proofing.text import skip_ranges

IGNORE = re.IGNORECASE
B = r"(?<![\w-])"  # word start (hyphenated words are one word)
E = r"(?![\w-])"  # word end
WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"
TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,:h]\d+)*h?|[^\w\s]")
LETTERS = re.compile(r"[^\W\d_]")

WINDOW = 90  # characters around a trigger word that a phrase rule looks at
SPACE = re.compile(r"\s")
DIGIT = re.compile(r"\d")
CLAUSE_PUNCT = frozenset(".!?;:,()[]\"“”'‘’—–-")
SENTENCE_PUNCT = frozenset(".!?")
STRIP = ".,;:!?()[]\"“”'‘’…"


class Token(NamedTuple):
    """A word, number or punctuation mark of a paragraph."""

    text: str
    low: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """Return whether the token is a word (letters, maybe hyphenated)."""
        return bool(LETTERS.match(self.text))


class _Found:
    """The issues of one paragraph, with the protected ranges they must not touch."""

    def __init__(self, item: CheckInput) -> None:
        self.item = item
        self.text = item.text
        self.low = item.text.lower()
        self.skips = skip_ranges(item.text)
        self.issues: list[Issue] = []
        self._words: frozenset[str] | None = None

    def words(self) -> frozenset[str]:
        """Return the paragraph's lower-case words, punctuation stripped (computed once)."""
        if self._words is None:
            self._words = frozenset(w.strip(STRIP) for w in self.low.split())
        return self._words

    def has(self, *needles: str) -> bool:
        """Return whether the lower-cased text contains one of the needles (a cheap gate)."""
        return any(n in self.low for n in needles)

    def blocked(self, start: int, end: int) -> bool:
        """Return whether [start, end) touches a field value, a URL or an e-mail address."""
        if self.item.is_protected(start, end):
            return True
        return any(start < e and s < end for s, e in self.skips)

    def add(
        self,
        start: int,
        end: int,
        rule: str,
        message: str,
        suggestions: Iterable[str] = (),
        *,
        context: tuple[int, int] | None = None,
        category: str = "grammar",
        severity: str = "warning",
    ) -> None:
        """Record an issue on [start, end) unless its context touches protected text."""
        lo, hi = context if context else (start, end)
        if self.blocked(min(lo, start), max(hi, end)):
            return
        original = self.text[start:end]
        cased = tuple(dict.fromkeys(_cased(original, s) for s in suggestions if s != original))
        self.issues.append(
            Issue(start, end - start, category, severity, rule, message, suggestions=cased)
        )


def _cased(original: str, replacement: str) -> str:
    """Give a replacement the capitalisation of the text it replaces."""
    if not replacement or not original:
        return replacement
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, IGNORE)


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


def _find(found: _Found, pattern: re.Pattern[str], triggers: Iterable[str]) -> list[re.Match[str]]:
    """Return the matches of ``pattern`` near the triggers (substrings of the lower-cased text).

    Rules run only around their trigger words: each window spans from ``WINDOW`` characters
    before a trigger to ``WINDOW`` after it, widened to white space so no word is cut (a
    look-behind still sees the text before a window; a look-ahead would not see past it).
    """
    low = found.low
    windows: list[tuple[int, int]] = []
    for trigger in triggers:
        at = low.find(trigger)
        while at >= 0:
            windows.append((max(0, at - WINDOW), min(len(low), at + len(trigger) + WINDOW)))
            at = low.find(trigger, at + 1)
    if not windows:
        return []
    windows.sort()
    matches: list[re.Match[str]] = []
    seen: set[tuple[int, int]] = set()
    start, end = windows[0]
    for s, e in [*windows[1:], (len(low) + WINDOW * 4, 0)]:  # the last one flushes
        if s <= end:
            end = max(end, e)
            continue
        stop = SPACE.search(found.text, min(end, len(low)))
        for m in pattern.finditer(found.text, start, stop.start() if stop else len(low)):
            if m.span() not in seen:
                seen.add(m.span())
                matches.append(m)
        start, end = s, e
    return matches


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the tokens of ``text[start:end]`` (a window is widened to white space)."""
    if end is None or end >= len(text):
        end = len(text)
    else:
        stop = SPACE.search(text, end)
        end = stop.start() if stop else len(text)
    return [
        Token(m.group(), m.group().lower(), m.start(), m.end())
        for m in TOKEN.finditer(text, start, end)
    ]


def _prev_word(text: str, pos: int) -> str:
    """Return the word (or punctuation mark) just before ``pos``, lower case; "" at the start."""
    i = pos
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return ""
    if not (text[i - 1].isalnum() or text[i - 1] == "-"):
        return text[i - 1]
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "-"):
        j -= 1
    return text[j:i].lower()


def _at_sentence_start(text: str, pos: int) -> bool:
    prev = _prev_word(text, pos)
    return prev == "" or (len(prev) == 1 and prev in '.!?"“(—–-:')


def _at_clause_start(text: str, pos: int) -> bool:
    prev = _prev_word(text, pos)
    return prev == "" or (len(prev) == 1 and prev in CLAUSE_PUNCT) or prev in lex.CLAUSE_OPENERS


# -- word classes ------------------------------------------------------------------------------


def _is_masculine(word: str) -> bool:
    """Return whether a singular word is surely masculine (lexicon, then safe endings)."""
    low = word.lower()
    if low in lex.COMMON_GENDER or low in lex.FEMININE or low in lex.FEMININE_O:
        return False
    if low in lex.MASCULINE or low in lex.MASCULINE_A:
        return True
    if not word.islower() or len(low) < 4:
        return False
    if low.endswith(("mento", "ismo")):
        return True
    if low.endswith("or") and low not in {"dor", "cor", "flor"}:
        return True
    return low.endswith("o") and not low.endswith("ão")


def _is_feminine(word: str) -> bool:
    """Return whether a singular lower-case word is surely a feminine noun or adjective."""
    low = word.lower()
    if low in lex.COMMON_GENDER or low in lex.MASCULINE or low in lex.MASCULINE_A:
        return False
    if low in lex.FEMININE:
        return True
    if not word.islower() or len(low) < 4 or low.endswith("ista"):
        return False
    return low.endswith(
        ("ção", "são", "dade", "tude", "gem", "ência", "ância", "eza", "ise", "ura", "ia", "a")
    )


def _is_infinitive(word: str) -> bool:
    low = word.lower()
    return (
        word.islower()
        and len(low) >= 3
        and low.endswith(("ar", "er", "ir", "pôr", "por"))
        and low not in {"mulher", "colher", "por", "lugar", "mar", "bar", "lar", "par", "ar"}
        and low not in lex.MASCULINE
    )


def _is_plural(word: str) -> bool:
    low = word.lower()
    return (
        word.islower()
        and len(low) >= 3
        and low.endswith("s")
        and not low.endswith(("mos", "ês", "ás"))
        and low not in lex.SINGULAR_S
    )


def _is_participle(word: str) -> bool:
    low = word.lower()
    return (
        word.islower()
        and len(low) >= 5
        and low.endswith(("ado", "ada", "ido", "ida", "ados", "adas", "idos", "idas"))
        and low.rstrip("s") not in lex.PARTICIPLE_LIKE_NOUNS
    )


_ADJECTIVES = lex.words(
    """
    pago paga aberto aberta feito feita escrito escrita novo nova antigo antiga correto correta
    incorreto incorreta completo completa incompleto incompleta impresso impressa
    """
)


def _agreeing(word: str) -> bool:
    """Return whether a word inflects in -o/-a/-os/-as (a participle or a listed adjective)."""
    low = word.lower()
    return _is_participle(word) or (word.islower() and low.rstrip("s") in _ADJECTIVES)


def _inflect(word: str, plural: bool, feminine: bool) -> str:
    """Return an -o/-a adjective or participle in the given number and gender."""
    stem = word[:-2] if word.endswith(("os", "as")) else word[:-1]
    return stem + ("a" if feminine else "o") + ("s" if plural else "")


def _features(word: str) -> tuple[bool, bool]:
    """Return (plural, feminine) of an -o/-a/-os/-as word."""
    low = word.lower()
    return low.endswith("s"), low.rstrip("s").endswith("a")


# -- crase -------------------------------------------------------------------------------------

CRASE_PRONOUNS = {
    **dict.fromkeys(
        lex.words(
            """
            ele eles ela elas você vocês nós vós mim ti si quem isto isso este esta estes estas
            esse essa esses essas cada qualquer quaisquer nenhum nenhuma algum alguma alguém
            ninguém tudo todo vossa vossas um uma uns umas
            """
        ),
        "a",
    ),
    "aquele": "àquele", "aquela": "àquela", "aqueles": "àqueles", "aquelas": "àquelas",
    "aquilo": "àquilo",
}  # fmt: skip
CRASE_A_FIRST = lex.words(
    """
    prazo pedido respeito caminho rigor favor fim partir pé cavalo bordo par seguir contento
    título cargo longo curto médio
    """
)
CRASE_WRONG = _rx(
    B + r"(à|às)\s+(v\.\s?s(?:a|ª|\.a)\.?|v\.\s?ex(?:a|ª|\.a)\.?|" + WORD + ")" + r"(\s+\S+)?"
)
UMA_TIME = frozenset({"hora", "e", "da", "do", "h", "em", "ponto", "horas", "hora,"})


def _crase_wrong(found: _Found) -> None:
    for m in _find(found, CRASE_WRONG, ("à",)):
        art, word = m.group(1), m.group(2)
        low = word.lower()
        a_start, a_end = m.span(1)
        if low.startswith("v.") or low in CRASE_PRONOUNS:
            if low == "uma":
                after = (m.group(3) or "").strip().lower()
                if not after or not after[0].isalpha() or after.rstrip(",.;:") in UMA_TIME:
                    continue
            fix = CRASE_PRONOUNS.get(low, "a")
            if fix.startswith("à"):
                found.add(a_start, m.end(2), "grammar.pt.crase_pronoun",
                          _("No crase before a pronoun: 'a' + 'aquele' is written '{fix}'.").format(fix=fix),
                          (fix + word[1:] if word[0].isupper() else fix,))  # fmt: skip
                continue
            rule = (
                "grammar.pt.crase_indefinite"
                if low in {"um", "uma", "uns", "umas"}
                else "grammar.pt.crase_pronoun"
            )
            found.add(a_start, a_end, rule,
                      _("No crase before '{word}': write 'a'.").format(word=word), ("a",),
                      context=(a_start, m.end(2)))  # fmt: skip
            continue
        if art.lower() == "à" and _is_plural(word) and low not in {"vezes"}:
            options: tuple[str, ...]
            if low.endswith("os"):
                options = ("a", "aos")
            elif low.endswith(("as", "ões")):
                options = ("às", "a")
            else:
                options = ("a",)
            found.add(a_start, a_end, "grammar.pt.crase_plural",
                      _("'à' (singular) cannot come before the plural '{word}': write 'a' (or 'às'/'aos' with the article).").format(word=word),
                      options, context=(a_start, m.end(2)))  # fmt: skip
            continue
        if art.lower() == "às":
            if _is_plural(word) and low.endswith("os") and len(low) > 4:
                if low[:-1] in lex.FEMININE_O or low in {"dos", "nos", "pelos", "aos"}:
                    continue
                found.add(a_start, a_end, "grammar.pt.crase_masculine",
                          _("No crase before a masculine word ('{word}'): write 'aos' or 'a'.").format(word=word),
                          ("aos", "a"), context=(a_start, m.end(2)))  # fmt: skip
            continue
        if _is_infinitive(word):
            found.add(a_start, a_end, "grammar.pt.crase_verb",
                      _("No crase before a verb ('{word}'): write 'a'.").format(word=word), ("a",),
                      context=(a_start, m.end(2)))  # fmt: skip
        elif _is_masculine(word) and not word.endswith("s"):
            options = ("a", "ao") if low in CRASE_A_FIRST else ("ao", "a")
            found.add(a_start, a_end, "grammar.pt.crase_masculine",
                      _("No crase before a masculine word ('{word}'): write 'ao' or 'a'.").format(word=word),
                      options, context=(a_start, m.end(2)))  # fmt: skip


STAY_VERBS = (
    r"(?:estou|estamos|está|estão|estarei|estaremos|estará|estarão|estive|estivemos|esteve|"
    r"fico|ficamos|fica|ficam|ficarei|ficaremos|ficará|ficarão|permaneço|permanecemos|"
    r"permanece|permanecem|permanecerei|permaneceremos|seguimos|sigo|segue|seguem|continuo|"
    r"continuamos|continua|continuam|ficando|estando|permanecendo|coloco-me|colocamo-nos|me\s+coloco|nos\s+colocamos|"
    r"colocamos|coloca-se|pomo-nos|ponho-me|nos\s+pomos|me\s+ponho|sempre)"
)
LOOK_VERBS = (
    r"(?:estou|estamos|está|estão|estava|estavam|esteve|estivemos|anda|andam|andamos|ando|"
    r"continua|continuam|continuamos|vive|vivem|saiu|saíram|saímos|ficou|ficamos|ficaram|"
    r"fiquei|foi|foram|fomos|vamos|vai|vão|seguimos|segue|seguem)"
)
PREP_PHRASES = (
    r"(?:devido|em\s+relação|com\s+relação|relativ[oa]s?|referentes?|graças|em\s+atenção|"
    r"em\s+resposta|face|em\s+referência|quanto)"
)
PREP_TRIGGERS = (
    "devido",
    "relação",
    "relativ",
    "referente",
    "graças",
    "atenção",
    "resposta",
    "face",
    "referência",
    "quanto",
)
NOT_NOUNS_AFTER_A = lex.words(
    """
    essa esta aquela cada toda qualquer alguma nenhuma outra tanta muita pouca certa tamanha sua
    minha nossa vossa tua própria mesma ela uma mais menos
    """
)
CLOCK = r"\d{1,2}(?:h(?:\d{2})?(?:min)?|:\d{2})(?!\w)"
CRASE_REQUIRED: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    (
        ("disposição",),
        _rx(
            B + STAY_VERBS + r"\s+(?:(?:inteiramente|integralmente|totalmente|sempre|também)\s+)?"
            r"(a)\s+(?:inteira\s+|total\s+)?disposição" + E
        ),
        "à",
    ),
    (
        ("vontade",),
        _rx(
            B + r"(?:fique|fiquem|fica|ficar|sinta-se|sintam-se|sinta\s+se|esteja|estejam|"
            r"fiquem|deixe|deixamos|deixá-lo|deixá-la)\s+(?:bem\s+|totalmente\s+)?(a)\s+vontade" + E
        ),
        "à",
    ),
    (
        ("vista",),
        _rx(
            B + r"(?:pagamentos?|pagar|pag[oa]s?|pagamos|pague|paguei|pagou|compras?|comprar|"
            r"comprou|comprad[oa]s?|vendas?|vender|vendid[oa]s?|preços?|valor|valores|desconto|"
            r"dinheiro|quitação|quitar|quitad[oa])\s+(a)\s+vista" + E
        ),
        "à",
    ),
    (
        ("tarde", "noite"),
        _rx(
            B + r"(?:hoje|amanhã|ontem|segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?|"
            r"quinta(?:-feira)?|sexta(?:-feira)?|sábado|domingo|dia\s+\d{1,2})\s+(a)\s+"
            r"(?:tarde|noite)" + E
        ),
        "à",
    ),
    (("procura", "espera"), _rx(B + LOOK_VERBS + r"\s+(a)\s+(?:procura|espera)\s+d"), "à"),
    (
        ("frente",),
        _rx(
            B + r"(?:está|estão|estou|estamos|esteve|estava|ficou|ficaram|mais|logo|bem)\s+(a)\s+"
            r"frente\s+d"
        ),
        "à",
    ),
    (("vista",), _rx(B + r"(a)\s+vista\s+ou\s+(?:à|a)\s+prazo|prazo\s+ou\s+(a)\s+vista" + E), "à"),
    (
        tuple(f"das {d}" for d in range(10)),
        _rx(
            B
            + r"das\s+\d{1,2}(?:h(?:\d{2})?|:\d{2})?\s+(as|a)\s+\d{1,2}"
            + r"(?:h|:\d{2}|\s+horas)"
        ),
        "às",
    ),
    (PREP_TRIGGERS, _rx(B + PREP_PHRASES + r"\s+(as)\s+(?=[^\W\d_])"), "às"),
)
MEDIDA = _rx(B + r"(a)\s+medida\s+que" + E)
AS_CLOCK = _rx(
    B + r"(as)\s+(?:" + CLOCK + r"|(\d{1,2})\s+horas" + E + r"(\s+(?:de|semanais|diárias|extras|"
    r"trabalhadas|mensais|restantes|necessárias|previstas|seguintes|anteriores|iniciais|finais|"
    r"que|por|a\s+mais|em|para|no|na)" + E + r")?)"
)
AS_CLOCK_PREPS = lex.words(
    """
    até após desde entre para por sobre contra perante sob com sem de e ou todas
    """
)
AS_VEZES = _rx(B + r"(as)\s+vezes" + E + r"(\s*[^\s]+)?")
VEZES_BEFORE = (
    lex.words(
        """
        todas muitas poucas algumas várias tantas quantas das nas pelas as duas três diversas
        inúmeras outras demais
        """
    )
    | lex.NUMBER_WORDS
)
VEZES_AFTER = lex.words(
    """
    que em de do da dos das necessárias seguintes anteriores citadas mencionadas indicadas
    previstas solicitadas em
    """
)
PREP_A_NOUN = _rx(B + PREP_PHRASES + r"\s+(a)\s+(" + WORD + ")")
DEVIDO_O = _rx(
    B + r"(?:devido|graças|referente|em\s+relação|com\s+relação)\s+(o|os)\s+(?=[^\W\d_])"
)


def _crase_required(found: _Found) -> None:
    text = found.text
    message = _("Use the crase here: '{fix}'.")
    for triggers, pattern, fix in CRASE_REQUIRED:
        if not found.has(*triggers):
            continue
        for m in _find(found, pattern, triggers):
            if m.group(0).lower().startswith("quanto") and not _quanto_topic(text, m.start()):
                continue
            g = next(k for k in range(1, pattern.groups + 1) if m.group(k) is not None)
            found.add(m.start(g), m.end(g), "grammar.pt.crase_required",
                      message.format(fix=fix), (fix,), context=m.span())  # fmt: skip
    for m in _find(found, MEDIDA, ("medida",)):
        prev = _prev_word(text, m.start())
        sentence_end = _sentence_end(text, m.end())
        if prev in {",", ";"} or (
            _at_sentence_start(text, m.start()) and "," in text[m.end() : sentence_end]
        ):
            found.add(m.start(1), m.end(1), "grammar.pt.crase_required",
                      _("'à medida que' (as, while) takes the crase."), ("à",), context=m.span())  # fmt: skip
    for m in AS_CLOCK.finditer(text) if DIGIT.search(text) else ():
        if _prev_word(text, m.start()) in AS_CLOCK_PREPS:
            continue
        if m.group(2) and (int(m.group(2)) > 24 or m.group(3)):
            continue  # "as 40 horas semanais", "as 8 horas de trabalho": the article
        found.add(m.start(1), m.end(1), "grammar.pt.crase_required",
                  _("Times of day take the crase: 'às'."), ("às",), context=m.span())  # fmt: skip
    for m in _find(found, AS_VEZES, ("vezes",)):
        if _prev_word(text, m.start()) in VEZES_BEFORE:
            continue
        after = (m.group(2) or "").strip().lower()
        if after and after[0].isalpha() and after in VEZES_AFTER:
            continue
        found.add(m.start(1), m.end(1), "grammar.pt.crase_required",
                  _("'às vezes' (sometimes) takes the crase."), ("às",), context=m.span(1))  # fmt: skip
    if not found.has(*PREP_TRIGGERS):
        return
    for m in _find(found, PREP_A_NOUN, PREP_TRIGGERS):
        word = m.group(2)
        if word.lower() in NOT_NOUNS_AFTER_A or not _is_feminine(word) or word.endswith("s"):
            continue
        if m.group(0).lower().startswith("quanto") and not _quanto_topic(text, m.start()):
            continue
        found.add(m.start(1), m.end(1), "grammar.pt.crase_required",
                  _("'a' + the article 'a' before the feminine '{word}' is written 'à'.").format(word=word),
                  ("à",), context=m.span())  # fmt: skip
    for m in _find(found, DEVIDO_O, ("devido", "graças", "referente", "relação")):
        fix = "ao" if m.group(1).lower() == "o" else "aos"
        found.add(m.start(1), m.end(1), "grammar.pt.crase_required",
                  _("This expression takes 'a': write '{fix}'.").format(fix=fix), (fix,),
                  context=m.span())  # fmt: skip


def _quanto_topic(text: str, start: int) -> bool:
    """Return whether "quanto a ..." opens a sentence as a topic ("Quanto à entrega, ...")."""
    return _at_sentence_start(text, start) and "," in text[start : _sentence_end(text, start)]


def _sentence_end(text: str, pos: int) -> int:
    m = SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


# -- haver and fazer ---------------------------------------------------------------------------

HAVER = {
    "haviam": "havia", "houveram": "houve", "haverão": "haverá", "haveriam": "haveria",
    "hajam": "haja", "houvessem": "houvesse", "houverem": "houver",
}  # fmt: skip
MODALS = {
    "devem": "deve", "podem": "pode", "vão": "vai", "irão": "irá", "costumam": "costuma",
    "deverão": "deverá", "poderão": "poderá", "deveriam": "deveria", "poderiam": "poderia",
    "deviam": "devia", "podiam": "podia", "começam": "começa", "continuam": "continua",
    "parecem": "parece", "precisam": "precisa", "costumavam": "costumava",
}  # fmt: skip
FAZER = {
    "fazem": "faz", "fizeram": "fez", "farão": "fará", "fariam": "faria", "faziam": "fazia",
}  # fmt: skip
NOT_NOUN_S = lex.words(
    """
    nos vos lhes os as se mais menos depois antes apenas pois também após através atrás
    """
)
PLURAL_SUBJECTS = frozenset({"eles", "elas", "vocês", "nós", "senhores", "senhoras"})


def _existential_object(tokens: list[Token], i: int) -> bool:
    """Return whether tokens[i:] start a plural or counted object ("muitos pedidos", "dois")."""
    while i < len(tokens) and tokens[i].low in lex.ADVERBS:
        i += 1
    if i >= len(tokens):
        return False
    tok = tokens[i]
    if tok.low in lex.QUANTIFIERS or tok.low in lex.NUMBER_WORDS or tok.low.isdigit():
        return True
    if tok.low in {"mais", "menos", "cerca"}:
        return i + 1 < len(tokens) and tokens[i + 1].low == "de"
    return tok.is_word and _is_plural(tok.text) and tok.low not in NOT_NOUN_S


def _haver_fazer(found: _Found, tokens: list[Token]) -> None:
    for i, tok in enumerate(tokens):
        low = tok.low
        if low in HAVER and i + 1 < len(tokens) and tokens[i + 1].low != "de":
            if _existential_object(tokens, i + 1):
                found.add(tok.start, tok.end, "grammar.pt.haver_impersonal",
                          _("'haver' meaning 'exist' has no plural: write '{fix}'.").format(fix=HAVER[low]),
                          (HAVER[low],), context=(tok.start, tokens[i + 1].end))  # fmt: skip
        elif low in MODALS and i + 2 < len(tokens) and tokens[i + 1].low == "haver":
            if _existential_object(tokens, i + 2):
                found.add(tok.start, tokens[i + 1].end, "grammar.pt.haver_impersonal",
                          _("'haver' meaning 'exist' has no plural, nor has the verb before it: write '{fix}'.").format(fix=MODALS[low] + " haver"),
                          (MODALS[low] + " haver",))  # fmt: skip
        elif (
            low in FAZER and _time_elapsed(tokens, i + 1) and not _plural_subject_before(tokens, i)
        ):
            found.add(tok.start, tok.end, "grammar.pt.fazer_impersonal",
                      _("'fazer' for elapsed time has no plural: write '{fix}'.").format(fix=FAZER[low]),
                      (FAZER[low],), context=(tok.start, tokens[i + 1].end))  # fmt: skip
        elif (
            low in MODALS
            and i + 1 < len(tokens)
            and tokens[i + 1].low == "fazer"
            and _time_elapsed(tokens, i + 2)
            and not _plural_subject_before(tokens, i)
        ):
            found.add(tok.start, tokens[i + 1].end, "grammar.pt.fazer_impersonal",
                      _("'fazer' for elapsed time has no plural: write '{fix}'.").format(fix=MODALS[low] + " fazer"),
                      (MODALS[low] + " fazer",))  # fmt: skip


def _time_elapsed(tokens: list[Token], i: int) -> bool:
    """Return whether tokens[i:] read "dois anos que", "muito tempo.", "três dias desde"."""
    if i < len(tokens) and tokens[i].low in {"já", "quase", "uns", "umas"}:
        i += 1
    if i + 1 < len(tokens) and tokens[i].low in {"mais", "cerca"} and tokens[i + 1].low == "de":
        i += 2
    if i + 1 >= len(tokens):
        return False
    count, unit = tokens[i], tokens[i + 1]
    counted = (
        count.low in lex.NUMBER_WORDS
        or count.low.isdigit()
        or count.low in lex.QUANTIFIERS
        or (count.low in {"muito", "pouco", "algum", "bastante"} and unit.low == "tempo")
    )
    if not counted or unit.low not in lex.TIME_UNITS:
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return after is None or after.low in {"que", "desde", ",", ".", ";", ":", "!", "?", ")"}


def _plural_subject_before(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and tokens[j].low in lex.ADVERBS:
        j -= 1
    if j < 0 or not tokens[j].is_word:
        return False
    prev = tokens[j]
    return prev.low in PLURAL_SUBJECTS or (prev.low.endswith("s") and prev.low not in NOT_NOUN_S)


# -- agreement ---------------------------------------------------------------------------------

PLURAL_DETERMINERS = {
    **dict.fromkeys(
        lex.words("os estes esses aqueles nossos seus meus vários muitos alguns diversos"), False
    ),
    **dict.fromkeys(
        lex.words("as estas essas aquelas nossas suas minhas várias muitas algumas diversas"), True
    ),
}
SINGULAR_DETERMINERS = {
    **dict.fromkeys(lex.words("o um este esse aquele nosso seu meu"), False),
    **dict.fromkeys(lex.words("uma esta essa aquela nossa sua minha"), True),
}  # fmt: skip
TIME_NOUNS = lex.TIME_UNITS | lex.words(
    """
    vezes manhãs tardes noites domingos sábados segundas terças quartas quintas sextas feriados
    fins
    """
)
NOT_HEADS = lex.words(
    """
    vez vezes pouco tanto bocado quanto todo mesmo próprio meio tempo momento
    """
)  # "uma vez resolvido", "um pouco cansada", "o tempo todo"
PREDICATE_VERBS = lex.words(
    """
    foram são estão estavam ficaram eram serão estarão seriam estariam permanecem continuam
    permaneceram continuaram ficam parecem pareciam
    """
)


AGREEMENT_STARTERS = (
    frozenset(PLURAL_DETERMINERS)
    | frozenset(SINGULAR_DETERMINERS)
    | {"eles", "elas", "vocês", "todos", "todas", "ambos", "ambas"}
)

SINGULAR_PREDICATE_VERBS = lex.words(
    """
    foi é está estava ficou era será estará fica continua permanece parece
    """
)

AGREE_START = _rx(B + _alternation(AGREEMENT_STARTERS) + E)
AGREE_SPAN = 80  # characters after a determiner that agreement looks at (about 8 words)
NOUN_PHRASE_SPAN = 45  # determiner, noun, adjective, adjective
AGREEING_HINT = _rx(
    r"(?:ad|id)[oa]s?(?![\w-])|(?<![\w-])(?:pag|abert|feit|escrit|nov|antig|corret|incorret|"
    r"complet|incomplet|impress)[oa]s?(?![\w-])"
)


def _is_singular_verb(tok: Token) -> str | None:
    """Return the plural of a 3rd-person singular verb, or None if it is not one we know."""
    low = tok.low
    if not tok.text.islower():
        return None
    if low in lex.SINGULAR_TO_PLURAL and low != "estão":
        return lex.SINGULAR_TO_PLURAL[low]
    if len(low) < 4 or low in lex.NOT_PRETERITE:
        return None
    if low.endswith("ou"):
        return low[:-2] + "aram"
    if low.endswith("eu"):
        return low[:-2] + "eram"
    if low.endswith("iu"):
        return low[:-2] + ("íram" if low[-3] in "aeiou" else "iram")
    return None


def _subject_at(tokens: list[Token], i: int) -> tuple[int, bool, bool] | None:
    """Return (index after the subject, plural, feminine) of a subject starting at ``i``."""
    tok = tokens[i]
    low = tok.low
    if low in {"eles", "elas", "vocês"}:
        return i + 1, True, low == "elas"
    if (
        low in {"os", "as"}
        and i + 1 < len(tokens)
        and tokens[i + 1].low in {"senhores", "senhoras"}
    ):
        return i + 2, True, low == "as"
    if (
        low in {"todos", "todas", "ambos", "ambas"}
        and i + 1 < len(tokens)
        and tokens[i + 1].low in {"os", "as"}
    ):
        i += 1
        low = tokens[i].low
    if low not in PLURAL_DETERMINERS or i + 1 >= len(tokens):
        return None
    noun = tokens[i + 1]
    if not (noun.is_word and _is_plural(noun.text)) or noun.low in TIME_NOUNS:
        return None
    if noun.low in NOT_NOUN_S or noun.low.endswith("mos"):
        return None
    j = i + 2
    if (
        j < len(tokens)
        and tokens[j].is_word
        and _is_plural(tokens[j].text)
        and tokens[j].low not in NOT_NOUN_S
        and not _is_singular_verb(tokens[j])
    ):
        j += 1
    return j, True, PLURAL_DETERMINERS[low]


def _agreement(found: _Found) -> None:
    """Check agreement after each determiner or plural pronoun, on the few words after it."""
    text = found.text
    for m in AGREE_START.finditer(text):
        plural = m.group().lower() not in SINGULAR_DETERMINERS
        if plural and m.group().lower() in PLURAL_DETERMINERS:
            _determiner_noun(found, m)
        if plural and _at_clause_start(text, m.start()):
            tokens = _tokens(text, m.start(), m.start() + AGREE_SPAN)
            _subject_verb(found, tokens, 0)
        elif AGREEING_HINT.search(text, m.end(), m.end() + NOUN_PHRASE_SPAN):
            tokens = _tokens(text, m.start(), m.end() + NOUN_PHRASE_SPAN)
        else:
            continue  # no participle or listed adjective within reach: nothing to agree
        _noun_adjective(found, tokens, 0)


def _subject_verb(found: _Found, tokens: list[Token], i: int) -> None:
    subject = _subject_at(tokens, i)
    if subject is None:
        return
    j, _plural, feminine = subject
    while j < len(tokens) and tokens[j].low in lex.ADVERBS:
        j += 1
    if j >= len(tokens) or not tokens[j].is_word:
        return
    verb = tokens[j]
    if verb.low in PREDICATE_VERBS:
        _predicate(found, tokens, j + 1, feminine, tokens[i].start)
        return
    if verb.low in {"têm", "vêm", "há", "havia"}:
        return
    if verb.low == "é" and j + 1 < len(tokens) and tokens[j + 1].low == "que":
        return  # "os clientes é que decidem" (emphatic)
    plural = _is_singular_verb(verb)
    if plural is None:
        return
    if verb.low in {"tem", "vem"}:
        found.add(verb.start, verb.end, "grammar.pt.tem_plural",
                  _("With a plural subject write '{fix}' (with the circumflex).").format(fix=plural),
                  (plural,), context=(tokens[i].start, verb.end))  # fmt: skip
        return
    found.add(verb.start, verb.end, "grammar.pt.subject_verb",
              _("The subject is plural: the verb should be '{fix}'.").format(fix=plural),
              (plural,), context=(tokens[i].start, verb.end))  # fmt: skip
    if verb.low in SINGULAR_PREDICATE_VERBS:
        _predicate(found, tokens, j + 1, feminine, tokens[i].start)


def _predicate(found: _Found, tokens: list[Token], j: int, feminine: bool, start: int) -> None:
    while j < len(tokens) and tokens[j].low in lex.ADVERBS:
        j += 1
    if j >= len(tokens) or not tokens[j].is_word or not _agreeing(tokens[j].text):
        return
    word = tokens[j]
    if _features(word.text)[0]:
        return
    fix = _inflect(word.text, True, feminine)
    found.add(word.start, word.end, "grammar.pt.noun_adjective",
              _("'{word}' refers to a plural subject: write '{fix}'.").format(word=word.text, fix=fix),
              (fix,), context=(start, word.end))  # fmt: skip


NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+(?:-[^\W\d_]+)*)(?![\w-])")
NOUN_ONLY = lex.words(
    """
    produto pedido documento contrato pagamento valor prazo boleto fatura nota cliente serviço
    item cartão e-mail email problema sistema dia mês ano setor departamento funcionário usuário
    cobrança mensagem encomenda entrega peça parcela taxa conta loja empresa pessoa reclamação
    solicitação informação data compra semana hora documento recibo comprovante fornecedor
    consumidor técnico gerente atendente prestação mercadoria
    """
)


def _plural_of(noun: str) -> str | None:
    """Return the plural of a regular noun, or None when the ending is not a safe one."""
    if noun in {"item"}:
        return "itens"
    if noun == "mês":
        return "meses"
    if noun.endswith("ão"):
        return noun[:-2] + "ões" if noun.endswith(("ção", "são", "tão")) else None
    if noun.endswith("m"):
        return noun[:-1] + "ns"
    if noun.endswith(("r", "z")):
        return noun + "es"
    if noun.endswith(("a", "e", "o", "i", "u", "é", "ê", "ó")):
        return noun + "s"
    return None


def _determiner_noun(found: _Found, det: re.Match[str]) -> None:
    """Flag a singular noun right after a plural determiner ("os produto", "as fatura")."""
    m = NEXT_WORD.match(found.text, det.end())
    if not m:
        return
    noun = m.group(1)
    if not noun.islower() or noun.endswith("s"):
        return
    known = noun in NOUN_ONLY or noun.endswith(("ção", "dade", "gem", "ência", "ância"))
    plural = _plural_of(noun) if known else None
    if plural is None:
        return
    found.add(m.start(1), m.end(1), "grammar.pt.determiner_noun",
              _("'{det}' is plural: write '{fix}'.").format(det=det.group(), fix=plural),
              (plural,), context=(det.start(), m.end(1)))  # fmt: skip


def _noun_adjective(found: _Found, tokens: list[Token], i: int) -> None:
    det = tokens[i]
    low = det.low
    if low in PLURAL_DETERMINERS:
        plural, feminine = True, PLURAL_DETERMINERS[low]
    elif low in SINGULAR_DETERMINERS:
        plural, feminine = False, SINGULAR_DETERMINERS[low]
    else:
        return
    if i + 2 >= len(tokens) or _prev_word(found.text, det.start) in lex.PREPOSITIONS:
        return
    noun, adj = tokens[i + 1], tokens[i + 2]
    if not (noun.is_word and adj.is_word and noun.text.islower()):
        return
    if noun.low.endswith(("mos", "ou", "eu", "iu")) or noun.low in lex.SINGULAR_TO_PLURAL:
        return
    if noun.low in lex.ADVERBS or noun.low in NOT_NOUN_S or noun.low in CRASE_PRONOUNS:
        return
    if noun.low in NOT_HEADS or noun.low in TIME_NOUNS:
        return  # "chegou uma semana atrasado": a measure of time, not the adjective's noun
    if plural != _is_plural(noun.text) or (not plural and noun.low.endswith("s")):
        return
    if not plural and not (
        _is_masculine(noun.text) or _is_feminine(noun.text) or noun.low in lex.COMMON_GENDER
    ):
        return
    if (
        plural
        and not _agreeing(adj.text)
        and _is_plural(adj.text)
        and adj.low not in NOT_NOUN_S
        and i + 3 < len(tokens)
    ):
        adj = tokens[i + 3]  # "as notas fiscais emitido": look past one plural adjective
        if not adj.is_word:
            return
    if not _agreeing(adj.text):
        return
    adj_plural, adj_fem = _features(adj.text)
    if (adj_plural, adj_fem) == (plural, feminine):
        return
    if not plural and adj_plural:
        return  # "o pedido pagos" is rarer than a following plural noun phrase
    fix = _inflect(adj.text, plural, feminine)
    found.add(adj.start, adj.end, "grammar.pt.noun_adjective",
              _("'{word}' should agree with '{noun}': write '{fix}'.").format(word=adj.text, noun=noun.text, fix=fix),
              (fix,), context=(det.start, adj.end))  # fmt: skip


A_GENTE = _rx(
    B + r"a\s+gente\s+((?:(?:" + "|".join(sorted(lex.ADVERBS)) + r")\s+){0,2})(" + WORD + ")"
)
A_GENTE_3PL = {
    "vão": "vai", "estão": "está", "são": "é", "têm": "tem", "foram": "foi",
    "fizeram": "fez", "podem": "pode", "querem": "quer", "vêm": "vem",
}  # fmt: skip


def _a_gente_form(verb: str) -> tuple[str, ...]:
    low = verb.lower()
    if low in lex.NOS_TO_A_GENTE:
        return lex.NOS_TO_A_GENTE[low]
    if low in A_GENTE_3PL:
        return (A_GENTE_3PL[low],)
    for ending, singular in (
        ("ávamos", "ava"), ("íamos", "ia"), ("aríamos", "aria"), ("eríamos", "eria"),
        ("iríamos", "iria"), ("aremos", "ará"), ("eremos", "erá"), ("iremos", "irá"),
        ("ássemos", "asse"), ("êssemos", "esse"), ("íssemos", "isse"), ("armos", "ar"),
        ("ermos", "er"), ("irmos", "ir"),
    ):  # fmt: skip
        if low.endswith(ending):
            return (low[: -len(ending)] + singular,)
    for ending, present, past in (("amos", "a", "ou"), ("emos", "e", "eu"), ("imos", "e", "iu")):
        if low.endswith(ending):
            stem = low[: -len(ending)]
            return (stem + present, stem + past)
    return ()


def _a_gente(found: _Found) -> None:
    if "gente" not in found.low:
        return
    for m in _find(found, A_GENTE, ("gente",)):
        verb = m.group(2)
        low = verb.lower()
        if not verb.islower() or low in lex.NOT_VERB_MOS:
            continue
        if not (low.endswith("mos") and len(low) >= 5) and low not in A_GENTE_3PL:
            continue
        forms = _a_gente_form(verb)
        if not forms:
            continue
        found.add(m.start(2), m.end(2), "grammar.pt.a_gente",
                  _("'a gente' takes the verb in the singular: '{fix}'.").format(fix=forms[0]),
                  forms, context=m.span())  # fmt: skip


ANEXO = _rx(
    B + r"(segue|seguem|vai|vão|envio|enviamos|encaminho|encaminhamos|remeto|remetemos)\s+"
    r"(anexos?|anexas?|inclusos?|inclusas?)\s+(os|as|o|a|uma|um|dois|duas|cópia|cópias)"
    + E
    + r"(?!\s+(?:esta|este|estas|estes|essa|esse|presente|seu|sua|seus|suas|nosso|nossa|"
    r"nossos|nossas|[^\W\d_]*-?mail|mensagem|carta|ofício|correspondência)" + E + ")"
)  # "segue anexo a esta mensagem o contrato": "a" is the preposition
ANEXO_FEATURES = {
    "o": (False, False), "um": (False, False), "a": (False, True), "uma": (False, True),
    "cópia": (False, True), "os": (True, False), "dois": (True, False), "as": (True, True),
    "duas": (True, True), "cópias": (True, True),
}  # fmt: skip


def _anexo(found: _Found) -> None:
    if not found.has("anex", "inclus"):
        return
    for m in _find(found, ANEXO, ("anex", "inclus")):
        verb, adj, det = m.group(1), m.group(2), m.group(3).lower()
        plural, feminine = ANEXO_FEATURES[det]
        want_adj = _inflect(adj, plural, feminine)
        want_verb = verb
        if verb.lower() in {"segue", "seguem"}:
            want_verb = "seguem" if plural else "segue"
        elif verb.lower() in {"vai", "vão"}:
            want_verb = "vão" if plural else "vai"
        if want_adj.lower() == adj.lower() and want_verb.lower() == verb.lower():
            continue
        fix = _cased(verb, want_verb) + " " + want_adj.lower()
        found.add(m.start(1), m.end(2), "grammar.pt.anexo_agreement",
                  _("'anexo' agrees with what is attached ('{det}'): write '{fix}'.").format(det=m.group(3), fix=fix),
                  (fix,), context=m.span())  # fmt: skip


NECESSARIO = _rx(B + r"(faz|fazem|torna|tornam)-se\s+(necessári[oa]s?)\s+(" + WORD + ")")
NECESSARIO_NEXT = {
    **dict.fromkeys(lex.words("o um este esse"), (False, False)),
    **dict.fromkeys(lex.words("a uma esta essa"), (False, True)),
    **dict.fromkeys(lex.words("os estes esses alguns dois novos"), (True, False)),
    **dict.fromkeys(lex.words("as estas essas algumas duas novas"), (True, True)),
}  # fmt: skip


def _necessario(found: _Found) -> None:
    if "necessári" not in found.low:
        return
    for m in _find(found, NECESSARIO, ("necessári",)):
        verb, adj, nxt = m.group(1), m.group(2), m.group(3).lower()
        if nxt in NECESSARIO_NEXT:
            plural, feminine = NECESSARIO_NEXT[nxt]
        elif nxt == "que" or _is_infinitive(nxt):
            plural, feminine = False, False
        else:
            continue
        base = verb.lower().removesuffix("em").removesuffix("m")
        want_verb = {"faz": ("faz", "fazem"), "torna": ("torna", "tornam")}[base][plural]
        want = f"{want_verb}-se {_inflect(adj, plural, feminine).lower()}"
        if want == f"{verb.lower()}-se {adj.lower()}":
            continue
        found.add(m.start(1), m.end(2), "grammar.pt.necessario_agreement",
                  _("'necessário' and the verb agree with what follows: write '{fix}'.").format(fix=want),
                  (want,), context=m.span())  # fmt: skip


# -- word choice -------------------------------------------------------------------------------

MAU_PARTICIPLE = _rx(B + r"(mau|maus)\s+(" + WORD + ")")
MAL_BEFORE_NOUN = _rx(
    B + r"(o|um|do|no|pelo|num|ao|este|esse|aquele|seu|meu|nosso|a|uma|da|na|pela|numa|esta|"
    r"essa|aquela|sua|minha|nossa)\s+(mal|mau)\s+(" + WORD + ")"
)
MAL_COMPOUND = _rx(
    B + r"(?:o|um|do|no|pelo|num|esse|este|qualquer|algum|nenhum|grande|pequeno)\s+"
    r"(mal)\s+(entendido|entendidos|estar)" + E
)
MAU_IRREGULAR = frozenset(["feito", "feita", "feitos", "feitas", "visto", "dito", "escrito"])
FEMININE_DETS = frozenset(
    ["uma", "da", "na", "pela", "numa", "esta", "essa", "aquela", "sua", "minha", "nossa"]
)


def _mal_mau(found: _Found) -> None:
    for m in _find(found, MAL_COMPOUND, ("mal",)):
        fix = m.group(1) + "-" + m.group(2)
        found.add(m.start(1), m.end(2), "grammar.pt.mal_mau",
                  _("The noun is written with a hyphen: '{fix}'.").format(fix=fix.lower()), (fix,),
                  context=m.span())  # fmt: skip
    for m in _find(found, MAU_PARTICIPLE, ("mau",)):
        word = m.group(2)
        if (_is_participle(word) or word.lower() in MAU_IRREGULAR) and word.islower():
            found.add(m.start(1), m.end(1), "grammar.pt.mal_mau",
                      _("Before a participle use the adverb 'mal' (badly), not 'mau'."), ("mal",),
                      context=m.span())  # fmt: skip
    for m in _find(found, MAL_BEFORE_NOUN, ("mal", "mau")):
        det, adj, noun = m.group(1).lower(), m.group(2), m.group(3)
        if not noun.islower() or _is_participle(noun) or _is_infinitive(noun):
            continue
        if det == "a":
            continue  # "a" may be a pronoun: "o sistema a mal comporta"
        if det in FEMININE_DETS:
            if not _is_feminine(noun) or noun.lower() in NOT_NOUNS_AFTER_A:
                continue
            fix = "má"
        else:
            if adj.lower() == "mau" or noun.lower() in lex.COMMON_GENDER:
                continue
            if not (noun.lower() in lex.MASCULINE or noun.lower().endswith(("mento", "ismo"))):
                continue
            fix = "mau"
        found.add(m.start(2), m.end(2), "grammar.pt.mal_mau",
                  _("Before a noun use the adjective '{fix}' (bad), not the adverb 'mal'.").format(fix=fix),
                  (fix,), context=m.span())  # fmt: skip


MAIS_BUT = _rx(
    r"(?:(?<=[,;])\s*|^\s*|(?<=[.!?])\s+)(mais)\s+(?:eu|ele|ela|eles|elas|nós|você|vocês|"
    r"nunca|infelizmente|o\s+senhor|a\s+senhora|a\s+gente|(?<=,\smais\s)não)" + E
)
MAS_MORE = _rx(
    B
    + r"(?:(mas)\s+ou\s+menos|cada\s+vez\s+(mas)|(mas)\s+de\s+(?:\d|"
    + _alternation(lex.NUMBER_WORDS - {"um", "uma"})
    + E
    + "))"
)


def _mas_mais(found: _Found) -> None:
    if "mas" not in found.low and "mais" not in found.low:
        return
    for m in _find(found, MAIS_BUT, ("mais",)):
        found.add(m.start(1), m.end(1), "grammar.pt.mas_mais",
                  _("'mais' means 'more'; to join a contrast write 'mas' (but)."), ("mas",),
                  context=(m.start(1), m.end()))  # fmt: skip
    for m in _find(found, MAS_MORE, ("mas",)):
        group = next(g for g in (1, 2, 3) if m.group(g))
        found.add(m.start(group), m.end(group), "grammar.pt.mas_mais",
                  _("'mas' means 'but'; for 'more' write 'mais'."), ("mais",), context=m.span())  # fmt: skip


COUNT = (
    r"(?:(?:cerca\s+de|mais\s+de|quase|uns|umas)\s+)?(?:\d+|"
    + _alternation(lex.NUMBER_WORDS | lex.QUANTIFIERS | {"muito", "pouco", "algum", "bastante"})
    + r")\s+"
    + _alternation(lex.TIME_UNITS)
    + E
)
TIME_TRIGGERS = (
    "dia",
    "mes",
    "mês",
    "ano",
    "hora",
    "semana",
    "tempo",
    "minuto",
    "segundo",
    "década",
    "século",
    "quinzena",
    "bimestre",
    "trimestre",
    "semestre",
    "daqui",
)
ONE_HOUR = _rx(r"a\s+(?:um|uma)\s+horas?" + E)
A_TIME = _rx(B + r"(a)\s+" + COUNT + r"(\s+atrás" + E + r")?")
HA_ATRAS = _rx(B + r"(há\s+" + COUNT + r")\s+atrás" + E)
DAQUI_HA = _rx(B + r"daqui\s+(há|à)" + E)
PAST_NOT_AGO = tuple(
    [
        "pass",
        "reduz",
        "aument",
        "ampli",
        "limit",
        "cheg",
        "sub",
        "ca",
        "estend",
        "prorrog",
        "alter",
        "fix",
        "correspond",
        "equival",
        "mud",
        "volt",
        "baix",
        "diminu",
        "cresc",
        "elev",
        "restring",
        "ating",
        "fic",
        "cort",
        "encurt",
        "prolong",
        "adi",
        "antecip",
        "transfer",
        "ajust",
        "mant",
        "alcanç",
        "lev",
    ]
)  # stems of verbs where "a N dias" is a quantity ("reduziu a dois dias"), not "ago"


VERB_ENDINGS = ("ado", "ido", "ada", "ida", "ou", "eu", "iu", "ei", "amos", "emos", "imos")
PAST_IRREGULAR = {"aguardo", "espero", "aguardando", "esperando"} | lex.words(
    """
    fiz fez tive teve fui foi pus pôs disse trouxe quis pude pôde estive esteve vim veio vi
    soube houve
    """
)
PRETERITE_ENDINGS = ("ou", "eu", "iu", "ei", "amos", "emos", "imos")
CLAUSE_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[,;:.!?()]")


def _past_verb_before(text: str, pos: int) -> bool:
    """Return whether the clause before ``pos`` has a past-tense verb that allows "há".

    "Recebemos o pagamento a cinco dias" (ago) is flagged; "reduzimos o prazo a cinco dias"
    (a quantity) is not, nor is "o prazo é de dois a cinco dias" (no past verb).
    """
    words = CLAUSE_WORDS.findall(text, max(0, pos - 80), pos)
    for word in reversed(words[-6:]):
        if not word[0].isalpha():
            return False
        low = word.lower()
        if low.startswith(PAST_NOT_AGO) and low.endswith(VERB_ENDINGS):
            return False  # "foi reduzido a dois dias"
        if low in PAST_IRREGULAR:
            return True
        if low.endswith(PRETERITE_ENDINGS) and low not in lex.NOT_PRETERITE:
            return True  # "recebemos o seu e-mail a dois dias": "seu" is skipped, not the verb
    return False


def _ha_a(found: _Found) -> None:
    if not found.has(*TIME_TRIGGERS):
        return
    text = found.text
    for m in _find(found, A_TIME, TIME_TRIGGERS):
        phrase = text[m.start() : m.start(2) if m.group(2) else m.end()]
        if m.group(2):
            fix = "há" + phrase[1:]
            found.add(m.start(), m.end(), "grammar.pt.ha_a",
                      _("Past time is told with 'há' (without 'atrás'): write '{fix}'.").format(fix=fix),
                      (fix,))  # fmt: skip
            continue
        after = text[m.end() : m.end() + 6].lstrip()
        if after and after[0].isalnum() and not re.match(r"(?:que|e|sem)\b", after, IGNORE):
            continue
        if ONE_HOUR.match(text, m.start()):
            continue  # "à uma hora" (at one o'clock) is another rule's business
        if not _past_verb_before(text, m.start()):
            continue
        found.add(m.start(1), m.end(1), "grammar.pt.ha_a",
                  _("Elapsed time is told with 'há' (from 'haver'): write 'há'."), ("há",),
                  context=m.span())  # fmt: skip
    for m in _find(found, HA_ATRAS, ("atrás",)):
        found.add(m.start(), m.end(), "style.pt.pleonasm",
                  _("'há' already says 'ago': drop 'atrás'."), (m.group(1),), category="style")  # fmt: skip
    for m in _find(found, DAQUI_HA, ("daqui",)):
        found.add(m.start(1), m.end(1), "grammar.pt.daqui_a",
                  _("Future time is told with 'daqui a', without the accent or the h."), ("a",),
                  context=m.span())  # fmt: skip


POR_QUE_END = _rx(B + r"(por\s+que|porque)(?=\s*\?)")
PORQUE_NOUN = _rx(B + r"(?:o|um|do|no|pelo|num|ao)\s+(porque|por\s+que)" + E)
PORQUE_START = _rx(r"(?:^|(?<=[.!?])\s+|(?<=[\n\"“(]))(porque|por\s+quê)" + E)
PORQUE_INDIRECT = _rx(
    B + r"(?:saber|entender|compreender|perguntar|pergunto|perguntou|perguntamos|questionar|"
    r"questiono|questionou|descobrir|o\s+motivo|a\s+razão|explicar)\s+(porque)" + E
)
POR_QUE_STRESSED = _rx(B + r"(por\s+quê)(?=\s+[^\W\d_])")


def _porque(found: _Found) -> None:
    if not found.has("porque", "por que", "por quê"):
        return
    text = found.text
    for m in _find(found, POR_QUE_END, ("porque", "por que", "por quê")):
        found.add(m.start(1), m.end(1), "grammar.pt.porque",
                  _("Before a question mark write 'por quê' (with the accent)."), ("por quê",))  # fmt: skip
    for m in _find(found, PORQUE_NOUN, ("porque", "por que", "por quê")):
        found.add(m.start(1), m.end(1), "grammar.pt.porque",
                  _("As a noun ('the reason') write 'porquê'."), ("porquê",), context=m.span())  # fmt: skip
    for m in _find(found, PORQUE_START, ("porque", "por que", "por quê")):
        if text[m.end() : _sentence_end_q(text, m.end())].endswith("?"):
            found.add(m.start(1), m.end(1), "grammar.pt.porque",
                      _("A question starts with 'Por que' (two words, no accent)."), ("Por que",))  # fmt: skip
    for m in _find(found, PORQUE_INDIRECT, ("porque", "por que", "por quê")):
        found.add(m.start(1), m.end(1), "grammar.pt.porque",
                  _("An indirect question ('why') is written 'por que', in two words."), ("por que",),
                  context=m.span())  # fmt: skip
    for m in _find(found, POR_QUE_STRESSED, ("porque", "por que", "por quê")):
        found.add(m.start(1), m.end(1), "grammar.pt.porque",
                  _("'por quê' takes the accent only before a punctuation mark: write 'por que'."),
                  ("por que",))  # fmt: skip


def _sentence_end_q(text: str, pos: int) -> int:
    m = re.compile(r"[.!?]").search(text, pos)
    return m.end() if m else len(text)


A_NIVEL = _rx(B + r"([aà]\s+nível)\s+(d[eoa]s?|nacional|federal|estadual|municipal|regional|"
              r"internacional|mundial|local|global|gerencial|operacional|técnico|institucional|"
              r"interno|externo|pessoal|administrativo|estratégico)" + E)  # fmt: skip
ONDE = _rx(B + _alternation(lex.ONDE_NOUNS) + r"\s+(onde)" + E)
AO_INVES = _rx(B + r"(ao\s+invés)\s+d(?:e|o|a|os|as)" + E)
OPPOSITES = (
    ("sub", "desc"), ("desc", "sub"), ("aument", "diminu"), ("diminu", "aument"),
    ("entr", "sa"), ("sa", "entr"), ("ganh", "perd"), ("perd", "ganh"), ("aceit", "recus"),
    ("recus", "aceit"), ("compr", "vend"), ("vend", "compr"), ("abr", "fech"), ("fech", "abr"),
    ("melhor", "pior"), ("pior", "melhor"), ("lucr", "prejuí"), ("aprov", "reprov"),
    ("reprov", "aprov"), ("ced", "tard"), ("tard", "ced"),
)  # fmt: skip


def _opposites(text: str, pos: int) -> bool:
    """Return whether "ao invés de X" is followed, in its sentence, by X's opposite (correct)."""
    m = re.compile(r"\s*([^\W\d_]+)").match(text, pos)
    if not m:
        return False
    word = m.group(1).lower()
    rest = text[m.end() : _sentence_end(text, m.end())].lower()
    return any(word.startswith(a) and re.search(r"\b" + b, rest) for a, b in OPPOSITES)


DE_ENCONTRO = _rx(B + r"(de\s+encontro\s+(a|ao|à|aos|às))" + E)
ENCONTRO_FIX = {"a": "ao encontro de", "ao": "ao encontro do", "à": "ao encontro da",
                "aos": "ao encontro dos", "às": "ao encontro das"}  # fmt: skip
MEIA = _rx(B + r"(meia|meias)\s+(" + WORD + ")")
MENAS = _rx(B + r"(menas)" + E)
_SUBJECT = r"(?:(eu|você|ele|ela|nós|eles|elas|vocês|o\s+senhor|a\s+senhora|a\s+gente)\s+)"
_INFINITIVES = "(" + _alternation(lex.FUTURE_SUBJUNCTIVE) + ")" + E
SUBJUNCTIVES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ("quando", "assim que", "logo que", "sempre que", "depois que"),
        _rx(
            B
            + r"(quando|assim\s+que|logo\s+que|sempre\s+que|depois\s+que)\s+"
            + _SUBJECT
            + "?"
            + _INFINITIVES
        ),
    ),
    (
        tuple(
            f"se {p}"
            for p in (
                "eu",
                "você",
                "ele",
                "ela",
                "nós",
                "eles",
                "elas",
                "vocês",
                "o senhor",
                "a senhora",
                "a gente",
            )
        ),
        _rx(
            r"(?:^|(?<=[,;.!?:])|(?<=\be\s)|(?<=\bmas\s)|(?<=\bou\s))\s*(se)\s+"
            + _SUBJECT
            + _INFINITIVES
        ),
    ),
)
PLURAL_PRONOUNS = frozenset({"eles", "elas", "vocês"})
ENTRE_EU = _rx(
    B
    + r"entre\s+(eu)\s+e\s|"
    + B
    + r"entre\s+(?:você|ele|ela|o\s+senhor|a\s+senhora)\s+e\s+(eu)"
    + E
)
AFIM = _rx(B + r"(afim)\s+de\s+(?=[^\W\d_]+(?:ar|er|ir|or)\b|que\b)")
TRATAM_SE = _rx(B + r"(tratam|precisam|necessitam|tratavam|precisavam)-se\s+de" + E)
HAJA_VISTO = _rx(r"(?:^|(?<=[,;.!?])\s*)\s*(haja\s+visto)" + E)
PLEONASMS = tuple((t, _rx(B + "(?:" + p + ")" + E), r) for t, p, r in lex.PLEONASMS)


def _word_choice(found: _Found) -> None:
    text = found.text
    for m in _find(found, A_NIVEL, ("nível",)):
        found.add(m.start(1), m.end(1), "style.pt.a_nivel_de",
                  _("'a nível de' is a faulty calque: write 'em nível de' or 'no que diz respeito a'."),
                  ("em nível",), context=m.span(), category="style")  # fmt: skip
    for m in _find(found, ONDE, ("onde",)):
        found.add(m.start(1), m.end(1), "grammar.pt.onde",
                  _("'onde' refers to places only: after a time or an abstract noun write 'em que'."),
                  ("em que",), context=m.span())  # fmt: skip
    for m in _find(found, AO_INVES, ("invés",)):
        if _opposites(text, m.end()):
            continue
        found.add(m.start(1), m.end(1), "style.pt.ao_inves_de",
                  _("'ao invés de' means 'contrary to' (subir ao invés de descer); for a replacement write 'em vez de'."),
                  ("em vez",), category="style", severity="hint")  # fmt: skip
    for m in _find(found, DE_ENCONTRO, ("encontro",)):
        found.add(m.start(1), m.end(1), "style.pt.de_encontro_a",
                  _("'de encontro a' means 'against, clashing with'; for 'in line with' write 'ao encontro de'."),
                  (ENCONTRO_FIX[m.group(2).lower()],), category="style", severity="hint")  # fmt: skip
    for m in _find(found, MEIA, ("meia",)):
        word = m.group(2)
        if _prev_word(text, m.start()) not in lex.COPULAS or not word.islower():
            continue
        if word.lower() in lex.MEIO_ADJECTIVES or _is_participle(word):
            found.add(m.start(1), m.end(1), "grammar.pt.meio",
                      _("'meio' (rather) is an adverb here and does not change: write 'meio'."),
                      ("meio",), context=m.span())  # fmt: skip
    for m in _find(found, MENAS, ("menas",)):
        found.add(m.start(1), m.end(1), "grammar.pt.menos",
                  _("'menos' never changes: there is no 'menas'."), ("menos",))  # fmt: skip
    for triggers, pattern in SUBJUNCTIVES:
        for m in _find(found, pattern, triggers):
            _subjunctive(found, m)
    for m in _find(found, ENTRE_EU, ("entre",)):
        group = 1 if m.group(1) else 2
        found.add(m.start(group), m.end(group), "grammar.pt.entre_mim",
                  _("After 'entre' write 'mim': 'entre mim e ...'."), ("mim",), context=m.span())  # fmt: skip
    for m in _find(found, AFIM, ("afim",)):
        found.add(m.start(1), m.end(1), "grammar.pt.a_fim_de",
                  _("'afim' means 'akin'; for purpose write 'a fim de'."), ("a fim",), context=m.span())  # fmt: skip
    for m in _find(found, TRATAM_SE, ("-se de",)):
        fix = m.group(1)[:-1]
        found.add(m.start(1), m.end(1), "grammar.pt.impersonal_se",
                  _("With 'se' + 'de' the verb stays in the singular: write '{fix}-se de'.").format(fix=fix.lower()),
                  (fix,), context=m.span())  # fmt: skip
    for m in _find(found, HAJA_VISTO, ("haja",)):
        found.add(m.start(1), m.end(1), "grammar.pt.haja_vista",
                  _("The fixed expression is 'haja vista' (considering)."), ("haja vista",))  # fmt: skip
    for trigger, pattern, replacement in PLEONASMS:
        if trigger not in found.low:
            continue
        for m in _find(found, pattern, (trigger,)):
            fix = m.expand(replacement)
            found.add(m.start(), m.end(), "style.pt.pleonasm",
                      _("'{text}' is a pleonasm: '{fix}' already says it.").format(text=m.group(), fix=fix),
                      (fix,), category="style")  # fmt: skip


def _subjunctive(found: _Found, m: re.Match[str]) -> None:
    conj, pronoun, verb = m.group(1).lower(), (m.group(2) or "").lower(), m.group(3)
    low = verb.lower()
    if not verb.islower():
        return
    if not pronoun and (conj == "se" or low in {"ter", "por", "pôr"}):
        return  # "se" may be the pronoun ("se ver"), "por" the preposition
    if not pronoun and conj == "quando":
        text = found.text
        end = _sentence_end_q(text, m.end())
        if not _at_clause_start(text, m.start(1)) or "," not in text[m.end() : end]:
            return  # "saiba quando fazer a troca": an infinitive question, correct
        if text[m.end() : end].endswith("?"):
            return
    if pronoun in PLURAL_PRONOUNS and low + "em" in lex.FUTURE_SUBJUNCTIVE:
        low += "em"
    elif pronoun == "nós" and low + "mos" in lex.FUTURE_SUBJUNCTIVE:
        low += "mos"
    fix = lex.FUTURE_SUBJUNCTIVE[low]
    found.add(m.start(3), m.end(3), "grammar.pt.future_subjunctive",
              _("After '{conj}' use the future subjunctive: '{fix}'.").format(conj=m.group(1), fix=fix),
              (fix,), context=(m.start(1), m.end(3)))  # fmt: skip


# -- verb before its subject, adjective before its subject, mal/mau after verbs ... --------------

FRONT_VERBS = {
    "falta": "faltam", "faltava": "faltavam", "faltou": "faltaram", "segue": "seguem",
    "existe": "existem", "existia": "existiam", "existiu": "existiram", "chegou": "chegaram",
    "sobra": "sobram", "sobrou": "sobraram", "resta": "restam", "restou": "restaram",
    "consta": "constam", "constava": "constavam", "ocorreu": "ocorreram",
    "surgiu": "surgiram", "está faltando": "estão faltando", "estava faltando": "estavam faltando",
}  # fmt: skip
PASSIVE_AUX = {
    "foi": "foram", "será": "serão", "seria": "seriam", "é": "são", "fica": "ficam",
    "ficou": "ficaram", "está": "estão", "estava": "estavam", "estará": "estarão",
}  # fmt: skip
PASSIVE = (
    r"(?:foi|será|seria|é|fica|ficou|está|estava|estará)\s+(?:[^\W\d_]+(?:ado|ido|ada|ida)|"
    r"previst[oa]|feit[oa]|abert[oa]|escrit[oa]|entregue|aceit[oa]|suspens[oa]|expost[oa])"
)  # a passive placed before its subject: "Foi enviado os boletos"
FRONT_PP = (
    r"(?:em|no|na|nos|nas|ao|aos|à|às|para|pelo|pela|por)\s+(?:" + WORD + r"\s+)?" + WORD
)  # a complement between the verb and its subject: "Consta em nossos registros ..."
FRONT_ADVERBS = (
    r"(?:,?\s*(?:ainda|apenas|só|somente|também|já|hoje|agora|aqui|abaixo|junto|anexo|anexa|"
    r"anexos|anexas|em\s+anexo|a\s+seguir|ainda\s+hoje|novamente|mais)"
    r"(?:\s+(?:a|à|ao)\s+(?:esta|este|presente|nossa|nosso)\s+" + WORD + r")?\s*,?\s+"
    r"|" + FRONT_PP + r"\s*,?\s+){0,2}"
)  # "Segue, junto a esta carta, os ..."
NUMBER_WORDS = (
    r"dois|duas|três|quatro|cinco|seis|sete|oito|nove|dez|vinte|trinta|cem|mil|vários|várias|"
    r"muitos|muitas|alguns|algumas|diversos|diversas|poucos|poucas|inúmeros|inúmeras"
)
FRONT_VERB = _rx(
    B
    + r"("
    + _alternation(FRONT_VERBS)
    + r"|"
    + PASSIVE
    + r")(?:\s*,\s*|\s+)"
    + FRONT_ADVERBS
    + r"(?:(os|as|estes|estas|esses|essas|seus|suas|nossos|nossas|"
    + NUMBER_WORDS
    + r")|([2-9]|[1-9]\d+))\s+("
    + WORD
    + ")"
    + E
)
FRONT_START = _rx(
    r"(?:^|[.!?;:,(\n])\s*(?:(?:ainda|não|já|só|também|hoje|agora|aqui|porém|contudo|então|"
    r"assim)\s+)?$"
)  # the verb opens its clause, maybe after one adverb ("Ainda falta ...")


def _front_plural(verb: str, det: str) -> str:
    """Return the plural of a fronted verb ("falta" -> "faltam", "foi enviado" -> "foram enviados")."""
    words = verb.lower().split()
    key = " ".join(words)
    if key in FRONT_VERBS:
        return FRONT_VERBS[key]
    aux, participle = words[0], words[-1]
    low = det.lower()
    if participle == "entregue":
        pass  # one form for both genders
    elif low.endswith("as") or low == "duas":
        participle = participle[:-1] + "a"
    elif low.endswith("os") or low == "dois":
        participle = participle[:-1] + "o"
    return f"{PASSIVE_AUX[aux]} {participle}s"


def _front_verb(found: _Found) -> None:
    """Flag a singular verb placed before its plural subject ("Falta dois documentos")."""
    text = found.text
    triggers = ("falt", "segue", "exist", "chegou", "sobr", "rest", "const", "ocorreu",
                "surgiu", "foi ", "será ", "seria ", "é ", "fica", "está", "estava")  # fmt: skip
    if not found.has(*triggers):
        return
    for m in _find(found, FRONT_VERB, triggers):
        verb, det, noun = m.group(1), (m.group(2) or m.group(3)), m.group(4)
        if not verb[1:].islower() or not noun.islower():
            continue
        if not FRONT_START.search(text, max(0, m.start() - 30), m.start()):
            continue  # "o manual que segue os padrões", "o sistema não segue os links": a subject
        if not _is_plural(noun) or _is_infinitive(noun):
            continue  # "falta dois meses" yes; "falta os ..." needs a plural noun
        fix = _cased(verb, _front_plural(verb, det))
        found.add(m.start(1), m.end(1), "grammar.pt.verb_before_subject",
                  _("The verb agrees with its subject even when it comes first ('{det} {noun}'): write '{fix}'.").format(det=det, noun=noun, fix=fix),
                  (fix,), context=(m.start(1), m.end()))  # fmt: skip


PROIBIDO = _rx(
    B + r"(?:é|será|foi|era|está|fica|seria)\s+(?:expressamente\s+|terminantemente\s+)?"
    r"(proibido|permitido|necessário|obrigatório|vedado|exigido|dispensado|recomendado|"
    r"proibida|permitida|necessária|obrigatória|vedada|exigida)\s+(a|o)\s+(" + WORD + ")" + E
)
NOT_SUBJECT_AFTER_A = lex.words(
    """
    todos todas todo toda quem cada qualquer quaisquer ele ela eles elas você vocês nós
    mim si esse essa este esta isso isto aquele aquela aquilo nenhum nenhuma partir
    cliente clientes pessoa pessoas usuário usuários visitante visitantes funcionário
    funcionários
    """
)


def _proibido(found: _Found) -> None:
    """Flag "é proibido a entrada": with the article, the adjective agrees with the noun."""
    if not found.has("proibid", "permitid", "necessári", "obrigatóri", "vedad", "exigid",
                     "dispensad", "recomendad"):  # fmt: skip
        return
    text = found.text
    for m in _find(found, PROIBIDO, ("proibid", "permitid", "necessári", "obrigatóri", "vedad",
                                     "exigid", "dispensad", "recomendad")):  # fmt: skip
        adj, art, noun = m.group(1), m.group(2).lower(), m.group(3)
        low = noun.lower()
        if not noun.islower() or low in NOT_SUBJECT_AFTER_A or _is_infinitive(noun):
            continue
        if _is_plural(noun):
            continue
        feminine = art == "a"
        if feminine and not _is_feminine(noun):
            continue
        if not feminine and not _is_masculine(noun):
            continue
        nxt = NEXT_WORD.match(text, m.end())
        if feminine and nxt and _is_infinitive(nxt.group(1)):
            continue  # "é permitido à empresa cobrar": "a" is the preposition (crase)
        want = adj[:-1] + ("a" if feminine else "o")
        if want.lower() == adj.lower():
            continue
        found.add(m.start(1), m.end(1), "grammar.pt.adjective_before_subject",
                  _("With the article, the adjective agrees with '{noun}': write '{fix}' (or drop the article).").format(noun=noun, fix=want),
                  (want,), context=(m.start(1), m.end()))  # fmt: skip


MAU_AFTER_VERB = _rx(
    B + r"((?:funcion|atend|trat|respond|comport|execut|explic|instal|configur|calcul|"
    r"interpret|process|embal|cuid|planej|conduz|dorm|escrev|redig|feit|pag|arrum|prest|"
    r"realiz|elabor|projet|conserv|armazen|acondicion|descrev|preench|digit|mont|fix|"
    r"organiz|program|cozinh|consert|ger|administr|avali|orient|compreend|entend|fal)"
    r"(?:ou|aram|ava|avam|a|am|ando|ado|ada|ados|adas|eu|eram|ia|iam|e|em|endo|ido|ida|"
    r"idos|idas|iu|iram|indo|iram))\s+(mau|maus)" + E + r"(?=\s*(?:[.,;:!?)]|$|"
    r"(?:durante|em|no|na|nos|nas|de|do|da|e|ou|mas|porque|pois|quando|desde|hoje|ontem|"
    r"ainda|também|até|por|pelo|pela|com|sem|novamente|outra|sempre|a|o|à|ao|este|esta|"
    r"neste|nesta|nesse|nessa)" + E + "))"
)


def _mau_after_verb(found: _Found) -> None:
    """Flag "funcionou mau": after a verb the adverb is "mal"."""
    if not found.has("mau"):
        return
    for m in _find(found, MAU_AFTER_VERB, ("mau",)):
        if not m.group(1).islower():
            continue
        found.add(m.start(2), m.end(2), "grammar.pt.mal_mau",
                  _("After a verb write the adverb 'mal' (the opposite of 'bem')."), ("mal",),
                  context=m.span())  # fmt: skip


A_ELAPSED_START = _rx(
    r"(?:^|(?<=[.!?;:,])\s*|(?<=\n)|(?<=\bque\s))\s*(a)\s+"
    + COUNT
    + r"\s+(?:que\s+)?(aguard|esper|tent|trabalh|atend|mor|vend|ofere|prest|fornec|"
    r"acompanh|solicit|estamos|está|estou|somos|sou|é|temos|tenho|"
    r"venho|vem|vimos|existe|funciona|atua|atuamos|atuo|cobr|insist)"
)
A_ELAPSED_AFTER = _rx(
    B + r"(aguardo|aguardamos|aguarda|aguardam|espero|esperamos|espera|esperam|"
    r"tento|tentamos|tenta|tentam|insisto|insistimos|"
    r"trabalho|trabalhamos|"
    r"estou|estamos|está|estão)"
    r"(?:\s+(?:uma\s+resposta|resposta|retorno|uma\s+solução|solução|o\s+reembolso|"
    r"o\s+estorno|a\s+entrega|o\s+pedido|o\s+contato|aqui|nisso|sem\s+resposta|"
    r"esperando|aguardando))?\s+(a)\s+"
    + COUNT
    + r"(?!\s+(?:mais|menos|para|de|do|da|dos|das|daqui|dali|além|úteis|corridos)"
    + E
    + ")"
)


A_COUNT = re.compile(
    r"(?<![\w-])a\s+(?:cerca|mais|quase|uns|umas|\d|"
    + _alternation(lex.NUMBER_WORDS | lex.QUANTIFIERS | {"muito", "pouco", "algum", "bastante"})
    + E
    + ")"
)  # a cheap first pass: where "a" + a count could start


def _a_elapsed(found: _Found) -> None:
    """Flag "a duas semanas aguardo" / "aguardo a duas semanas": elapsed time takes "há"."""
    if not found.has(*TIME_TRIGGERS):
        return
    text = found.text
    spots = [m.start() for m in A_COUNT.finditer(found.low)]  # "a" + a number word or digit
    if not spots:
        return
    triggers = tuple({found.low[at : at + 12] for at in spots})
    for m in _find(found, A_ELAPSED_START, triggers):
        if ONE_HOUR.match(text, m.start(1)):
            continue
        found.add(m.start(1), m.end(1), "grammar.pt.ha_a",
                  _("Elapsed time is told with 'há' (from 'haver'): write 'há'."), ("há",),
                  context=(m.start(1), m.end()))  # fmt: skip
    for m in _find(found, A_ELAPSED_AFTER, triggers):
        if ONE_HOUR.match(text, m.start(2)):
            continue
        found.add(m.start(2), m.end(2), "grammar.pt.ha_a",
                  _("Elapsed time is told with 'há' (from 'haver'): write 'há'."), ("há",),
                  context=m.span())  # fmt: skip


POR_QUE_CAUSE = _rx(
    B + r"(" + WORD + r")\s+(por\s+que)\s+(o|a|os|as|ele|ela|eles|elas|não|houve|havia|"
    r"estava|estavam|era|eram|foi|foram|já|ainda|nosso|nossa|seu|sua|um|uma)" + E
)
ASKING_WORDS = lex.words(
    """
    saber sabe sabemos sei sabia entender entendo entendemos entende compreender explicar
    explicamos explica explique expliquem perguntar pergunto perguntou perguntamos pergunta
    questionar questionou questiona indagar indagou descobrir descobrimos investigar
    investigamos verificar verificamos avaliar avaliamos analisar analisamos esclarecer
    esclarecemos informar informamos informe informem informado informados informada
    esclarecido explicado questionado perguntado indagado avisado notificado motivo motivos
    razão razões eis dizer diga digam saiba saibam entenda mostrar mostramos justificar
    justifique justificamos detalhar apurar apuramos lembrar pensar imaginar ver veja vejam
    quer queremos quero sabendo entendido
    """
)


ASKING_STEMS = (
    "explic",
    "inform",
    "pergunt",
    "question",
    "indag",
    "esclarec",
    "justific",
    "entend",
    "compreend",
    "sab",
    "soub",
    "descobr",
    "diss",
    "diz",
    "mostr",
    "revel",
    "investig",
    "apur",
    "verific",
    "analis",
    "avali",
    "consult",
    "desconhec",
    "ignor",
    "quis",
    "quer",
    "detalh",
    "comunic",
    "not",
    "vej",
    "ver",
    "vimos",
    "viu",
    "motivo",
    "razã",
    "caus",
    "indic",
    "apont",
    "expus",
    "expôs",
    "descrev",
    "registr",
    "escrev",
    "escrit",
    "relat",
)


def _verb_det_noun(clause: list[str]) -> bool:
    """Return whether a clause is "preterite verb + determiner + noun" ("Cancelamos a compra")."""
    if len(clause) < 3 or not clause[-3][0].isalpha():
        return False
    verb, det = clause[-3].lower(), clause[-2].lower()
    start = len(clause) == 3 or not clause[-4][0].isalpha()
    preterite = verb.endswith(("amos", "emos", "imos", "ou", "eu", "iu")) and len(verb) >= 5
    return start and preterite and det in {"o", "a", "os", "as", "nosso", "nossa", "seu", "sua"}


def _por_que_cause(found: _Found) -> None:
    """Flag "por que" where a cause follows a statement (write "porque"), and "por que."."""
    if not found.has("por que"):
        return
    text = found.text
    for m in _find(found, POR_QUE_CAUSE, ("por que",)):
        before = m.group(1).lower()
        clause = CLAUSE_WORDS.findall(text, max(0, m.start() - 60), m.start(2))
        if not (
            _verb_det_noun(clause)
            or _is_participle(m.group(1))
            or before in SHORT_PARTICIPLES
            or (before.endswith(("ou", "eu", "iu", "aram", "eram", "iram")) and len(before) >= 4)
            or (before.endswith(("amos", "emos", "imos")) and len(before) >= 6)
        ):
            continue  # only after a finished statement: "foi cancelado por que ..."
        clause = CLAUSE_WORDS.findall(text, max(0, m.start() - 60), m.start(2))
        if any(
            w.lower() in ASKING_WORDS or w.lower().startswith(ASKING_STEMS) for w in clause[-7:]
        ):
            continue  # "não sabemos por que o cartão ...": an indirect question
        if text[m.end() : _sentence_end_q(text, m.end())].endswith("?"):
            continue
        found.add(m.start(2), m.end(2), "grammar.pt.porque",
                  _("A cause ('because') is written 'porque', in one word."), ("porque",),
                  context=(m.start(2), m.end()))  # fmt: skip
    for m in _find(found, POR_QUE_FINAL, ("por que",)):
        found.add(m.start(1), m.end(1), "grammar.pt.porque",
                  _("At the end of a sentence 'por que' takes the accent: 'por quê'."),
                  ("por quê",))  # fmt: skip


SHORT_PARTICIPLES = lex.words(
    "pago paga pagos pagas aceito aceita entregue entregues gasto feito feita aberto aberta "
    "suspenso suspensa impresso impressa expulso preso presa"
)
POR_QUE_FINAL = _rx(B + r"(por\s+que)(?=\s*(?:[.!;]|$))")
ONDE_DOCUMENTS = lex.words(
    """
    e-mail e-mails email emails mensagem mensagens carta cartas comunicado comunicados ofício
    ofícios memorando memorandos contrato contratos cláusula cláusulas relatório relatórios
    parecer circular aviso avisos notificação notificações telefonema telefonemas
    correspondência documento documentos proposta propostas resposta respostas decisão
    acordo acordos termo aditivo edital regulamento comunicação solicitação pedido reclamação
    protocolo orçamento fatura
    """
)
ONDE_DOC = _rx(
    B + r"(?:no|na|nos|nas|num|numa|o|a|os|as|um|uma|do|da|este|esta|nesse|nessa|neste|"
    r"nesta|último|última|mesmo|mesma|seu|sua|nosso|nossa)\s+(?:[^\W\d_]+\s+)?"
    + _alternation(ONDE_DOCUMENTS)
    + r"\s+(onde)\s+("
    + WORD
    + ")"
    + E
)
NOT_VERB_AFTER_ONDE = lex.words("fica ficam mora moram")


def _onde_document(found: _Found) -> None:
    """Flag "o e-mail onde explicamos": a text is not a place, write "em que"/"no qual"."""
    if not found.has("onde"):
        return
    for m in _find(found, ONDE_DOC, ("onde",)):
        if m.group(2).lower() in NOT_VERB_AFTER_ONDE:
            continue
        found.add(m.start(1), m.end(1), "grammar.pt.onde",
                  _("'onde' refers to places only: after a document or message write 'em que' or 'no qual'."),
                  ("em que", "no qual", "na qual"), context=(m.start(1), m.end()))  # fmt: skip


PARA_MIM = _rx(B + r"(" + WORD + r")\s+(para\s+mim)\s+(" + WORD + ")" + E)
PARA_MIM_ADJECTIVES = lex.words(
    """
    é foi será seria era fica ficou está esteve parece pareceu difícil fácil impossível
    possível importante necessário bom boa ótimo ótima melhor pior complicado simples
    agradável prazer honra alegria satisfação dever obrigação custoso penoso essencial
    fundamental útil inútil comum normal estranho natural muito tão bem mal chato triste
    desagradável urgente
    """
)


def _para_mim(found: _Found) -> None:
    """Flag "para mim analisar": the subject of an infinitive is "eu"."""
    if not found.has("para mim"):
        return
    for m in _find(found, PARA_MIM, ("para mim",)):
        before, verb = m.group(1).lower(), m.group(3)
        if before in PARA_MIM_ADJECTIVES or before.endswith(("ável", "ível")):
            continue  # "é difícil para mim aceitar": "para mim" goes with the adjective
        if not _is_infinitive(verb) or verb.lower() in lex.MASCULINE:
            continue
        found.add(m.start(2), m.end(2), "grammar.pt.para_mim",
                  _("Before an infinitive the subject is 'eu': write 'para eu'."), ("para eu",),
                  context=(m.start(2), m.end()))  # fmt: skip


AONDE = _rx(
    B + r"(aonde)\s+(?:(?:se|nos|o|a|ele|ela|eles|elas|você|vocês|fica|ficam)\s+)?"
    r"(fica|ficam|ficava|está|estão|estava|estavam|estamos|estou|se\s+encontra|se\s+encontram|"
    r"encontra|encontram|localiza|localizam|mora|moram|morava|reside|residem|trabalha|"
    r"trabalham|funciona|funcionam|acontece|acontecem|aconteceu|ocorre|ocorreu|houve|há|"
    r"consta|constam|guardamos|guarda|guardam|encontro|encontrar|assinar|assino)" + E
)


def _aonde(found: _Found) -> None:
    """Flag "aonde fica": "aonde" (to where) needs a verb of movement, else "onde"."""
    if not found.has("aonde"):
        return
    for m in _find(found, AONDE, ("aonde",)):
        found.add(m.start(1), m.end(1), "grammar.pt.aonde",
                  _("'aonde' means 'to where' (ir, chegar, levar ...); without movement write 'onde'."),
                  ("onde",), context=m.span())  # fmt: skip


SUBJ_NOUN = _rx(
    r"(?:^|(?<=[,;.!?:\n])|(?<=\be\s)|(?<=\bmas\s)|(?<=\bou\s))\s*"
    r"(se|quando|sempre\s+que|assim\s+que|logo\s+que|enquanto|depois\s+que)\s+"
    r"(?:o|a|os|as|seu|sua|nosso|nossa|este|esta|esse|essa|cada|algum|alguma|nenhum|nenhuma)"
    r"\s+(" + WORD + r")\s+(" + _alternation(lex.FUTURE_SUBJUNCTIVE) + ")" + E
)
NOT_SUBJECT_NOUNS = lex.words("fato ato modo jeito caso momento objetivo meio tempo poder")


SUBJ_VERBS = frozenset(lex.FUTURE_SUBJUNCTIVE) - {"por", "pôr"}


def _subjunctive_noun(found: _Found) -> None:
    """Flag "se o cliente manter": after "se"/"quando" + a noun subject, "mantiver"."""
    if not found.has("se ", "quando", "enquanto", "que "):
        return
    verbs = found.words() & SUBJ_VERBS
    if not verbs:
        return  # no infinitive of an irregular verb at all
    for m in _find(found, SUBJ_NOUN, tuple(f" {v}" for v in verbs)):
        noun, verb = m.group(2), m.group(3)
        low = verb.lower()
        if not noun.islower() or not verb.islower() or noun.lower() in NOT_SUBJECT_NOUNS:
            continue
        if _is_infinitive(noun) or low in {"por", "pôr"}:
            continue
        plural = _is_plural(noun)
        if plural != low.endswith("em"):
            if plural and low + "em" in lex.FUTURE_SUBJUNCTIVE:
                low += "em"
            elif plural or low.endswith("em"):
                continue
        fix = lex.FUTURE_SUBJUNCTIVE[low]
        found.add(m.start(3), m.end(3), "grammar.pt.future_subjunctive",
                  _("After '{conj}' use the future subjunctive: '{fix}'.").format(conj=m.group(1), fix=fix),
                  (fix,), context=(m.start(1), m.end(3)))  # fmt: skip


ACCENT_DETERMINERS = (
    r"o|a|os|as|um|uma|uns|umas|do|da|dos|das|no|na|nos|nas|pelo|pela|pelos|pelas|ao|aos|num|"
    r"numa|este|esta|esse|essa|estes|estas|esses|essas|aquele|aquela|seu|sua|seus|suas|nosso|"
    r"nossa|nossos|nossas|meu|minha|cada|qualquer|outro|outra|novo|nova|último|última|"
    r"primeiro|primeira|mesmo|mesma|próprio|própria|referido|referida|citado|citada|algum|"
    r"alguma|alguns|algumas|nenhum|nenhuma|muitas|muitos|poucas|poucos|tais|desta|deste|"
    r"dessa|desse|nesta|neste|nessa|nesse|sem|vossa|vosso"
)
ACCENT_NOUN = _rx(
    B + r"(" + ACCENT_DETERMINERS + r")\s+(" + _alternation(lex.ACCENT_NOUNS) + ")" + E
)
CLITIC_BEFORE = lex.words(
    """
    eu tu ele ela nós vós eles elas você vocês não que se já também nunca sempre só apenas
    ainda quem onde quando como mal bem lhe me te
    """
)


ACCENT_WORDS = frozenset(lex.ACCENT_NOUNS)


def _accent_noun(found: _Found) -> None:
    """Flag "o numero": after a determiner the noun carries its accent ("o número")."""
    text = found.text
    words = found.words() & ACCENT_WORDS
    if not words:
        return
    for m in _find(found, ACCENT_NOUN, tuple(f" {w}" for w in words)):
        det, word = m.group(1), m.group(2)
        if not word.islower():
            continue
        if det.lower() in {"o", "a", "os", "as"} and _prev_word(text, m.start()) in CLITIC_BEFORE:
            continue  # "eu o numero": a clitic pronoun before the verb
        nxt = text[m.end() : m.end() + 2]
        if nxt.startswith("-"):
            continue
        fix = lex.ACCENT_NOUNS[word.lower()]
        found.add(m.start(2), m.end(2), "grammar.pt.accent",
                  _("As a noun '{word}' is written '{fix}' (without the accent it is a verb).").format(word=word, fix=fix),
                  (fix,), context=m.span())  # fmt: skip


CONFUSED_VERBS = _rx(
    B + r"(não|nem|que|se|você|senhor|senhora)\s+(exite|exitem|exitar|exitamos|exitou|"
    r"mecha|mechas|mechem|mechendo|mecher)" + E
)
CONFUSED_FIX = {
    "exite": "hesite", "exitem": "hesitem", "exitar": "hesitar", "exitamos": "hesitamos",
    "exitou": "hesitou", "mecha": "mexa", "mechas": "mexas", "mechem": "mexam",
    "mechendo": "mexendo", "mecher": "mexer",
}  # fmt: skip


def _confused_verbs(found: _Found) -> None:
    """Flag "não exite" (hesite) and "não mecha" (mexa): real words in the wrong place."""
    if not found.has("exit", "mech"):
        return
    for m in _find(found, CONFUSED_VERBS, ("exit", "mech")):
        word = m.group(2)
        fix = CONFUSED_FIX[word.lower()]
        found.add(m.start(2), m.end(2), "grammar.pt.confused_verb",
                  _("'{word}' is another word here: write '{fix}'.").format(word=word, fix=fix),
                  (fix,), context=m.span())  # fmt: skip


RECALL_RULES: tuple[Callable[[_Found], None], ...] = (
    _front_verb, _proibido, _mau_after_verb, _a_elapsed, _por_que_cause, _onde_document,
    _para_mim, _aonde, _subjunctive_noun, _accent_noun, _confused_verbs,
)  # fmt: skip


# -- the rule set ------------------------------------------------------------------------------

PHRASE_RULES: tuple[Callable[[_Found], None], ...] = (
    _word_choice, _ha_a, _crase_wrong, _crase_required, _a_gente, _anexo, _necessario,
    _mal_mau, _mas_mais, _porque, *RECALL_RULES,
)  # fmt: skip


class PortugueseRules:
    """The built-in grammar and usage rules for Brazilian Portuguese."""

    name = "builtin-pt-BR"

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the issues found in ``item.text`` (offsets relative to it)."""
        if not item.text.strip():
            return []
        found = _Found(item)
        for rule in PHRASE_RULES:
            rule(found)
        if found.has("hav", "houv", "haj", "faz", "fiz", "far"):
            _haver_fazer(found, _tokens(item.text))
        _agreement(found)
        return _without_overlaps(found.issues)


def _without_overlaps(issues: list[Issue]) -> list[Issue]:
    """Keep the first issue of any overlapping group (rules run most specific first)."""
    kept: list[Issue] = []
    for issue in issues:
        if not any(issue.offset < k.end and k.offset < issue.end for k in kept):
            kept.append(issue)
    return sorted(kept, key=lambda i: (i.offset, i.length))


def checker(language: str) -> PortugueseRules:
    """Return the rule set for Brazilian Portuguese (``language`` is always pt-BR here)."""
    return PortugueseRules()
