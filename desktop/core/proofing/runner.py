"""Run grammar engines over paragraphs with a per-paragraph cache.

LanguageTool paragraphs go out concurrently (a small thread pool) and the whole batch gives up
after the configured timeout, so a slow or broken server costs at most that long before the
built-in rules take over (and the server is left alone for a cool-down). Offline engines
(Harper) run in background threads while the caller runs our own checkers: the uncached
paragraphs are split into as many batches as the engine can lint at once (each call has a
fixed cost, so not one call per paragraph). Issues on numbers, references, URLs and e-mail
addresses are dropped per paragraph, before caching.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from desktop.core.proofing.grammar import LanguageToolClient
from desktop.core.proofing.merge import shift
from desktop.core.proofing.model import Issue
from desktop.core.proofing.text import code_ranges

CACHE_SIZE = 4096
COOLDOWN_SECONDS = 30.0
JOIN = "\n\n"
OFFLINE_WORKERS = 2
Key = tuple[str, str, str]


class GrammarRunner:
    """Cache and run grammar engines paragraph by paragraph; thread-safe."""

    def __init__(self) -> None:
        """Start with empty caches; the thread pool is created on first LanguageTool use."""
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str, str], tuple[Issue, ...]] = OrderedDict()
        self._executor: ThreadPoolExecutor | None = None
        self._offline: ThreadPoolExecutor | None = None
        self._down_until = 0.0

    def clear(self) -> None:
        """Forget every cached paragraph result."""
        with self._lock:
            self._cache.clear()

    def languagetool_up(self) -> bool:
        """Return whether LanguageTool is worth asking (not in a cool-down after a failure)."""
        return time.monotonic() >= self._down_until

    def _get(self, key: tuple[str, str, str]) -> tuple[Issue, ...] | None:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
            return found

    def _put(self, key: Key, issues: Sequence[Issue]) -> tuple[Issue, ...]:
        codes = code_ranges(key[2]) if issues else []
        kept = tuple(i for i in issues if not any(s < i.end and i.offset < e for s, e in codes))
        with self._lock:
            self._cache[key] = kept
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return kept

    def run_languagetool(
        self, lt: LanguageToolClient, lang: str, text: str, paras: list[tuple[int, int]]
    ) -> list[Issue] | None:
        """Check paragraphs on LanguageTool; ``None`` if it failed or timed out."""
        results: list[Issue] = []
        pending = {}
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(4, thread_name_prefix="languagetool")
            executor = self._executor
        for start, end in paras:
            key = (lt.name, lang, text[start:end])
            cached = self._get(key)
            if cached is not None:
                results += shift(cached, start)
            else:
                pending[executor.submit(lt.check, key[2], lang)] = (key, start)
        if pending:
            done, not_done = wait(pending, timeout=lt.timeout + 0.5)
            if not_done or any(f.exception() is not None for f in done):
                for future in not_done:
                    future.cancel()
                self._down_until = time.monotonic() + COOLDOWN_SECONDS
                return None
            for future in done:
                key, start = pending[future]
                results += shift(self._put(key, future.result()), start)
        return results

    def start_offline(
        self, engine: Any, lang: str, text: str, paras: list[tuple[int, int]]
    ) -> Callable[[], list[Issue]]:
        """Start an offline engine on the uncached paragraphs; return a call that waits for it.

        The engine works in background threads meanwhile (Harper releases the GIL), so the
        caller can run the other checkers; calling the returned function joins the threads
        and returns the issues of all paragraphs with offsets into ``text``. An engine with
        several slots gets one batch per slot, by where a paragraph sits in the text, so an
        edited paragraph goes back to the slot (Linter) that has its other sentences cached.
        """
        results: list[Issue] = []
        slots = max(1, getattr(engine, "parallelism", 1))
        batches: list[list[tuple[Key, int]]] = [[] for _ in range(slots)]
        for start, end in paras:
            key = (engine.name, lang, text[start:end])
            cached = self._get(key)
            if cached is not None:
                results += shift(cached, start)
            else:
                batches[_slot(start, end, len(text), slots)].append((key, start))
        work = [(slot, batch) for slot, batch in enumerate(batches) if batch]
        if not work:
            return lambda: results
        with self._lock:
            if self._offline is None:
                self._offline = ThreadPoolExecutor(OFFLINE_WORKERS, thread_name_prefix="grammar")
            executor = self._offline
        futures = [
            executor.submit(self._check_batch, engine, lang, batch, slot if slots > 1 else None)
            for slot, batch in work
        ]

        def finish() -> list[Issue]:
            for future, (_slot_number, batch) in zip(futures, work, strict=True):
                for (_key, start), found in zip(batch, future.result(), strict=True):
                    results.extend(shift(found, start))
            return results

        return finish

    def run_offline(
        self, engine: Any, lang: str, text: str, paras: list[tuple[int, int]]
    ) -> list[Issue]:
        """Check paragraphs with an offline engine and wait for the result."""
        return self.start_offline(engine, lang, text, paras)()

    def _check_batch(
        self, engine: Any, lang: str, batch: list[tuple[Key, int]], slot: int | None
    ) -> list[tuple[Issue, ...]]:
        """Lint a batch of paragraphs in one engine call; cache and return each one's issues."""
        starts: list[int] = []
        position = 0
        for key, _start in batch:
            starts.append(position)
            position += len(key[2]) + len(JOIN)
        joined = JOIN.join(key[2] for key, _start in batch)
        per_paragraph: list[list[Issue]] = [[] for _ in batch]
        lints = engine.check(joined, lang) if slot is None else engine.check(joined, lang, slot)
        for issue in lints:
            index = bisect.bisect_right(starts, issue.offset) - 1
            local = issue.offset - starts[index]
            if index >= 0 and local + issue.length <= len(batch[index][0][2]):
                per_paragraph[index] += shift([issue], -starts[index])
        return [
            self._put(key, found) for (key, _s), found in zip(batch, per_paragraph, strict=True)
        ]


def _slot(start: int, end: int, length: int, slots: int) -> int:
    """Return the slot of a paragraph: which part of the text (halves for two) it sits in."""
    return min(slots - 1, (start + end) * slots // (2 * length)) if length else 0
