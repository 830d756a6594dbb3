"""Benchmark proofing: load times, full and incremental checks, suggestions, memory, corpus.

Run ``uv run python bench/proofing.py``; prints one JSON object. Times are medians after a
warm-up, in milliseconds; ``*_cpu_ms`` are the same runs in process CPU time, which a busy
machine distorts less than wall-clock time. Targets (issue 3): full check of a one-page letter <= 30 ms, re-check
of one edited paragraph <= 5 ms, suggestions for one word <= 300 ms, spelling recall >= 0.9 and
at most one false positive per 300 words of the clean letters.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core" / "proofing"))

import proofing_corpus  # noqa: E402

from desktop.core.paths import AppPaths  # noqa: E402
from desktop.core.proofing import Proofer  # noqa: E402
from desktop.core.proofing.dictionaries import find_dictionary, system_dictionary_dirs  # noqa: E402
from desktop.core.settings import Settings  # noqa: E402

LANGUAGES = ("en", "pt-BR", "id")
CATEGORIES = ("spelling", "grammar", "style", "typography", "placeholder")
MISSPELT = {
    "en": ["recieve", "seperate", "definately", "acommodate", "guarentee"],
    "pt-BR": ["atrazada", "incoveniente", "reembolço", "compreenção", "endereso"],
    "id": ["pelangan", "permohonann", "dikirm", "terjdi", "kerjaa"],
}
RUNS = 40


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _letter(language: str) -> str:
    """Return a one-page letter (two clean corpus letters' bodies, about 330-400 words)."""
    letters = proofing_corpus.load(language)["clean_letters"]
    return letters[0]["text"].rstrip() + "\n\n" + letters[1]["text"].split("\n\n", 1)[1]


def _variant(text: str, n: int) -> str:
    """Return the letter with every paragraph changed (defeats the paragraph cache)."""
    return "\n\n".join(f"{p} (ref {n})" for p in text.split("\n\n"))


def bench_language(proofer: Proofer, language: str) -> dict[str, Any]:
    """Measure one language on a proofer that has already loaded it."""
    import hunspell

    found = find_dictionary(language, system_dictionary_dirs())
    load = []
    if found:
        for _ in range(3):
            start = time.perf_counter()
            hunspell.Hunspell(found[1], hunspell_data_dir=str(found[0]))
            load.append(time.perf_counter() - start)
    letter = _letter(language)
    for n in range(3):
        proofer.check_text(_variant(letter, -n), language)
    full, full_cpu = [], []
    for n in range(RUNS):
        text = _variant(letter, n)
        start, cpu = time.perf_counter(), time.process_time()
        proofer.check_text(text, language)
        full.append(time.perf_counter() - start)
        full_cpu.append(time.process_time() - cpu)
    base = _variant(letter, 10_000)
    proofer.check_text(base, language)
    paragraphs = base.split("\n\n")
    edit, edit_cpu = [], []
    for n in range(RUNS):
        changed = list(paragraphs)
        changed[2] = changed[2].replace("(ref 10000)", f"(edit {n})")
        text = "\n\n".join(changed)
        start, cpu = time.perf_counter(), time.process_time()
        proofer.check_text(text, language)
        edit.append(time.perf_counter() - start)
        edit_cpu.append(time.process_time() - cpu)
    suggest = []
    start = time.perf_counter()
    proofer.warm(language, suggestions=True)  # what the window does in the background
    first_suggestion = time.perf_counter() - start
    suggest_cpu = []
    for word in MISSPELT[language]:
        start, cpu = time.perf_counter(), time.process_time()
        proofer.suggest(word, language)
        suggest.append(time.perf_counter() - start)
        suggest_cpu.append(time.process_time() - cpu)
    score = proofing_corpus.score(proofer, language)
    false_positives = len(score.letter_false_positives)
    return {
        "dictionary": str(found[0] / found[1]) if found else None,
        "dictionary_load_ms": _median_ms(load) if load else None,
        "letter_words": len(letter.split()),
        "full_check_ms": _median_ms(full),
        "full_check_cpu_ms": _median_ms(full_cpu),
        "edited_paragraph_recheck_ms": _median_ms(edit),
        "edited_paragraph_recheck_cpu_ms": _median_ms(edit_cpu),
        "suggestions_ms": _median_ms(suggest),
        "suggestions_max_ms": round(max(suggest) * 1000, 1),
        "suggestions_cpu_ms": _median_ms(suggest_cpu),
        "suggestions_cpu_max_ms": round(max(suggest_cpu) * 1000, 1),
        "first_suggestion_cold_ms": round(first_suggestion * 1000, 1),
        "corpus": {
            c: {"recall": round(score.recall(c), 3), "precision": round(score.precision(c), 3)}
            for c in CATEGORIES
        },
        "corpus_missed": score.missed,
        "clean_letters": {
            "words": score.letter_words,
            "false_positives": false_positives,
            "per_300_words": round(false_positives * 300 / score.letter_words, 3),
        },
    }


def bench_harper() -> dict[str, Any]:
    """Measure Harper alone: construction in a fresh process, then lint time per sentence."""
    import harper

    probe = (
        "import time, harper; t = time.perf_counter(); harper.Linter(); "
        "print(time.perf_counter() - t)"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    construct = float(fresh.stdout.strip())
    linter = harper.Linter(dialect=harper.Dialect.AMERICAN)
    sentences = [s["text"] for s in proofing_corpus.load("en")["sentences"]]
    for text in sentences[:5]:
        linter.lint(text)
    times = []
    for text in sentences:
        start = time.perf_counter()
        linter.lint(text)
        times.append(time.perf_counter() - start)
    return {
        "construct_fresh_process_ms": round(construct * 1000, 1),
        "lint_per_sentence_ms": _median_ms(times),
    }


def main() -> None:
    """Run every measurement and print the JSON."""
    rss_start = _rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        proofer = Proofer(Settings(), AppPaths(Path(folder)))
        cold = {}
        for language in LANGUAGES:
            start = time.perf_counter()
            proofer.check_text("Ok.", language)
            cold[language] = round((time.perf_counter() - start) * 1000, 1)
        rss_loaded = _rss_mb()
        result: dict[str, Any] = {
            "python": sys.version.split()[0],
            "first_check_cold_ms": cold,
            "peak_rss_mb": {"before_loading": rss_start, "all_three_loaded": rss_loaded},
            "languages": {lang: bench_language(proofer, lang) for lang in LANGUAGES},
            "harper": bench_harper(),
        }
        result["peak_rss_mb"]["end"] = _rss_mb()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
