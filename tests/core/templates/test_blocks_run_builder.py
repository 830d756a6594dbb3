"""The run builder reads value markers the same way whatever the text around them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.models import ORIGIN_TEMPLATE
from desktop.core.templates.blocks import _origin, _RunBuilder
from desktop.core.templates.engine import MARK_CLOSE, MARK_OPEN, MARK_SEP

NAMES = ("customer_name", "amount")


def _char_by_char(chunks: list[str]) -> list[tuple[str, str]]:
    """Read the markers one character at a time (the oracle); return text and origin of runs."""
    runs: list[tuple[str, str]] = []
    origin, reading, index, buffer = ORIGIN_TEMPLATE, False, "", ""

    def flush() -> None:
        nonlocal buffer
        if buffer:
            if runs and runs[-1][1] == origin:
                runs[-1] = (runs[-1][0] + buffer, origin)
            else:
                runs.append((buffer, origin))
        buffer = ""

    for char in "".join(chunks):
        if reading:
            if char == MARK_SEP:
                reading = False
                flush()
                origin = _origin(index, NAMES)
            else:
                index += char
        elif char == MARK_OPEN:
            flush()
            reading, index = True, ""
        elif char == MARK_CLOSE:
            flush()
            origin = ORIGIN_TEMPLATE
        else:
            buffer += char
    flush()
    return runs


@given(
    chunks=st.lists(
        st.text(alphabet=["a", " ", "é", "0", "1", MARK_OPEN, MARK_SEP, MARK_CLOSE]),
        max_size=6,
    )
)
def test_run_builder_reads_markers_like_the_character_rule(chunks: list[str]) -> None:
    """Any text in any chunks, markers nested or broken included, gives the oracle's runs."""
    builder = _RunBuilder(NAMES, [])
    for chunk in chunks:
        builder.text(chunk)
    assert [(run.text, run.origin) for run in builder.finish()] == _char_by_char(chunks)
