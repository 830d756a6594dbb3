"""Run grammar engines over paragraphs with a per-paragraph cache.

LanguageTool paragraphs go out concurrently (a small thread pool) and the whole batch gives up
after the configured timeout, so a slow or broken server costs at most that long before the
built-in rules take over (and the server is left alone for a cool-down). Offline engines
(Harper) get all uncached paragraphs in one call, because each call has a fixed cost.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from desktop.core.proofing.grammar import LanguageToolClient
from desktop.core.proofing.merge import shift
from desktop.core.proofing.model import Issue

CACHE_SIZE = 4096
COOLDOWN_SECONDS = 30.0
JOIN = "\n\n"


class GrammarRunner:
    """Cache and run grammar engines paragraph by paragraph; thread-safe."""

    def __init__(self) -> None:
        """Start with empty caches; the thread pool is created on first LanguageTool use."""
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str, str], tuple[Issue, ...]] = OrderedDict()
        self._executor: ThreadPoolExecutor | None = None
        self._down_until = 0.0

    def languagetool_up(self) -> bool:
        """Return whether LanguageTool is worth asking (not in a cool-down after a failure)."""
        return time.monotonic() >= self._down_until

    def _get(self, key: tuple[str, str, str]) -> tuple[Issue, ...] | None:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
            return found

    def _put(self, key: tuple[str, str, str], issues: tuple[Issue, ...]) -> None:
        with self._lock:
            self._cache[key] = issues
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

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
                found = tuple(future.result())
                self._put(key, found)
                results += shift(found, start)
        return results

    def run_offline(
        self, engine: Any, lang: str, text: str, paras: list[tuple[int, int]]
    ) -> list[Issue]:
        """Check paragraphs with an offline engine: uncached ones together in one call."""
        results: list[Issue] = []
        misses: list[tuple[tuple[str, str, str], int]] = []
        for start, end in paras:
            key = (engine.name, lang, text[start:end])
            cached = self._get(key)
            if cached is not None:
                results += shift(cached, start)
            else:
                misses.append((key, start))
        if not misses:
            return results
        starts: list[int] = []
        position = 0
        for key, _start in misses:
            starts.append(position)
            position += len(key[2]) + len(JOIN)
        joined = JOIN.join(key[2] for key, _start in misses)
        per_paragraph: list[list[Issue]] = [[] for _ in misses]
        for issue in engine.check(joined, lang):
            index = bisect.bisect_right(starts, issue.offset) - 1
            local = issue.offset - starts[index]
            if index >= 0 and local + issue.length <= len(misses[index][0][2]):
                per_paragraph[index] += shift([issue], -starts[index])
        for (key, start), found in zip(misses, per_paragraph, strict=True):
            self._put(key, tuple(found))
            results += shift(found, start)
        return results
