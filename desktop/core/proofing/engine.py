"""The proofer: one object per application that runs every checker and merges the results.

Texts are checked paragraph by paragraph, and each paragraph's result is cached, so re-checking
a letter after an edit re-runs only the edited paragraph (plus the cheap whole-letter rules).
Dictionaries, house styles and grammar engines are loaded on first use of a language and kept.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.core.errors import ProofingError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.paths import AppPaths
from desktop.core.proofing.dictionaries import (
    WordLists,
    abbreviations,
    find_dictionary,
    place_words,
    supplement_words,
    system_dictionary_dirs,
)
from desktop.core.proofing.documents import document_text
from desktop.core.proofing.grammar import (
    LT_LANGUAGES,
    HarperChecker,
    LanguageToolClient,
    configured_languagetool_url,
    local_languagetool_present,
    start_local_languagetool,
)
from desktop.core.proofing.house_style import HouseStyleChecker, load_house_style
from desktop.core.proofing.merge import merge_issues, shift
from desktop.core.proofing.model import CheckInput, Issue, ProofingReport
from desktop.core.proofing.policy import apply_policy, build_policy
from desktop.core.proofing.reply import reply_questions
from desktop.core.proofing.rules import RuleSet, builtin_rule_sets
from desktop.core.proofing.runner import GrammarRunner
from desktop.core.proofing.spelling import (
    RULE_PROBABLE_NAME,
    RULE_UNKNOWN,
    Speller,
    names_inside_sentences,
    probable_name_message,
)
from desktop.core.proofing.structure import StructureChecker
from desktop.core.proofing.text import HYPHENATED, paragraphs
from desktop.core.proofing.typography import TypographyChecker
from desktop.core.settings import Settings

LANGUAGE_ALIASES = {
    "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en-GB", "en_gb": "en-GB",
    "pt-br": "pt-BR", "pt_br": "pt-BR", "pt": "pt-BR", "id": "id", "id-id": "id", "id_id": "id",
    "in": "id",
}  # fmt: skip
CACHE_SIZE = 4096
HARPER_LINTERS = 2 if (os.cpu_count() or 1) > 1 else 1  # Harper lints in parallel threads
DOWN_NOTICE = "LanguageTool did not answer; grammar checked offline only, with fewer rules"
LIMITED_NOTICE = (
    "grammar checking is limited to Missiva's built-in rules; set MISSIVA_LANGUAGETOOL_URL to a "
    "LanguageTool server to enable it"
)
# The grammar engines (Harper: about 0.1 s of CPU per 1,000 characters) read at most this much
# of a text; spelling, house style and the built-in rules read all of it. 200,000 characters are
# some 60 pages: a letter never reaches it, a pasted 1 MB file is checked in bounded time.
ENGINE_TEXT_LIMIT = 200_000
ENGINE_LIMIT_NOTICE = (
    "the text is long: the grammar engine checked its first {limit} characters; spelling, house "
    "style and the built-in rules checked all of it"
)
BUILTIN_ONLY_NOTICE = (
    "grammar checked by Missiva's built-in rules only (no grammar engine exists for {language})"
)
RULE_MIXED_ENGLISH = "spelling.mixed_english"
MIXED_ENGLISH = (
    "This letter mixes British and US spellings ({words}): use one of them throughout, or "
    'set the organisation\'s English (english = "en-GB" or "en-US") in the profile.'
)
BRITISH_ENGLISH = ("en-GB", "en-AU", "en-IN")  # variants spelt with the British dictionary


def normalise_language(language: str) -> str:
    """Map "en", "en-GB", "pt-BR", "id" and their spellings to our codes; raise if unknown."""
    code = LANGUAGE_ALIASES.get((language or "").strip().lower())
    if code is None:
        raise ProofingError(
            f"unknown language '{language}'", hint="Use one of: en, en-GB, pt-BR, id."
        )
    return code


class Proofer:
    """Check texts and documents in en, en-GB, pt-BR and id; thread-safe, built once per app."""

    def __init__(
        self, settings: Settings, paths: AppPaths, *, system_dirs: Sequence[Path] | None = None
    ) -> None:
        """Remember settings and paths; everything heavy is loaded on first use.

        Args:
            settings: the application settings (``settings.proofing`` is used).
            paths: the data paths (personal dictionaries live in ``paths.dictionaries_dir``).
            system_dirs: the system dictionary folders; ``None`` searches the usual places.
        """
        self._settings = settings
        self._proofing = settings.proofing
        self._paths = paths
        self._system_dirs = system_dirs
        self._lock = threading.RLock()
        self._spellers: dict[str, Speller | None] = {}
        self._styles: dict[str, tuple[HouseStyleChecker, StructureChecker]] = {}
        self._rules: dict[str, tuple[RuleSet, ...]] = {}
        self._typography = TypographyChecker()
        self._words = WordLists(paths.dictionaries_dir)
        self._cache: OrderedDict[tuple[Any, ...], tuple[Issue, ...]] = OrderedDict()
        self._harper: dict[str, HarperChecker | None] = {}
        self._lt: LanguageToolClient | bool | None = None  # False: looked, none available
        self._lt_local: Any = None
        self._runner = GrammarRunner()
        self._organisation_values = _organisation_values(settings)
        self._policy = build_policy(settings.proofing.severity)
        self._organisation_words = value_words(
            (*self._organisation_values, *settings.organisation.address_lines,
             settings.organisation.footer)
        )  # fmt: skip
        self._english = getattr(settings.organisation, "english", "") or ""

    # -- loading -------------------------------------------------------------------------------

    def dictionary_dirs(self) -> list[Path]:
        """Return the dictionary search folders in order."""
        dirs = [Path(d).expanduser() for d in self._proofing.dictionary_dirs]
        dirs.append(self._paths.dictionaries_dir)
        if self._system_dirs is None:
            dirs += system_dictionary_dirs()
        else:
            dirs += list(self._system_dirs)
        return dirs

    def dictionary_key(self, language: str) -> str:
        """Return which dictionary spells ``language``: plain "en" follows the profile's English.

        The organisation profile's ``english`` ("en-GB", "en-US", "en-AU", "en-IN") picks the
        dictionary of plain ``en`` letters; with none set, ``en`` is spelt with US and British
        both (see :meth:`_speller`).
        """
        if language == "en" and self._english:
            return self._english
        return language

    def _speller(self, language: str) -> Speller | None:
        with self._lock:
            if language not in self._spellers:
                dirs = self.dictionary_dirs()
                found = find_dictionary(self.dictionary_key(language), dirs)
                alternate = None
                if language == "en" and not self._english:
                    alternate = find_dictionary("en-GB", dirs)  # both spellings are correct
                speller = None
                if found is not None:
                    speller = Speller(
                        language, found[0], found[1], supplement_words(language),
                        lambda: self._words.words(language),
                        alternate=alternate if alternate != found else None,
                        names=place_words(), abbreviations=abbreviations(language),
                    )  # fmt: skip
                self._spellers[language] = speller
            return self._spellers[language]

    def _style(self, language: str) -> tuple[HouseStyleChecker, StructureChecker]:
        with self._lock:
            if language not in self._styles:
                data = load_house_style(language)
                speller = self._speller(language)
                extra = tuple(self._proofing.extra_banned_words.get(language, ())) + tuple(
                    self._proofing.extra_banned_words.get(language.split("-")[0], ())
                    if language == "en-GB" else ()
                )  # fmt: skip
                is_word = (lambda w, s=speller: s.known(w)) if speller else None
                self._styles[language] = (
                    HouseStyleChecker(language, data, self._proofing.glossary, extra, is_word),
                    StructureChecker(data),
                )
            return self._styles[language]

    def _rule_sets(self, language: str) -> tuple[RuleSet, ...]:
        with self._lock:
            if language not in self._rules:
                self._rules[language] = builtin_rule_sets(language)
            return self._rules[language]

    def _languagetool(self) -> LanguageToolClient | None:
        with self._lock:
            if self._lt is None:
                url = configured_languagetool_url(self._proofing.languagetool_url)
                if not url and local_languagetool_present():
                    self._lt_local = start_local_languagetool()
                    url = getattr(self._lt_local, "url", "") or ""
                    url = url[: url.find("/v2")] if "/v2" in url else url
                self._lt = (
                    LanguageToolClient(
                        url,
                        timeout=self._proofing.timeout_seconds,
                        picky=self._proofing.picky,
                        disabled_rules=self._proofing.disabled_rules,
                    )
                    if url
                    else False
                )
            return self._lt if isinstance(self._lt, LanguageToolClient) else None

    def _harper_for(self, language: str) -> HarperChecker | None:
        with self._lock:
            if language not in self._harper:
                try:
                    british = self.dictionary_key(language) in BRITISH_ENGLISH
                    self._harper[language] = HarperChecker(british=british, linters=HARPER_LINTERS)
                except Exception:
                    self._harper[language] = None
            return self._harper[language]

    # -- checking ------------------------------------------------------------------------------

    def check_text(
        self,
        text: str,
        language: str,
        *,
        spans: Sequence[tuple[int, int, str]] = (),
        kind: str = "letter",
        reply_to_text: str | None = None,
        field_values: Mapping[str, str] | None = None,
        declared: Sequence[str] = (),
    ) -> ProofingReport:
        """Check a text; ``spans`` mark where parts came from (field values are never flagged).

        ``field_values`` (optional) are all the letter's field values, also those that do not
        appear in the text; the name rule uses them to tell a leftover name from a real one.
        Words the letter declares are never spelling mistakes: those of the field values, of
        the organisation profile, of ``template`` spans and of ``declared`` (texts such as the
        template's fixed text when the caller has no spans for it).
        """
        lang = normalise_language(language)
        text = text or ""
        protected = tuple(
            sorted(
                [(s, e) for s, e, o in spans if o.startswith("field:")]
                + _occurrences(text, self._organisation_values)
            )
        )
        values = tuple(text[s:e] for s, e in protected) + tuple(
            v for v in (field_values or {}).values() if v
        )
        has_fields = any(o.startswith("field:") for _s, _e, o in spans) or bool(field_values)
        notices: list[str] = []
        engine, lt, grammar_notice = self._grammar_engine(lang)  # Harper builds meanwhile
        speller = self._speller(lang)
        if speller is None:
            notices.append(_("spelling not checked for {language}").format(language=lang))
        style, structure = self._style(lang)
        issues: list[Issue] = []
        variants: list[tuple[int, str, str]] = []
        paras = paragraphs(text)
        engine_paras = [(s, e) for s, e in paras if e <= ENGINE_TEXT_LIMIT]
        if len(engine_paras) < len(paras) and (lt is not None or engine is not None):
            notices.append(
                _(ENGINE_LIMIT_NOTICE).format(limit=f"{ENGINE_TEXT_LIMIT:,}".replace(",", " "))
            )
        lt_results = self._runner.run_languagetool(lt, lang, text, engine_paras) if lt else None
        if lt is not None and lt_results is None:
            engine = self._harper_for(lang) if lang.startswith("en") else None
            grammar_notice = _(DOWN_NOTICE)
        if grammar_notice:
            notices.append(grammar_notice)
        offline = None
        if lt_results is None and engine is not None:  # Harper lints while our checkers run
            offline = self._runner.start_offline(engine, lang, text, engine_paras)
        for start, end in paras:
            local = tuple((max(s, start) - start, min(e, end) - start) for s, e in protected
                          if s < end and start < e)  # fmt: skip
            item = CheckInput(text[start:end], lang, kind, local, has_fields, values)
            issues += shift(self._check_paragraph(item, speller, style, structure), start)
            if speller is not None and speller.has_variants:
                variants += [(start + o, w, v) for o, w, v in speller.variant_words(item)]
        issues = names_used_elsewhere(
            self._without_known_words(issues, text, spans, field_values, declared),
            text,
            speller.near_stem if speller is not None else None,
        )
        issues += mixed_english(variants)
        issues += lt_results or (offline() if offline is not None else [])
        whole = CheckInput(text, lang, kind, protected, has_fields, values)
        issues += structure.check(whole)
        issues += self._typography.paragraph_starts(whole)
        issues += style.acronym_issues(whole)
        zones = structure.name_zones(whole)
        if zones:
            issues = [i for i in issues if not _name_in_zone(i, text, zones)]
        if reply_to_text:
            for question in reply_questions(reply_to_text, lang):
                notices.append(_("Answer the question: {question}").format(question=question))
        ran = ["languagetool"] if lt_results is not None else []
        if offline is not None and engine is not None:
            ran.append(str(engine.name))
        ran += [rules.name for rules in self._rule_sets(lang)]
        merged = merge_issues(apply_policy(self._policy, kind, issues), protected, spans)
        return ProofingReport(lang, text, tuple(merged), tuple(notices), tuple(ran))

    def _without_known_words(
        self,
        issues: list[Issue],
        text: str,
        spans: Sequence[tuple[int, int, str]],
        field_values: Mapping[str, str] | None,
        extra: Sequence[str] = (),
    ) -> list[Issue]:
        """Drop spelling issues on words the letter itself declares.

        Known are the words of the field values (wherever they occur: a surname repeated in
        the body), of the organisation profile (name, address, people, titles, units, city)
        and of the template's own fixed text (spans whose origin is ``template``).
        """
        if not any(i.rule_id in SPELLING_RULES for i in issues):
            return issues
        declared = [text[s:e] for s, e, o in spans if o.startswith("field:") or o == "template"]
        declared += [v for v in (field_values or {}).values() if v]
        declared += [v for v in extra if v]
        known = self._organisation_words | value_words(declared)
        return [
            i
            for i in issues
            if i.rule_id not in SPELLING_RULES or not _is_known(text[i.offset : i.end], known)
        ]

    def _check_paragraph(self, item: CheckInput, speller: Speller | None,
                         style: HouseStyleChecker, structure: StructureChecker) -> tuple[Issue, ...]:  # fmt: skip
        key = (item.language, item.kind, item.text, item.protected)  # values: whole-text rules
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        found: list[Issue] = []
        if speller is not None:
            found += speller.check(item, frozenset(self._proofing.glossary))
        found += self._typography.check(item, paragraph_start=False)
        found += style.check(item)
        found += structure.lengths(item)
        for rules in self._rule_sets(item.language):
            found += rules.check(item)
        result = tuple(found)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def _grammar_engine(self, lang: str) -> tuple[Any, LanguageToolClient | None, str]:
        """Return (offline engine, LanguageTool client, notice) for a language."""
        if lang == "id":
            return None, None, _(BUILTIN_ONLY_NOTICE).format(language="Indonesian")
        lt = self._languagetool() if lang in LT_LANGUAGES else None
        if lt is not None and self._runner.languagetool_up():
            return None, lt, ""
        notice = _(DOWN_NOTICE) if lt is not None else ""
        if lang.startswith("en"):
            harper = self._harper_for(lang)
            if harper is not None:
                return harper, None, notice
        return None, None, notice or _(LIMITED_NOTICE)

    def check_document(self, doc: Document, *, reply_to_text: str | None = None) -> ProofingReport:
        """Check a Document's subject, salutation, body and closing, skipping field values."""
        text, spans = document_text(doc)
        report = self.check_text(
            text,
            doc.language,
            spans=spans,
            kind=doc.kind,
            reply_to_text=reply_to_text,
            field_values=doc.field_values,
        )
        if doc.notices:  # warnings about the values (a date not after the letter's): never block
            report = replace(report, notices=(*report.notices, *doc.notices))
        return report

    def warm(self, language: str, *, suggestions: bool = False) -> None:
        """Load a language's dictionary, house style and grammar engine ahead of the first check.

        The window calls this in the background at start-up (pt-BR's dictionary takes about a
        second, Harper's English linter almost as long). With ``suggestions``, Hunspell's first
        (slowest) suggestion lookup is done too, so the first "suggest" the user asks for is fast.
        """
        lang = normalise_language(language)
        self._style(lang)
        self._grammar_engine(lang)
        speller = self._speller(lang)
        if suggestions and speller is not None:
            speller.suggest("xqzv")

    def clear_caches(self, *, engines: bool = False) -> None:
        """Forget cached results: paragraphs, grammar per paragraph and spelling look-ups.

        With ``engines``, Harper's own memory of texts it has linted is cleared too. Nothing
        needs this for correctness (caches are keyed by exact text and cleared when a word
        list changes); it lets the benchmark time a letter nothing has seen.
        """
        with self._lock:
            self._cache.clear()
            spellers = [s for s in self._spellers.values() if s is not None]
            harpers = [h for h in self._harper.values() if h is not None]
        self._runner.clear()
        for speller in spellers:
            speller.clear_cache()
        if engines:
            for harper in harpers:
                harper.clear_cache()

    # -- dictionaries --------------------------------------------------------------------------

    def suggest(self, word: str, language: str) -> list[str]:
        """Return spelling suggestions for one word (slow; call on demand)."""
        speller = self._speller(normalise_language(language))
        return speller.suggest(word) if speller else []

    def add_to_dictionary(self, word: str, language: str, *, scope: str = "personal") -> None:
        """Accept a word from now on (personal or organisation dictionary, persisted)."""
        self._words.add(word, normalise_language(language), scope)
        with self._lock:
            self._cache.clear()

    def ignore_all(self, word: str, language: str) -> None:
        """Never flag this word again in this language (persisted)."""
        self._words.add(word, normalise_language(language), "ignore")
        with self._lock:
            self._cache.clear()

    def status(self) -> dict[str, Any]:
        """Return dictionaries found or missing and the grammar engine, per language."""
        url = configured_languagetool_url(self._proofing.languagetool_url)
        local = not url and local_languagetool_present()
        languages: dict[str, Any] = {}
        for lang in ("en", "en-GB", "pt-BR", "id"):
            found = find_dictionary(self.dictionary_key(lang), self.dictionary_dirs())
            if lang in LT_LANGUAGES and (url or local):
                engine = "languagetool" if url else "languagetool-local"
            elif lang.startswith("en"):
                engine = "harper"
            else:
                engine = "built-in"
            languages[lang] = {
                "dictionary": str(found[0] / found[1]) if found else None,
                "spelling": found is not None,
                "grammar": engine,
            }
        return {"languagetool_url": url, "languages": languages}


NAME_RULES = frozenset({RULE_UNKNOWN, RULE_PROBABLE_NAME, "style.shouting", "style.acronym"})
SPELLING_RULES = frozenset({RULE_UNKNOWN, RULE_PROBABLE_NAME})


def value_words(values: Iterable[str]) -> frozenset[str]:
    """Return the words of some texts, case-folded, hyphenated ones whole and in parts."""
    found: set[str] = set()
    for value in values:
        for match in HYPHENATED.finditer(value):
            word = match.group().replace("’", "'").strip("'-").casefold()
            found.add(word)
            if "-" in word:
                found.update(part for part in word.split("-") if part)
    return frozenset(found)


def names_used_elsewhere(
    issues: list[Issue], text: str, near: Callable[[str], bool] | None = None
) -> list[Issue]:
    """Treat an unknown sentence-initial word as a name when the text uses it as a name.

    A capitalised unknown word at the start of a sentence may be a misspelling, so it is an
    error; but when the same word also stands capitalised inside a sentence of the letter
    ("We met Mr Wibisono. Wibisono agreed."), it is the same name: it gets the same treatment
    there (a hint when ``near`` says it looks like a misspelt word, otherwise nothing). A
    sentence-initial name already given a hint (not near any word) is dropped the same way.
    """
    unknown = [
        i for i in issues
        if i.rule_id in (RULE_UNKNOWN, RULE_PROBABLE_NAME) and text[i.offset].isupper()
    ]  # fmt: skip
    if not unknown:
        return issues
    inside = names_inside_sentences(text)
    names = inside | {text[i.offset : i.end] for i in issues if i.rule_id == RULE_PROBABLE_NAME}
    kept = []
    for i in issues:
        word = text[i.offset : i.end]
        if i.rule_id == RULE_PROBABLE_NAME and near is not None and not near(word):
            if word in inside:
                continue  # a sentence-initial name the letter also uses as a name: known
            kept.append(i)
        elif i.rule_id != RULE_UNKNOWN or word not in names:
            kept.append(i)
        elif near is None or near(word):
            kept.append(replace(i, severity="hint", rule_id=RULE_PROBABLE_NAME,
                                message=probable_name_message(word)))  # fmt: skip
    return kept


def _is_known(word: str, known: frozenset[str]) -> bool:
    folded = word.casefold()
    if folded in known:
        return True
    parts = [p for p in folded.split("-") if p]
    return len(parts) > 1 and all(p in known for p in parts)


def mixed_english(variants: Sequence[tuple[int, str, str]]) -> list[Issue]:
    """Return hints on the less used spelling when a text mixes British and US spellings.

    ``variants`` are (offset, word, "US"/"British") in text order. The variant with fewer
    occurrences is marked (on a tie, the one used second); the message names the words of both.
    """
    labels = {label for _o, _w, label in variants}
    if len(labels) < 2:
        return []
    counts = {label: sum(1 for v in variants if v[2] == label) for label in labels}
    order = [label for _o, _w, label in variants]
    marked = min(labels, key=lambda label: (counts[label], -order.index(label)))
    named = "; ".join(
        f"{label}: " + ", ".join(dict.fromkeys(w for _o, w, v in variants if v == label))
        for label in ("British", "US")
    )
    message = _(MIXED_ENGLISH).format(words=named)
    return [
        Issue(offset, len(word), "spelling", "hint", RULE_MIXED_ENGLISH, message)
        for offset, word, label in variants
        if label == marked
    ]


def _name_in_zone(issue: Issue, text: str, zones: list[tuple[int, int]]) -> bool:
    """Return whether an issue is a capitalised word in a letter's address or signature block."""
    if issue.rule_id not in NAME_RULES or not text[issue.offset : issue.end][:1].isupper():
        return False
    return any(start <= issue.offset < end for start, end in zones)


def _organisation_values(settings: Settings) -> tuple[str, ...]:
    """Return the profile's names and contacts: data in letters, like field values."""
    org = settings.organisation
    values = [org.name, org.city, org.email, org.website, org.phone, *org.units.values(),
              *org.address_lines]  # fmt: skip
    for person in org.signatories:
        values += [person.name, person.title]
    return tuple(sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True))


def _occurrences(text: str, values: tuple[str, ...]) -> list[tuple[int, int]]:
    """Return the ranges where any of the values occurs in the text."""
    found = []
    for value in values:
        start = text.find(value)
        while start >= 0:
            found.append((start, start + len(value)))
            start = text.find(value, start + len(value))
    return found
