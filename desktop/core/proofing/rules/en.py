"""Built-in English grammar rules: the confusions Harper misses or only half catches.

Harper lints English offline (decision record 0002) but misses agreement after a plural noun,
your/you're, its/it's, less/fewer, who's/whose, "advice" as a verb, "loose" for "lose",
"here from you", "to late" and double negatives. These rules run beside it on every paragraph.
Each rule is a precompiled pattern plus a few context checks, tuned for precision: a rule stays
quiet when the text has a correct reading (e.g. "your welcome pack", "its true cost", "five
days is enough", "could of course", "an hour", "a university"). Where Harper flags the same
word, our issue covers the same span in the same category, so the merge keeps only ours.
Spellings are not judged here: American and British forms are both accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from desktop.core.i18n import _
from desktop.core.proofing.model import CheckInput, Issue

CATEGORY = "grammar"
WARNING = "warning"
HINT = "hint"
APOS = "['’]"


def words(spaced: str) -> frozenset[str]:
    """Return the set of the space-separated words of a string."""
    return frozenset(spaced.split())


# -- word lists ------------------------------------------------------------------------------

DETERMINERS = (
    "the|our|your|my|his|her|their|its|these|those|all|both|many|several|few|some|most|such|"
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|hundred|\\d+"
)
NUMERALS = words("two three four five six seven eight nine ten eleven twelve twenty fifty hundred")
UNITS = words(
    "days weeks months years hours minutes seconds dollars euros pounds cents pence rupiah "
    "reais miles kilometres kilometers metres meters kilos kilograms grams litres liters "
    "percent points inches feet"
)
SINGULAR_S = words(
    "news series species means headquarters whereabouts customs barracks crossroads gallows "
    "innings lens gas canvas atlas bias alias chaos ethos kudos diabetes measles mumps rabies "
    "billiards darts works always perhaps sometimes besides towards afterwards nowadays whereas "
    "unless thus plus yes its this his hers ours yours theirs was has does goes is as us "
    "thanks overseas alas christmas"
)
FUNCTION_WORDS = words(
    "of in on at for with from by to into onto about over under after before between through "
    "and or but nor so yet that which who whom whose what when where why how than then as "
    "is are was were be been being am has have had do does did will would shall should can "
    "could may might must not no a an the this that these those it we you they he she i me "
    "us them him her our your their its my very also only just even still already"
)
CLAUSE_WORDS = words(
    "and but or so because since that if when while although though whereas unless once until "
    "where after before then also now however therefore thus as"
)
SINGULAR_VERBS = (
    "was|wasn['’]t|is|isn['’]t|has|hasn['’]t|does|doesn['’]t|shows|says|confirms|indicates|"
    "suggests|contains|includes|requires|seems|appears|belongs|depends|applies|arrives|"
    "happens|exists|allows|remains"
)
PLURAL_OF = {"was": "were", "is": "are", "has": "have", "does": "do"}
POSSESSED = words(
    "order orders account accounts parcel parcels package packages request requests payment "
    "payments invoice invoices refund complaint email e-mail letter details address feedback "
    "reference money item items delivery booking reservation application claim card number "
    "question query patience help support business satisfaction case message password "
    "subscription contract receipt purchase goods product products information documents "
    "document comments concerns cooperation co-operation consideration attention reply "
    "response enquiry inquiry behalf own team company office name phone website policy bank "
    "deposit balance bill statement warranty guarantee loyalty interest lid contents "
    "packaging label owner purpose parts components features members customers employees "
    "manufacturer battery screen cover colour color size weight price responsibility fault "
    "turn job decision choice records file files car home family staff time"
)
NOT_AFTER_YOURE = words("family staff home time")
NOT_AFTER_ITS = words(
    "time way business policy home money help support information interest custom family "
    "responsibility fault turn job decision choice number"
)
NOT_AFTER_THERE = words(
    "time money business interest help support information staff family home delivery "
    "number turn job choice responsibility fault patience"
)
# "an" before a consonant letter is right for these (silent h, letter names).
SILENT_H = ("hour", "honest", "honour", "honor", "heir", "herb")
AN_H_BRITISH = ("histor", "hotel", "hypothe", "habitual", "horrific", "heroic", "hilarious")
# "a" before a vowel letter is right for these (a "you" or "w" sound).
VOWEL_LETTER_CONSONANT_SOUND = (
    "one", "once", "eu", "ewe", "unan", "unic", "unif", "unio", "uniq", "unis", "unit", "univ",
    "unil", "usa", "use", "usu", "uten", "uti", "ura", "ure",
    "uri", "uro", "ubiq", "uku", "ukr", "ufo", "uvu", "ouija",
)  # fmt: skip
# How an English word can start: a vowel, or a consonant (cluster) then a vowel; a word that
# starts otherwise ("sdist", "html", "url") is read letter by letter and left alone.
ONSET = re.compile(
    r"(?:[aeiou]|(?:[bcdfgkp][lr]|[dst]w|s(?:ch|cr|pr|pl|tr|qu|[chklmnpqtw])|[cgpstw]h|thr|"
    r"shr|kn|wr|gn|qu|ps|[bcdfghjklmnpqrstvwxyz]))[aeiouy]|[aeiou][a-z]*[aeiouy]|[aeiou][a-z]{3,}"
)
NEGATIVES = (
    "don['’]t|doesn['’]t|didn['’]t|won['’]t|can['’]t|cannot|couldn['’]t|wouldn['’]t|"
    "shouldn['’]t|haven['’]t|hasn['’]t|hadn['’]t|isn['’]t|aren['’]t|wasn['’]t|weren['’]t|"
    "ain['’]t|never|(?:do|does|did|will|can|could|would|should|have|has|had|is|are|was|were)"
    " not"
)
NEGATIVE_OBJECTS = {
    "no": "any", "nothing": "anything", "nobody": "anybody", "none": "any",
    "nowhere": "anywhere", "no one": "anyone", "no-one": "anyone",
}  # fmt: skip
IDIOM_VERBS = words("say said saying says take took taking takes answer answered")
TOO_ADJECTIVES = (
    "late|early|soon|expensive|heavy|big|small|large|long|short|high|low|much|many|busy|"
    "difficult|hard|complicated|slow|fast|far|old|young|tight|full|cheap|close|quick|costly|"
    "risky|few|little|bad|weak|strong|hot|cold|wide|narrow|fragile|complex|vague|generous|"
    "tired|slowly|quickly|often|soon|bulky|damaged|difficult|tight|urgent"
)

# -- patterns --------------------------------------------------------------------------------

AGREEMENT_VERB = re.compile(rf" (?P<verb>{SINGULAR_VERBS})\b")
TOKEN = re.compile(r"[^\W_][\w'’-]*|[^\w\s]")
DETERMINER_WORDS = frozenset(DETERMINERS.split("|")) - {"\\d+"}
PHRASE_PREPOSITIONS = words("in on at from for with of inside under")
PRONOUN_AGREEMENT = re.compile(
    rf"\b(?P<subj>(?i:we|they|you))\s+(?P<verb>was|wasn{APOS}t)\b|"
    rf"\b(?P<subj2>(?i:he|she|it))\s+(?P<verb2>don{APOS}t)\b"
)
YOUR = re.compile(
    r"\b(?P<w>[Yy]our)\s+(?:(?P<welcome>welcome)(?=\s*(?:[.!,;]|$|to\s+(?!(?:our|the|a|an|your|"
    r"this|that|my|their|his|her)\b)[a-z]))|(?P<adj>interested|aware|correct|entitled|eligible|"
    r"able|unable|sure|invited|required|expected|allowed|permitted|not|going\s+to|already|"
    r"also|still|right(?=\s+(?:that|about)\b|\s*[.!,;]|$)|(?:un)?available(?=\s+(?:on|at|for|"
    r"to|from|until|now|today|tomorrow|this|next|between|after|before)\b|\s*[.!,;]|$)))"
)
YOURE = re.compile(rf"\b(?P<w>[Yy]ou{APOS}re)\s+(?P<noun>[a-z-]+)\b")
ITS = re.compile(
    r"\b(?P<w>[Ii]ts)\s+(?:(?P<verbish>been|got|not|a|an|the|our|your|my|their|this|that|"
    r"going|also|still|already|too)\b|(?P<adj>important|possible|impossible|clear|likely|"
    r"unlikely|necessary|essential|difficult|easy|hard|true|obvious|unclear|okay|fine)"
    r"(?=\s+(?:that|to|for|if|whether)\b|\s*[.!,;]|$)|(?P<worth>worth)(?=\s+(?:it|noting|"
    r"checking|mentioning|asking|the|a)\b))"
)
ITS_APOS = re.compile(rf"\b(?P<w>[Ii]t{APOS}s)\s+(?P<noun>[a-z-]+)\b")
WHOS = re.compile(rf"\b(?P<w>[Ww]ho{APOS}s)\s+(?P<noun>[a-z-]+)\b")
WHOSE = re.compile(
    r"\b(?P<w>[Ww]hose)\s+(?=(?:going|been|got|coming|calling|not|already|still|responsible|"
    r"available|in\s+charge)\b)"
)
THEYRE = re.compile(rf"\b(?P<w>[Tt]hey{APOS}re)\s+(?P<noun>[a-z-]+)\b")
THEIR = re.compile(
    rf"\b(?P<w>[Tt]heir)\s+(?:(?P<be>is|are|was|were|isn{APOS}t|aren{APOS}t|wasn{APOS}t|"
    rf"weren{APOS}t)\b|(?P<going>going\s+to|not\s+(?:available|able|sure|here|there|yet|in|at)|"
    r"coming\s+to)\b)"
)
THERE = re.compile(r"\b(?P<w>[Tt]here)\s+(?P<noun>[a-z-]+)\b")
LESS = re.compile(r"\b(?P<w>[Ll]ess)\s+(?P<noun>[a-z][a-z-]*[a-rt-z]s)\b(?!\s+than\s+\d)")
THEN = re.compile(
    r"\b(?P<cmp>more|less|rather|other|fewer|greater|better|worse|larger|smaller|higher|"
    r"lower|faster|slower|earlier|longer|shorter|cheaper|bigger|quicker|easier|harder)\s+"
    r"(?P<w>then)\b(?!\s*[.,;:!?)]|\s*$)",
    re.IGNORECASE,
)
RATHER_THEN = re.compile(
    rf"\b(?:would|{APOS}d)\s+rather\s+(?:[\w'’-]+\s+){{1,4}}?(?P<w>then)\b(?!\s*[.,;!?]|\s*$)",
    re.IGNORECASE,
)
CONDITIONAL = re.compile(r"\b(?:if|when|once|unless|whenever|after|before|until)\b", re.I)
AFFECT_NOUN = re.compile(
    r"\b(?P<pre>the|an|any|no|little|positive|negative|adverse|significant|serious|major|"
    r"lasting|direct|knock-on|side|this|that|its|same|real|big|great|small|minor)\s+"
    r"(?P<w>affects?)\b(?=\s+(?:of|on|are|is|were|was|will|may|should)\b|\s*[.,;!]|$)"
    r"|\b(?P<pre2>in|take|takes|took|taken|taking|into)\s+(?P<w2>affect)\b(?!\s+\w+ing)",
    re.IGNORECASE,
)
EFFECT_VERB = re.compile(
    rf"\b(?:will|would|could|may|might|can|cannot|can{APOS}t|won{APOS}t|not|to|does|did|do|"
    r"should|must|shall)\s+(?P<w>effect)\s+(?P<obj>(?P<pron>you|us|them|him|her|me)\b|your|our|"
    r"their|his|my)\b",
    re.IGNORECASE,
)
MODAL_OF = re.compile(
    r"\b(?P<w>(?P<modal>could|should|would|must|might|may|will)\s+of)\s+(?!course\b)"
    r"(?P<next>been|had|known|done|gone|seen|sent|made|taken|given|got|gotten|told|said|"
    r"thought|left|paid|lost|come|become|[a-z]+ed)\b",
    re.IGNORECASE,
)
ARTICLE = re.compile(r"(?<![\w'’.-])(?P<w>a|an|A|An)\s+(?P<next>[A-Za-z][a-z]+)(?P<tail>[\w-]*)")
ME_AND = re.compile(
    r"(?:(?<=^)|(?<=[.!?:;]\s)|(?<=\n))(?P<w>Me and (?P<np>(?:(?:my|our|the|his|her|their)\s+"
    r"[a-z]+(?:\s+[a-z]+)?|[A-Z][a-z]+|him|her|them)))\s+(?=(?:will|are|were|have|had|can|"
    r"could|would|should|shall|must|may|might|did|went|visited|called|wrote|spoke|met|agreed|"
    r"decided|want|would)\b)"
)
AND_ME = re.compile(
    r"(?:(?<=^)|(?<=[.!?:;]\s)|(?<=\n))(?P<np>(?:My|Our|The|His|Her|Their)\s+[a-z]+(?:\s+[a-z]+)?"
    r"|[A-Z][a-z]+)\s+and\s+(?P<w>me)\s+(?=(?:will|are|were|have|had|can|could|would|should|"
    r"shall|must|may|might|did|went|visited|called|wrote|spoke|met|agreed|decided)\b)"
)
YOU_AND_I = re.compile(
    r"\b(?i:between|for|to|with|from|like|against|about|of|by|among)\s+you\s+and\s+(?P<w>I)\b"
    r"(?!\s*(?:will|am|have|had|can|could|would|should|shall|must|may|might|did|agree|were|"
    r"are|was)\b)"
)
ADVICE_VERB = re.compile(
    r"\b(?:please|kindly|pls|will|shall|would|could|can|to|must|should|may)\s+"
    r"(?P<w>advice)\b(?=\s+(?:us|me|you|him|her|them|whether|if|that|when|what|how|on|of|"
    r"the|our|your|accordingly|urgently|asap)\b|\s*[.,;]|$)",
    re.IGNORECASE,
)
ADVISE_NOUN = re.compile(
    r"\b(?:your|our|the|some|any|good|expert|legal|professional|helpful|his|their|my|this|"
    r"financial|medical|free|practical|sound|no)\s+(?P<w>advise)\b"
    r"|\b(?:for|of)\s+(?P<w2>advise)\b(?!\s+(?:you|us|them|him|her|me|on|whether|that|if)\b)",
    re.IGNORECASE,
)
LOOSE = re.compile(
    rf"\b(?:to|will|would|could|may|might|can|cannot|can{APOS}t|won{APOS}t|not|don{APOS}t|"
    rf"didn{APOS}t|doesn{APOS}t|never|we|you|they|i|shall|should|must)\s+(?P<w>loose)\b"
    r"(?!\s+(?:fit|change|end|ends|connection|threads|leaf)\b)"
    r"|\b(?P<w2>loosing)\b",
    re.IGNORECASE,
)
HERE = re.compile(
    r"\b(?:forward|hope|hoping|hoped|pleased|glad|happy|sorry|delighted|sad|surprised|wait|"
    r"waiting|like|love|expect|expecting|able|unable|want|wanted|keen|eager|will|would|could|"
    rf"can|may|might|shall|should|did|didn{APOS}t|won{APOS}t|not|yet|to)\s+(?:to\s+)?"
    r"(?P<w>here)\s+(?=(?:from|about|back\s+from|of\s+your|that)\b)",
    re.IGNORECASE,
)
TO_TOO = re.compile(
    rf"\b(?:is|was|are|were|am|be|been|being|it{APOS}s|{APOS}m|{APOS}re|seems|seemed|looks|looked|far|much|"
    r"became|become|felt|got|not)\s+(?P<w>to)\s+(?P<adj>" + TOO_ADJECTIVES + r")\b"
    r"(?=\s*(?:[.!,;:]|$)|\s+(?:to|for|that|and|now|already|because)\b)"
    r"|\b(?:is|was|are|were|be|been|far)\s+(?P<w2>to)\s+(?P<adj2>many|much)\b",
    re.IGNORECASE,
)
TOO_TO = re.compile(
    r"\b(?P<w>too)\s+(?=(?:the|this|these|those|our|your|my|their|his|a|an|us|them|him|me)\b)",
    re.IGNORECASE,
)
ALOT = re.compile(r"\b(?P<w>[Aa]lot)\b")
IRREGARDLESS = re.compile(r"\b(?P<w>[Ii]rregardless)\b")
DOUBLE_NEGATIVE = re.compile(
    rf"\b(?P<neg>(?i:{NEGATIVES}))\s+(?:(?P<verb>[a-z]+)\s+)?(?P<obj>no(?:[ -]one)?|nothing|"
    r"nobody|none|nowhere)\b(?![.\d])(?!\s+(?:matter|doubt|less|longer|sooner|more\s+than|"
    r"later|fewer|earlier|exception)\b)"
)


PAD = 30  # look-aheads need this much text after a match; a window's last PAD chars are not
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower(text: str) -> str:
    """Return ``text`` in lower case with every offset unchanged."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(ASCII_LOWER)


def scan(
    full: re.Pattern[str], trigger: re.Pattern[str], text: str, low: str, back: int, fwd: int
) -> Iterator[re.Match[str]]:
    """Yield the matches of ``full`` near each hit of the fast ``trigger`` (on ``low``).

    ``full`` patterns start with word boundaries and alternations, which Python's regex engine
    tries at every position; ``trigger`` starts with a literal, which it finds with a fast
    scan. Only the windows around the trigger's hits are searched with ``full``.
    """
    seen: set[tuple[int, int]] = set()
    size = len(text)
    for hit in trigger.finditer(low):
        start, end = max(0, hit.start() - back), min(size, hit.end() + fwd + PAD)
        for m in full.finditer(text, start, end):
            if m.span() not in seen and (end == size or m.end() <= end - PAD):
                seen.add(m.span())
                yield m


# Fast triggers (a literal first): the patterns above are searched only around their hits.
_TRIGGERS: dict[re.Pattern[str], tuple[re.Pattern[str], int, int]] = {
    PRONOUN_AGREEMENT: (re.compile(r" (?:was|wasn|don)\b"), 8, 8),
    YOUR: (re.compile(r"your "), 2, 20),
    YOURE: (re.compile(r"you['’]re "), 2, 30),
    ITS: (re.compile(r"its "), 2, 30),
    ITS_APOS: (re.compile(r"it['’]s "), 2, 30),
    WHOS: (re.compile(r"who['’]s "), 2, 30),
    WHOSE: (re.compile(r"whose "), 2, 20),
    THEYRE: (re.compile(r"they['’]re "), 2, 30),
    THEIR: (re.compile(r"their "), 2, 30),
    THERE: (re.compile(r"there "), 2, 30),
    LESS: (re.compile(r"less "), 2, 40),
    THEN: (re.compile(r"then\b"), 16, 4),
    RATHER_THEN: (re.compile(r"rather "), 10, 60),
    AFFECT_NOUN: (re.compile(r"ffect"), 22, 10),
    EFFECT_VERB: (re.compile(r"effect "), 12, 12),
    MODAL_OF: (re.compile(r" of "), 8, 20),
    ARTICLE: (re.compile(r" an? "), 0, 40),
    ME_AND: (re.compile(r"me and "), 2, 60),
    AND_ME: (re.compile(r" and me "), 40, 30),
    YOU_AND_I: (re.compile(r"you and i\b"), 10, 40),
    ADVICE_VERB: (re.compile(r"advice"), 10, 20),
    ADVISE_NOUN: (re.compile(r"advise"), 16, 20),
    LOOSE: (re.compile(r"loos"), 12, 20),
    HERE: (re.compile(r"here "), 24, 30),
    TO_TOO: (re.compile(r" to (?:" + TOO_ADJECTIVES + r")\b"), 10, 20),
    TOO_TO: (re.compile(r"too "), 2, 10),
    ALOT: (re.compile(r"alot"), 2, 4),
    IRREGARDLESS: (re.compile(r"irregardless"), 2, 4),
    DOUBLE_NEGATIVE: (re.compile(r" no(?:thing|body|ne|where)?\b"), 40, 30),
}

# Keyed by identity: hashing a compiled pattern hashes its whole program on every call.
TRIGGERS = {id(full): value for full, value in _TRIGGERS.items()}


@dataclass(frozen=True)
class Finding:
    """One match of a rule, before the message is translated."""

    start: int
    end: int
    rule_id: str
    message: str
    suggestions: tuple[str, ...] = ()
    severity: str = WARNING
    values: tuple[tuple[str, str], ...] = ()


def _find(full: re.Pattern[str], text: str, low: str) -> Iterator[re.Match[str]]:
    """Yield the matches of one of this module's patterns, searched around its trigger."""
    trigger, back, fwd = TRIGGERS[id(full)]
    return scan(full, trigger, text, low, back, fwd)


def _cap(word: str, like: str) -> str:
    """Return ``word`` capitalised like ``like`` (first letter only)."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _left_word(text: str, pos: int) -> str:
    """Return the word just before ``pos`` (lower case), or a punctuation mark, or ""."""
    before = text[max(0, pos - 40) : pos].rstrip()
    if not before:
        return ""
    if not (before[-1].isalnum() or before[-1] in "'’"):
        return before[-1]
    match = re.search(r"[\w'’-]+$", before)
    return match.group().lower() if match else ""


def _clause_start(text: str, pos: int) -> bool:
    """Return whether ``pos`` starts a clause (after a stop, comma or a linking word)."""
    left = _left_word(text, pos)
    return left == "" or left in '.!?;:,("“—–-\n' or left in CLAUSE_WORDS


# -- rules -----------------------------------------------------------------------------------


def _plural_verb(verb: str) -> str:
    """Return the plural form of a singular verb ("was" -> "were", "shows" -> "show")."""
    base = verb.replace("’", "'").lower()
    if base in PLURAL_OF:
        return PLURAL_OF[base]
    if base.endswith("n't"):
        return PLURAL_OF.get(base[:-3], base[:-3]) + verb[-3:]
    if base.endswith("ies"):
        return base[:-3] + "y"
    if base.endswith(("shes", "ches", "sses", "xes")):
        return base[:-2]
    return base[:-1]


def _plural_noun(word: str) -> bool:
    """Return whether a lower-case word looks like a regular plural noun."""
    return (
        len(word) > 3 and word.islower() and word.endswith("s") and word not in SINGULAR_S
        and not word.endswith(("ss", "us", "is", "ous", "ics", "'s", "’s"))
    )  # fmt: skip


def _subject_before(tokens: list[str], head: int, most: int = 2) -> bool:
    """Return whether a determiner opens a clause before ``tokens[head]`` (``most`` modifiers)."""
    for det in range(head - 1, max(-1, head - 2 - most), -1):
        word = tokens[det].lower()
        if word in DETERMINER_WORDS or word.isdigit():
            mods = tokens[det + 1 : head]
            if any(w.lower() in FUNCTION_WORDS or not w[:1].isalnum() for w in mods):
                return False
            counted = (
                word in NUMERALS
                or word.isdigit()
                or any(w.isdigit() or w.lower() in NUMERALS for w in mods)
            )
            if counted and tokens[head] in UNITS:
                return False  # "five days is enough": a measure takes a singular verb
            left = tokens[det - 1].lower() if det > 0 else ""
            return (
                left == ""
                or not left[:1].isalnum()
                or left in CLAUSE_WORDS
                or (left in ("all", "both", "half") and word == "the")
            )
        if word in FUNCTION_WORDS or not word[:1].isalnum():
            return False
    return False


def _agreement(text: str, low: str) -> Iterator[Finding]:
    for m in AGREEMENT_VERB.finditer(low):
        start = m.start("verb")
        window = text[max(0, start - 160) : start]
        tokens = TOKEN.findall(window)
        if len(tokens) < 2 or not window.endswith((" ", "\t")) or not tokens[-1][0].isalnum():
            continue
        if len(window) == 160:
            tokens = tokens[1:]  # the first token may be cut
        heads = [len(tokens) - 1]  # the noun just before the verb ...
        for prep in range(len(tokens) - 2, max(0, len(tokens) - 6), -1):  # ... or before a phrase
            word = tokens[prep].lower()
            if word in PHRASE_PREPOSITIONS:
                heads.append(prep - 1)
                break
            if not word[:1].isalnum() or word in FUNCTION_WORDS - DETERMINER_WORDS - {"a", "an"}:
                break
        noun = next(
            (tokens[h] for h in heads if h >= 1 and _plural_noun(tokens[h])
             and _subject_before(tokens, h, 2 if h == len(tokens) - 1 else 0)), None,
        )  # fmt: skip
        if noun is None or tokens[-1].lower() in FUNCTION_WORDS:
            continue
        verb = text[start : m.end("verb")]
        fix = _plural_verb(verb)
        yield Finding(
            start, m.end("verb"), "grammar.en.agreement",
            "The subject '{subject}' is plural: write '{suggestion}', not '{word}'.",
            (fix,), values=(("subject", noun), ("word", verb), ("suggestion", fix)),
        )  # fmt: skip


def _pronoun_agreement(text: str, low: str) -> Iterator[Finding]:
    for m in _find(PRONOUN_AGREEMENT, text, low):
        if m.group("verb"):
            verb, subj = m.group("verb"), m.group("subj")
            if subj.lower() == "you" and _left_word(text, m.start()) in ("thank", "thanking"):
                continue
            fix, start, end = "were" + verb[3:], m.start("verb"), m.end("verb")
        else:
            verb, subj = m.group("verb2"), m.group("subj2")
            fix, start, end = "doesn" + verb[3:], m.start("verb2"), m.end("verb2")
        yield Finding(
            start, end, "grammar.en.agreement",
            "The subject '{subject}' needs '{suggestion}', not '{word}'.",
            (fix,), values=(("subject", subj), ("word", verb), ("suggestion", fix)),
        )  # fmt: skip


def _your_youre(text: str, low: str) -> Iterator[Finding]:
    message = "'{word}' means 'belonging to you': write '{suggestion}' (you are)."
    for m in _find(YOUR, text, low):
        word = m.group("w")
        fix = _cap("you're", word)
        yield Finding(m.start("w"), m.end("w"), "grammar.en.your_youre", message, (fix,),
                      values=(("word", word), ("suggestion", fix)))  # fmt: skip
    for m in _find(YOURE, text, low):
        noun = m.group("noun")
        if noun not in POSSESSED or noun in NOT_AFTER_YOURE:
            continue
        word = m.group("w")
        fix = _cap("your", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.your_youre",
            "'{word}' means 'you are': before a noun write '{suggestion}'.", (fix,),
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _its(text: str, low: str) -> Iterator[Finding]:
    for m in _find(ITS, text, low):
        word = m.group("w")
        nxt = text[m.end("w") :].lstrip()[:3].lower()
        fix = _cap("it has" if nxt.startswith(("bee", "got")) else "it's", word)
        fixes = (fix,) if fix.lower() == "it's" else (_cap("it's", word), fix)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.its_its",
            "'{word}' is possessive: for 'it is' or 'it has' write '{suggestion}'.", fixes,
            values=(("word", word), ("suggestion", fixes[0])),
        )  # fmt: skip
    for m in _find(ITS_APOS, text, low):
        noun = m.group("noun")
        if noun not in POSSESSED or noun in NOT_AFTER_ITS:
            continue
        word = m.group("w")
        fix = _cap("its", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.its_its",
            "'{word}' means 'it is': before a noun write the possessive '{suggestion}'.", (fix,),
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _whose(text: str, low: str) -> Iterator[Finding]:
    for m in _find(WHOS, text, low):
        noun = m.group("noun")
        if noun not in POSSESSED or noun in ("time", "home", "family", "staff"):
            continue
        word = m.group("w")
        fix = _cap("whose", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.whose_whos",
            "'{word}' means 'who is': before a noun write '{suggestion}'.", (fix,),
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip
    for m in _find(WHOSE, text, low):
        word = m.group("w")
        fix = _cap("who's", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.whose_whos",
            "'{word}' is possessive: for 'who is' or 'who has' write '{suggestion}'.", (fix,),
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _there_their(text: str, low: str) -> Iterator[Finding]:
    for m in _find(THEIR, text, low):
        word = m.group("w")
        fix = _cap("there" if m.group("be") else "they're", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.there_their",
            "'{word}' is possessive: write '{suggestion}' here.", (fix,),
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip
    for pattern in (THEYRE, THERE):
        for m in _find(pattern, text, low):
            noun, word = m.group("noun"), m.group("w")
            going = (
                pattern is THERE
                and noun == "going"
                and low.startswith(" to ", m.end())
                and not low.startswith(" to be", m.end())
            )
            if not going and (
                noun not in POSSESSED or noun in NOT_AFTER_THERE or noun in NOT_AFTER_YOURE
            ):
                continue
            if pattern is THERE and _left_word(text, m.start()) in (
                "is", "are", "was", "were", "be", "been", "being", "'s", "isn't", "wasn't",
                "aren't", "weren't", "here", "and", "from", "over", "in", "out", "up", "down",
                "back", "get", "got", "go", "went", "gone", "stay", "stayed", "it", "them",
            ):  # fmt: skip
                continue
            fix = _cap("they're" if going else "their", word)
            message = (
                "'{word}' is a place: for 'they are' write '{suggestion}'."
                if going
                else "Before a noun, the possessive is '{suggestion}', not '{word}'."
            )
            yield Finding(
                m.start("w"), m.end("w"), "grammar.en.there_their", message, (fix,),
                values=(("word", word), ("suggestion", fix)),
            )  # fmt: skip


def _less_fewer(text: str, low: str) -> Iterator[Finding]:
    for m in _find(LESS, text, low):
        noun = m.group("noun")
        if noun in SINGULAR_S or noun.endswith(("ss", "us", "is", "ous", "ics", "less", "ness")):
            continue
        if noun in UNITS and re.match(r"\s*than\b", text[m.end() :]):
            continue
        word = m.group("w")
        fix = _cap("fewer", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.less_fewer",
            "'{noun}' can be counted: write '{suggestion}', not '{word}'.", (fix,),
            values=(("noun", noun), ("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _then_than(text: str, low: str) -> Iterator[Finding]:
    for m in _find(THEN, text, low):
        sentence_start = max(text.rfind(p, 0, m.start()) for p in (".", "!", "?", "\n", ";"))
        if m.group("cmp").lower() not in ("rather", "other") and CONDITIONAL.search(
            text, sentence_start + 1, m.start()
        ):
            continue  # "if it costs more then we ..." reads as if ... then
        word = m.group("w")
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.then_than",
            "After a comparison write 'than', not 'then'.", (_cap("than", word),),
        )  # fmt: skip


def _rather_then(text: str, low: str) -> Iterator[Finding]:
    for m in _find(RATHER_THEN, text, low):
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.then_than",
            "After a comparison write 'than', not 'then'.", (_cap("than", m.group("w")),),
        )  # fmt: skip


def _affect_effect(text: str, low: str) -> Iterator[Finding]:
    for m in _find(AFFECT_NOUN, text, low):
        group = "w" if m.group("w") else "w2"
        word = m.group(group)
        fix = _cap("effect" + word[6:], word)
        yield Finding(
            m.start(group), m.end(group), "grammar.en.affect_effect",
            "'{word}' is the verb (to influence); the noun (a result) is '{suggestion}'.", (fix,),
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip
    for m in _find(EFFECT_VERB, text, low):
        word = m.group("w")
        fix = _cap("affect", word)
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.affect_effect",
            "To influence something is to '{suggestion}' it; 'effect' as a verb means to bring "
            "about.", (fix,), WARNING if m.group("pron") else HINT,
            values=(("word", word), ("suggestion", fix)),
        )  # fmt: skip


def _modal_of(text: str, low: str) -> Iterator[Finding]:
    for m in _find(MODAL_OF, text, low):
        if m.group("modal") == "May" or _left_word(text, m.start()) in ("the", "a", "its"):
            continue
        fix = m.group("modal") + " have"
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.modal_of",
            "Write '{suggestion}' ('{word}' is how it sounds, not how it is written).", (fix,),
            values=(("word", m.group("w")), ("suggestion", fix)),
        )  # fmt: skip


def _vowel_sound(word: str) -> bool | None:
    """Return whether a word starts with a vowel sound, or None when unsure."""
    low = word.lower()
    if low.startswith(SILENT_H):
        return True
    if low.startswith(VOWEL_LETTER_CONSONANT_SOUND):
        return False
    if not ONSET.match(low):
        return None  # "an sdist", "a url", "an html page": read letter by letter
    if low[0] in "aeio":
        return True
    if low[0] == "u":
        return None if word[0].isupper() else True
    if low[0] == "h" and low.startswith(AN_H_BRITISH):
        return None  # "an historic", "an hotel": accepted in British English
    return False


def _article(text: str, low: str) -> Iterator[Finding]:
    matches = list(_find(ARTICLE, text, low))
    first = ARTICLE.match(text) if low.startswith(("a ", "an ")) else None
    for m in ([first] if first else []) + matches:
        article, word, tail = m.group("w"), m.group("next"), m.group("tail")
        if len(word) < 2 or any(ch.isdigit() for ch in tail):
            continue
        if article[0] == "A" and not _clause_start(text, m.start()):
            continue  # "Plan A", "Type A eggs"
        if (
            word[0].isupper()
            and word.lower() not in ("hour", "honest", "honour")
            and (word[0] not in "AEIOU" or article.lower() == "an")
        ):
            continue  # names and brands: only "a" + vowel-initial capitalised word is judged
        vowel = _vowel_sound(word)
        if vowel is None:
            continue
        if article.lower() == "a" and vowel:
            fix = _cap("an", article)
        elif article.lower() == "an" and not vowel:
            fix = _cap("a", article)
        else:
            continue
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.a_an",
            "Write '{suggestion}' before '{next}' (the choice follows the sound, not the letter).",
            (fix,), values=(("suggestion", fix), ("next", word + tail)),
        )  # fmt: skip


def _me_and(text: str, low: str) -> Iterator[Finding]:
    for m in _find(ME_AND, text, low):
        np = m.group("np")
        fix = _cap(np, "X") + " and I"
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.me_and",
            "As the subject, write '{suggestion}' (others first, then 'I').", (fix,),
            values=(("suggestion", fix),),
        )  # fmt: skip
    for m in _find(AND_ME, text, low):
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.me_and",
            "As the subject, write '{suggestion}' (others first, then 'I').", ("I",),
            values=(("suggestion", "I"),),
        )  # fmt: skip
    for m in _find(YOU_AND_I, text, low):
        yield Finding(
            m.start("w"), m.end("w"), "grammar.en.me_and",
            "After a preposition write '{suggestion}', not 'I'.", ("me",),
            values=(("suggestion", "me"),),
        )  # fmt: skip


def _simple(pattern: re.Pattern[str], rule_id: str, message: str,
            fix: Callable[[str], str]) -> Callable[[str, str], Iterator[Finding]]:  # fmt: skip
    def rule(text: str, low: str) -> Iterator[Finding]:
        for m in _find(pattern, text, low):
            group = "w" if m.group("w") else "w2"
            word = m.group(group)
            suggestion = _cap(fix(word.lower()), word)
            yield Finding(m.start(group), m.end(group), rule_id, message, (suggestion,),
                          values=(("word", word), ("suggestion", suggestion)))  # fmt: skip

    return rule


def _double_negative(text: str, low: str) -> Iterator[Finding]:
    for m in _find(DOUBLE_NEGATIVE, text, low):
        verb = (m.group("verb") or "").lower()
        if verb in IDIOM_VERBS or verb in ("for", "to", "that", "with", "at", "in", "by"):
            continue
        obj = m.group("obj")
        fix = text[m.start() : m.start("obj")] + NEGATIVE_OBJECTS[obj.lower().replace(" ", " ")]
        yield Finding(
            m.start(), m.end(), "grammar.en.double_negative",
            "Two negatives cancel out in formal English: write '{suggestion}'.", (fix,),
            values=(("suggestion", fix),),
        )  # fmt: skip


def _singleton(pattern: re.Pattern[str], rule_id: str, message: str,
               fix: str) -> Callable[[str, str], Iterator[Finding]]:  # fmt: skip
    def rule(text: str, low: str) -> Iterator[Finding]:
        for m in _find(pattern, text, low):
            word = m.group("w")
            suggestion = _cap(fix, word)
            yield Finding(m.start("w"), m.end("w"), rule_id, message, (suggestion,),
                          values=(("word", word), ("suggestion", suggestion)))  # fmt: skip

    return rule


# -- more confusions (agreement across a clause, participles, adverbs, word pairs) ----------

PARTICIPLES = {
    "began": "begun", "went": "gone", "wrote": "written", "did": "done", "took": "taken",
    "gave": "given", "saw": "seen", "came": "come", "spoke": "spoken", "broke": "broken",
    "chose": "chosen", "forgot": "forgotten", "froze": "frozen", "stole": "stolen",
    "drove": "driven", "rode": "ridden", "rose": "risen", "threw": "thrown", "knew": "known",
    "grew": "grown", "flew": "flown", "ran": "run", "shook": "shaken", "tore": "torn",
    "wore": "worn", "ate": "eaten", "drank": "drunk", "sang": "sung", "swam": "swum",
    "hid": "hidden", "mistook": "mistaken", "undertook": "undertaken", "overtook": "overtaken",
}  # fmt: skip
PAST_PARTICIPLE = re.compile(
    r"\b(?:have|has|had|haven['’]t|hasn['’]t|hadn['’]t|[a-z]+['’]ve)\s+"
    r"(?:(?:already|just|not|never|recently|also|now|since|finally|yet|still)\s+)?"
    r"(?P<w>" + "|".join(PARTICIPLES) + r")\b",
    re.IGNORECASE,
)
RELATIVE_HEADS = words(
    "everything all what anything nothing something whatever money time whatever that which"
)
PLURAL_COUNT = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|numerous|"
    r"multiple|various|a few|a couple of|\d+"
)
THERE_IS_PLURAL = re.compile(
    rf"\b(?P<w>there['’]s|there is|there was|here['’]s|here is)\s+(?:{PLURAL_COUNT})\s+"
    r"(?:[a-z]+\s+)?(?P<noun>[a-z]+s)\b",
    re.IGNORECASE,
)
ADVERB_OF = {
    "good": "well", "bad": "badly", "quick": "quickly", "proper": "properly",
    "perfect": "perfectly", "smooth": "smoothly", "slow": "slowly", "poor": "poorly",
}  # fmt: skip
ADJECTIVE_FOR_ADVERB = re.compile(
    r"\b(?:work|works|worked|working|perform|performs|performed|performing|function|functions|"
    r"functioned|functioning|run|runs|running|behave|behaves|behaved|behaving|handled|sells|"
    r"sold|selling|went|goes|going)\s+(?:(?:very|really|so|quite|pretty)\s+)?"
    r"(?P<w>" + "|".join(ADVERB_OF) + r")(?=\s*[.,;:!?)]|\s+(?:now|again|today|so far|since|"
    r"and|but|together|with|for|in|at|on|this|last|all|overall|lately|recently)\b)",
    re.IGNORECASE,
)
EXCEPT_ACCEPT = re.compile(
    r"\b(?:we|i|they|you|will|would|can|cannot|can['’]t|could|do|does|did|not|gladly|happily|"
    r"also|please|kindly|now|only|still|no longer|always)\s+(?P<w>except)\s+(?=(?:all|any|"
    r"the|your|our|their|this|these|that|those|payment|payments|cash|cards?|credit|debit|"
    r"cheques?|checks?|returns?|responsibility|liability|delivery|orders?|an?|most|major|"
    r"bookings?|applications?|invitations?|apologies|apology)\b)",
    re.IGNORECASE,
)
PAST_MARKER = re.compile(
    r"\b(?:yesterday|last (?:night|week|month|year|time|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|weekend)|ago|earlier (?:today|this week)|in (?:19|20)\d\d)\b",
    re.IGNORECASE,
)
LEAD_TO = re.compile(
    r"\b(?P<before>[a-z]+)\s+(?P<w>lead)\s+(?:to|us|them|him|her)\b", re.IGNORECASE
)
NOT_BEFORE_LEAD = words(
    "will would can could may might must should shall to not did does do also often usually "
    "always generally typically never cannot i we you they who which that the a an to"
)
HAVE_LEAD = re.compile(
    r"\b(?:has|have|had)\s+(?P<w>lead)\s+(?=to|us|them|the way)\b", re.IGNORECASE
)
MYSELF_SUBJECT = re.compile(
    r"\b(?:and|or)\s+(?P<w>myself)\s+(?=(?:will|would|am|are|were|have|had|can|could|shall|"
    r"should|may|might|must|look|hope|remain|agreed|decided|met|visited|called|wrote)\b)",
    re.IGNORECASE,
)
MYSELF_OBJECT = re.compile(
    r"\b(?:contact|call|email|e-mail|phone|ask|tell|inform|reach|write to|speak to|"
    r"speak with|talk to|with|from|between|to|send|copy)\s+(?:[\w.’']+\s+){1,3}(?:or|and)\s+(?P<w>myself)\b",
    re.IGNORECASE,
)
AND_THAN = re.compile(r"\b(?:and|,)\s+(?P<w>than)\s+(?=(?:we|you|they|i|he|she|it|please|"
                      r"return|send|sign|call|contact|the|our|your)\b)", re.IGNORECASE)  # fmt: skip
PEOPLE = (
    "engineer|technician|customer|client|person|man|woman|employee|officer|manager|driver|"
    "agent|representative|doctor|nurse|teacher|student|applicant|candidate|caller|courier|"
    "inspector|supervisor|consultant|colleague|worker|tenant|patient|visitor|member|director|"
    "adviser|advisor|lawyer|accountant|assistant|operator|salesperson|landlord|neighbour|"
    "neighbor|people|customers|clients|employees|engineers|technicians|workers|tenants|"
    "members|staff members|drivers|couriers|officers|agents|colleagues"
)
WHICH_PERSON = re.compile(
    rf"\b(?:the|a|an|our|your|their|this|that|these|those|every|each|any)\s+(?:{PEOPLE})\s+"
    r"(?P<w>which)\s+(?=[a-z]+(?:ed|s)?\b)",
    re.IGNORECASE,
)
PLURAL_APOSTROPHE = re.compile(
    rf"\b(?:all|many|several|some|most|both|few|other|these|those|various|{PLURAL_COUNT})\s+"
    r"(?P<w>(?P<stem>[a-z]{3,})['’]s)\s+(?=(?:are|were|have|will|can|must|should|need|"
    r"placed|received|made|sent|arrive|arrived|ordered|listed|shown|paid|due|that|which|"
    r"from|in|on|at|for|of|before|after)\b)",
    re.IGNORECASE,
)
RELATIVE_AGREEMENT = re.compile(
    r"\b(?:the|these|those|all|both|many|several)\s+(?P<noun>[a-z]+s)\s+"
    r"(?:(?:you|we|they|i)\s+(?:[a-z]+ed|sent|bought|paid|made|left|brought|gave|took|"
    r"wrote|chose|saw|found|got|sent us|sent me)|(?:of|in|on|for|from|at|with|to)\s+"
    r"(?:the|your|our|this|their|that|my|his|her|its)\s+(?:[a-z]+\s+)?[a-z]+)\s+"
    r"(?P<verb>is|was|has|isn['’]t|wasn['’]t|hasn['’]t|shows|includes|confirms|indicates|"
    r"contains|requires|seems|appears|remains|needs)\b",
    re.IGNORECASE,
)

SINGULAR_OF = {"are": "is", "were": "was", "have": "has", "aren't": "isn't", "weren't": "wasn't",
               "haven't": "hasn't", "aren’t": "isn’t", "weren’t": "wasn’t", "haven’t": "hasn’t"}  # fmt: skip
ONE_OF = re.compile(
    r"\b(?:one|each|every one)\s+of\s+(?:the|our|your|their|these|those|its|his|her|my)\s+"
    r"(?:[a-z]+\s+)?(?P<noun>[a-z]+s)\s+(?P<verb>are|were|have|aren['’]t|weren['’]t|haven['’]t)\b",
    re.IGNORECASE,
)
TOGETHER_WITH = re.compile(
    r"\b(?:the|a|an|our|your|my|his|her|their)\s+(?:[a-z]+\s+)?(?P<noun>[a-z]+),\s+"
    r"(?:together with|along with|as well as|accompanied by|in addition to)\s+[^,.;]{1,40},\s+"
    r"(?P<verb>are|were|have|aren['’]t|weren['’]t|haven['’]t)\b",
    re.IGNORECASE,
)
GERUND_OF = {"hear": "hearing", "see": "seeing", "meet": "meeting", "receive": "receiving",
             "work": "working", "speak": "speaking", "welcome": "welcoming", "talk": "talking",
             "serve": "serving", "visit": "visiting", "discuss": "discussing", "help": "helping"}  # fmt: skip
LOOK_FORWARD = re.compile(
    r"\blook(?:s|ed|ing)?\s+forward\s+to\s+(?P<w>" + "|".join(GERUND_OF) + r")\b", re.IGNORECASE
)


def _singular_subject(text: str, low: str) -> Iterator[Finding]:
    for pattern in (ONE_OF, TOGETHER_WITH):
        for m in pattern.finditer(text):
            noun = m.group("noun").lower()
            if pattern is TOGETHER_WITH and (noun.endswith("s") or noun in FUNCTION_WORDS):
                continue  # "the managers, together with ..., are": plural already
            if pattern is ONE_OF and not _plural_noun(noun):
                continue
            verb = m.group("verb")
            fix = SINGULAR_OF[verb.lower()]
            yield Finding(m.start("verb"), m.end("verb"), "grammar.en.agreement",
                          "The subject is singular: write '{suggestion}'.", (fix,),
                          values=(("suggestion", fix),))  # fmt: skip


def _look_forward(text: str, low: str) -> Iterator[Finding]:
    for m in LOOK_FORWARD.finditer(text):
        fix = GERUND_OF[m.group("w").lower()]
        yield Finding(m.start("w"), m.end("w"), "grammar.en.look_forward",
                      "After 'look forward to' use the -ing form: '{suggestion}'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


def _participle(text: str, low: str) -> Iterator[Finding]:
    for m in PAST_PARTICIPLE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()].lower().split()
        if len(before) >= 2 and before[-2] in RELATIVE_HEADS:
            continue  # "everything we had went into it": "had" ends a relative clause
        word = m.group("w")
        fix = _cap(PARTICIPLES[word.lower()], word)
        yield Finding(m.start("w"), m.end("w"), "grammar.en.past_participle",
                      "After 'have', 'has' or 'had' use the past participle: '{suggestion}'.",
                      (fix,), values=(("suggestion", fix),))  # fmt: skip


def _there_is_plural(text: str, low: str) -> Iterator[Finding]:
    for m in THERE_IS_PLURAL.finditer(text):
        if not _plural_noun(m.group("noun").lower()):
            continue
        word = m.group("w")
        head = "There" if word[:1].lower() == "t" else "Here"
        verb = "were" if word.lower().endswith("was") else "are"
        fix = _cap(f"{head.lower()} {verb}", word)
        yield Finding(m.start("w"), m.end("w"), "grammar.en.agreement",
                      "Before a plural noun write '{suggestion}'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


def _adverb(text: str, low: str) -> Iterator[Finding]:
    for m in ADJECTIVE_FOR_ADVERB.finditer(text):
        word = m.group("w")
        if word.lower() == "bad" and re.match(r"(?i)went|goes|going", m.group()):
            continue  # "the milk went bad": an adjective after a linking verb
        if word.lower() == "good" and re.match(r"(?i)went|goes|going", m.group()):
            continue
        fix = ADVERB_OF[word.lower()]
        yield Finding(m.start("w"), m.end("w"), "grammar.en.adverb",
                      "To say how something is done use the adverb: '{suggestion}'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


def _except_accept(text: str, low: str) -> Iterator[Finding]:
    for m in EXCEPT_ACCEPT.finditer(text):
        fix = _cap("accept", m.group("w"))
        yield Finding(m.start("w"), m.end("w"), "grammar.en.accept_except",
                      "'except' means 'but not': to take or agree to is '{suggestion}'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


def _lead_led(text: str, low: str) -> Iterator[Finding]:
    for m in HAVE_LEAD.finditer(text):
        yield Finding(m.start("w"), m.end("w"), "grammar.en.lead_led",
                      "The past of 'lead' is '{suggestion}'.", ("led",),
                      values=(("suggestion", "led"),))  # fmt: skip
    for m in LEAD_TO.finditer(text):
        subject = m.group("before").lower()
        if subject in NOT_BEFORE_LEAD or subject.endswith("s"):
            continue  # "we lead", "to lead", "the changes lead to": a correct present
        sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()))
        before = text[sentence_start + 1 : m.start()]
        if PAST_MARKER.search(before) and not re.search(r"(?i)\b(?:will|would|can|may)\b", before):
            yield Finding(m.start("w"), m.end("w"), "grammar.en.lead_led",
                          "The past of 'lead' is '{suggestion}'.", ("led",),
                          values=(("suggestion", "led"),))  # fmt: skip


def _myself(text: str, low: str) -> Iterator[Finding]:
    for pattern, fix in ((MYSELF_SUBJECT, "I"), (MYSELF_OBJECT, "me")):
        for m in pattern.finditer(text):
            sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()))
            if re.search(r"\bI\b", text[sentence_start + 1 : m.start()]):
                continue  # "I ... for my wife and myself": reflexive
            yield Finding(m.start("w"), m.end("w"), "grammar.en.myself",
                          "'myself' needs an 'I' earlier in the sentence: write '{suggestion}'.",
                          (fix,), values=(("suggestion", fix),))  # fmt: skip


def _and_than(text: str, low: str) -> Iterator[Finding]:
    for m in AND_THAN.finditer(text):
        yield Finding(m.start("w"), m.end("w"), "grammar.en.then_than",
                      "For what comes next write '{suggestion}'.", ("then",),
                      values=(("suggestion", "then"),))  # fmt: skip


def _which_person(text: str, low: str) -> Iterator[Finding]:
    for m in WHICH_PERSON.finditer(text):
        fix = _cap("who", m.group("w"))
        yield Finding(m.start("w"), m.end("w"), "grammar.en.who_which",
                      "For people write '{suggestion}', not 'which'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


def _plural_apostrophe(text: str, low: str) -> Iterator[Finding]:
    for m in PLURAL_APOSTROPHE.finditer(text):
        fix = m.group("stem") + "s"
        yield Finding(m.start("w"), m.end("w"), "grammar.en.plural_apostrophe",
                      "A plural takes no apostrophe: write '{suggestion}'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


def _relative_agreement(text: str, low: str) -> Iterator[Finding]:
    for m in RELATIVE_AGREEMENT.finditer(text):
        if not _plural_noun(m.group("noun").lower()):
            continue
        verb = m.group("verb")
        fix = _plural_verb(verb)
        yield Finding(m.start("verb"), m.end("verb"), "grammar.en.agreement",
                      "The subject is plural: write '{suggestion}'.", (fix,),
                      values=(("suggestion", fix),))  # fmt: skip


Rule = tuple[tuple[str, ...], Callable[[str, str], Iterator[Finding]]]
# Each rule with the words that must occur (lower case) for it to be worth running.
RULES: tuple[Rule, ...] = (
    ((" was", " is", " has", " does", " shows", " says", "s ", "isn", "wasn", "hasn"),
     _agreement),
    ((" was", "wasn", "don"), _pronoun_agreement),
    (("your", "you're", "you’re"), _your_youre),
    (("its ", "it's ", "it’s "), _its),
    (("who's", "who’s", "whose"), _whose),
    (("their", "there", "they're", "they’re"), _there_their),
    (("less ",), _less_fewer),
    (("then",), _then_than),
    (("rather",), _rather_then),
    (("ffect",), _affect_effect),
    ((" of ",), _modal_of),
    (("a ", "an "), _article),
    (("me and", "and me", "you and i"), _me_and),
    (("advice",), _simple(ADVICE_VERB, "grammar.en.advice_advise",
                          "'advice' is the noun: the verb is '{suggestion}'.", lambda w: "advise")),
    (("advise",), _simple(ADVISE_NOUN, "grammar.en.advice_advise",
                          "'advise' is the verb: the noun is '{suggestion}'.", lambda w: "advice")),
    (("loos",), _simple(LOOSE, "grammar.en.loose_lose",
                        "'{word}' means not tight: to mislay or fail to keep is '{suggestion}'.",
                        lambda w: "losing" if w == "loosing" else "lose")),
    (("here ",), _singleton(HERE, "grammar.en.hear_here",
                            "'here' is a place: to receive news is to '{suggestion}'.", "hear")),
    ((" to ",), _simple(TO_TOO, "grammar.en.to_too",
                        "Before an adjective meaning 'excessively', write '{suggestion}'.",
                        lambda w: "too")),
    (("too ",), _singleton(TOO_TO, "grammar.en.to_too",
                           "'too' means 'also' or 'excessively': the preposition is "
                           "'{suggestion}'.", "to")),
    (("alot",), _singleton(ALOT, "grammar.en.alot",
                           "'{word}' is not a word: write '{suggestion}'.", "a lot")),
    (("irregardless",), _singleton(IRREGARDLESS, "grammar.en.irregardless",
                                   "'{word}' is non-standard: write '{suggestion}'.",
                                   "regardless")),
    ((" no",), _double_negative),
    (("s ",), _relative_agreement),
    ((" of ", "together with", "along with", "as well as", "accompanied by", "in addition to"),
     _singular_subject),
    (("forward to",), _look_forward),
    (("have", "has", "had", "'ve", "’ve"), _participle),
    (("there", "here"), _there_is_plural),
    (("good", "bad", "quick", "proper", "perfect", "smooth", "slow", "poor"), _adverb),
    (("except",), _except_accept),
    (("lead",), _lead_led),
    (("myself",), _myself),
    (("than",), _and_than),
    (("which",), _which_person),
    (("'s", "’s"), _plural_apostrophe),
)  # fmt: skip


def run_rules(
    rules: tuple[Rule, ...], item: CheckInput, category: Callable[[str], str]
) -> list[Issue]:
    """Run rules over a paragraph (shared with ``rules.id``): skip field values, one issue a span."""
    text = item.text
    low = lower(text)
    found: list[Issue] = []
    taken: list[tuple[int, int]] = []
    for keys, rule in rules:
        for key in keys:
            if key in low:
                break
        else:
            continue
        for f in rule(text, low):
            if f.end <= f.start or item.is_protected(f.start, f.end):
                continue
            if any(f.start < e and s < f.end for s, e in taken):
                continue  # two of our rules on one word: the first (more specific) wins
            taken.append((f.start, f.end))
            values = dict(f.values)
            message = _(f.message).format(**values) if values else _(f.message)
            found.append(
                Issue(f.start, f.end - f.start, category(f.rule_id), f.severity, f.rule_id,
                      message, "", f.suggestions)
            )  # fmt: skip
    found.sort(key=lambda i: (i.offset, i.length))
    return found


class EnglishRules:
    """English grammar rules run beside Harper (or LanguageTool) on every paragraph."""

    name = "builtin-en"

    def __init__(self, language: str) -> None:
        """Remember the variant (en or en-GB); both spellings are correct for every rule."""
        self.language = language

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the grammar issues of one paragraph (offsets relative to ``item.text``)."""
        if not item.text.strip():
            return []
        return run_rules(RULES, item, lambda _rule: CATEGORY)


def checker(language: str) -> EnglishRules:
    """Return the English rule set (``en`` or ``en-GB``)."""
    return EnglishRules(language)
