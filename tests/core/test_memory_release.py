"""release_free_memory hands freed heap back to the system (glibc's malloc_trim)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from desktop.core.memory import release_free_memory

CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from desktop.core.memory import release_free_memory

    def rss_mb():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024

    # 80 MB in 2 KB blocks (above pymalloc's limit: they come from malloc), then free all but the
    # last, which pins the top of the heap so glibc cannot give the rest back on its own.
    blocks = [bytes(2048) for _ in range(40_000)]
    last = blocks[-1]
    del blocks
    before = rss_mb()
    assert release_free_memory()
    after = rss_mb()
    print(before, after, len(last))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_gives_freed_heap_back(tmp_path) -> None:
    """In a fresh interpreter, freed-but-held heap (~80 MB) leaves the resident set."""
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    before, after, _size = (float(v) for v in result.stdout.split())
    assert before - after > 40, (before, after)


def test_release_is_callable_twice() -> None:
    """The C library is looked up once; a second call works the same way."""
    first = release_free_memory()
    assert release_free_memory() is first
