"""Grammar engines: LanguageTool over its HTTP API, Harper offline for English.

Order per language (decision record 0002): a LanguageTool server (``proofing.languagetool_url``
or ``MISSIVA_LANGUAGETOOL_URL``); a local LanguageTool when Java and LanguageTool are installed
(started through ``language-tool-python``); for English, Harper; otherwise only the built-in
rules, with a notice saying so. LanguageTool is spoken to directly over ``/v2/check`` so that
the timeout, the ``picky`` level and the disabled rules are ours to set.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from desktop.core.proofing.model import Issue

logger = logging.getLogger(__name__)

LANGUAGETOOL_URL_ENV = "MISSIVA_LANGUAGETOOL_URL"
LT_LANGUAGES = {"en": "en-US", "en-GB": "en-GB", "pt-BR": "pt-BR"}
LT_SKIPPED_CATEGORIES = frozenset({"TYPOS"})  # our Hunspell speller owns spelling
LT_TYPOGRAPHY = frozenset({"TYPOGRAPHY", "PUNCTUATION", "CASING", "WHITESPACE"})
LT_STYLE = frozenset({"STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "COLLOQUIALISMS", "WIKIPEDIA"})
HARPER_DISABLED = (
    "SpellCheck", "SentenceCapitalization", "RepeatedWords", "Spaces", "LongSentences",
    "UnclosedQuotes", "OxfordComma", "NoOxfordComma", "SpelledNumbers", "UseEllipsisCharacter",
    "Dashes", "NumericRangeEnDash", "AvoidContractions", "QuoteSpacing", "EllipsisLength",
)  # fmt: skip
HARPER_TYPOGRAPHY = frozenset({"Capitalization", "Formatting", "Punctuation"})
HARPER_STYLE = frozenset({"Style", "Readability", "Enhancement", "Redundancy", "Usage"})
HARPER_SKIPPED = frozenset({"Spelling"})


class GrammarUnavailable(Exception):
    """The grammar engine could not answer (down, HTTP error, timeout, bad reply)."""


class LanguageToolClient:
    """A client of LanguageTool's documented ``/v2/check`` API."""

    name = "languagetool"

    def __init__(
        self, url: str, *, timeout: float, picky: bool, disabled_rules: tuple[str, ...]
    ) -> None:
        """Remember the server (``http://host:8081`` or ``.../v2``) and the request options."""
        base = url.rstrip("/")
        if base.endswith("/v2"):
            base = base[:-3]
        self.url = base + "/v2/check"
        self.timeout = timeout
        self.picky = picky
        self.disabled_rules = disabled_rules

    def check(self, text: str, language: str) -> list[Issue]:
        """Check one paragraph; raise :class:`GrammarUnavailable` if the server fails."""
        import json  # imported here: the command line's start-up does not need HTTP
        import urllib.error
        import urllib.parse
        import urllib.request

        form = {"text": text, "language": LT_LANGUAGES[language]}
        if self.disabled_rules:
            form["disabledRules"] = ",".join(self.disabled_rules)
        if self.picky:
            form["level"] = "picky"
        body = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError, urllib.error.URLError) as exc:
            raise GrammarUnavailable(str(exc)) from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("matches"), list):
            raise GrammarUnavailable("the reply has no 'matches' list")
        return [i for i in (map_languagetool_match(m) for m in payload["matches"]) if i]


def map_languagetool_match(match: dict[str, Any]) -> Issue | None:
    """Turn one LanguageTool match into an issue (``None`` for spelling, which we own)."""
    try:
        rule = match.get("rule") or {}
        category = (rule.get("category") or {}).get("id", "")
        if category in LT_SKIPPED_CATEGORIES:
            return None  # LanguageTool's own spell checker; Hunspell with our word lists owns it
        if category in LT_TYPOGRAPHY or rule.get("issueType") in ("typographical", "whitespace"):
            ours, severity = "typography", "warning"
        elif category in LT_STYLE or rule.get("issueType") == "style":
            ours, severity = "style", "hint"
        else:
            ours, severity = "grammar", "warning"
        replacements = tuple(
            r["value"] for r in match.get("replacements", [])[:5] if isinstance(r, dict)
        )
        return Issue(
            offset=int(match["offset"]),
            length=int(match["length"]),
            category=ours,
            severity=severity,
            rule_id="languagetool." + str(rule.get("id", "UNKNOWN")),
            message=str(match.get("message") or match.get("shortMessage") or rule.get("description", "")),
            suggestions=replacements,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError):
        logger.warning("ignoring a malformed LanguageTool match: %r", match)
        return None


def configured_languagetool_url(setting: str) -> str:
    """Return the server URL from settings, else ``MISSIVA_LANGUAGETOOL_URL``, else ""."""
    return (setting or os.environ.get(LANGUAGETOOL_URL_ENV, "")).strip()


def local_languagetool_present() -> bool:
    """Return whether Java and a downloaded LanguageTool are on this machine."""
    import glob
    import shutil

    if shutil.which("java") is None:
        return False
    folder = os.environ.get("LTP_PATH") or str(Path.home() / ".cache" / "language_tool_python")
    return bool(glob.glob(os.path.join(folder, "LanguageTool-*", "languagetool-server.jar")))


def start_local_languagetool() -> Any | None:
    """Start a local LanguageTool server through language-tool-python; ``None`` on failure."""
    try:
        import language_tool_python

        return language_tool_python.LanguageTool("en-US")
    except Exception as exc:
        logger.warning("local LanguageTool did not start: %s", exc)
        return None


class HarperChecker:
    """Offline English grammar with Harper: one Linter per slot, so slots lint in parallel.

    Harper releases the GIL while linting, but one ``Linter`` must not be used by two threads
    at once; extra Linters share Harper's curated dictionary, so each costs ~30 ms and no
    memory to build. Each Linter remembers the sentences it has linted, so a caller that
    sends the same part of a letter to the same slot each time (the runner does: first half,
    second half) re-lints only the sentences that changed.

    The first Linter takes most of a second to build, and Harper releases the GIL meanwhile,
    so the Linters are built in a background thread started by the constructor: the caller
    loads its dictionary and runs its own checkers while Harper gets ready, and
    :meth:`check` waits for its slot's Linter.
    """

    name = "harper"

    def __init__(self, british: bool, linters: int = 1) -> None:
        """Start building the Linters in the background; raise ImportError without Harper."""
        import harper

        self._harper = harper
        self._dialect = harper.Dialect.BRITISH if british else harper.Dialect.AMERICAN
        count = max(1, linters)
        self._linters: list[Any] = [None] * count
        self._ready = [threading.Event() for _ in range(count)]
        self._locks = [threading.Lock() for _ in range(count)]
        self._failure: BaseException | None = None
        threading.Thread(target=self._build, name="harper-load", daemon=True).start()

    def _build(self) -> None:
        """Build every Linter in turn (the first is slow), marking each one ready."""
        try:
            for slot in range(len(self._linters)):
                linter = self._harper.Linter(dialect=self._dialect)
                config = linter.get_lint_config()
                for rule in HARPER_DISABLED:
                    if rule in config:
                        config[rule] = False
                linter.set_lint_config(config)
                self._linters[slot] = linter
                self._ready[slot].set()
        except Exception as exc:  # Harper is there but cannot build: grammar is skipped
            logger.warning("Harper's linter could not be built: %s", exc)
            self._failure = exc
        finally:
            for event in self._ready:
                event.set()

    def _linter(self, slot: int) -> Any:
        """Return the Linter of a slot once it is built (``None`` if building failed)."""
        self._ready[slot].wait()
        return self._linters[slot]

    def wait_ready(self) -> bool:
        """Wait until every Linter is built; return whether they all were."""
        return all(self._linter(slot) is not None for slot in range(len(self._linters)))

    @property
    def parallelism(self) -> int:
        """Return how many texts can be linted at the same time (one per slot)."""
        return len(self._linters)

    def clear_cache(self) -> None:
        """Forget what Harper remembers of texts linted before (it caches sentences).

        ``clear_words`` drops the words we never import and, with them, Harper's caches.
        """
        for slot, lock in enumerate(self._locks):
            linter = self._linter(slot)
            if linter is not None:
                with lock:
                    linter.clear_words()

    def check(self, text: str, language: str, slot: int = 0) -> list[Issue]:
        """Lint plain English text (one or more paragraphs) with the Linter of ``slot``."""
        slot %= len(self._linters)
        linter = self._linter(slot)
        if linter is None:
            return []
        with self._locks[slot]:
            lints = linter.lint(text, language="plaintext", dedup=False)
        found = []
        for lint in lints:
            kind = lint.lint_kind
            if kind in HARPER_SKIPPED:
                continue
            if kind in HARPER_TYPOGRAPHY:
                category, severity = "typography", "warning"
            elif kind in HARPER_STYLE:
                category, severity = "style", "hint"
            else:
                category, severity = "grammar", "warning"
            suggestions = tuple(s.replacement_text for s in lint.suggestions if s.replacement_text)
            span = lint.span
            found.append(
                Issue(
                    span.start, span.end - span.start, category, severity,
                    "harper." + kind.replace(" ", ""), lint.message, "", suggestions[:5],
                )
            )  # fmt: skip
        return found
