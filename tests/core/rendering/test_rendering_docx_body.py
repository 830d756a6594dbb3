"""The DOCX body written directly equals the body python-docx builds, for every body it takes."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.models import ListBlock, Paragraph, Run, Table
from desktop.core.rendering import docx
from desktop.core.rendering.samples import plain_letter, sample_document

_TEXT = st.text(
    alphabet=st.sampled_from(list("ab Zé\xa0\t\n\r&<>\"'{}*=#-\u00e3\u20ac\U0001f600\x01\ufffe")),
    max_size=12,
)
_RUN = st.builds(Run, text=_TEXT, bold=st.booleans(), italic=st.booleans())
_RUNS = st.lists(_RUN, max_size=4).map(tuple)
_BLOCK = st.one_of(
    st.builds(Paragraph, runs=_RUNS, heading=st.integers(min_value=0, max_value=4)),
    st.builds(ListBlock, items=st.lists(_RUNS, min_size=1, max_size=3).map(tuple)),
)


def _both(body: tuple[object, ...]) -> tuple[str | None, str]:
    """Return the body written directly (None if refused) and as python-docx builds it."""
    layout = docx._compiled("letter", (210, 297))
    doc = dataclasses.replace(plain_letter("en"), body=body)
    direct = docx._body_xml(layout.new_letter(), doc)
    built = docx._body(layout.new_letter(), doc).__html__()
    return (direct.__html__() if direct is not None else None), built


@settings(max_examples=300, deadline=None)
@given(body=st.lists(_BLOCK, max_size=5).map(tuple))
def test_docx_body_written_directly_equals_python_docx(body: tuple[object, ...]) -> None:
    """Paragraphs, headings and bullet lists of any runs: the same XML, character for character."""
    direct, built = _both(body)
    assert direct is not None
    assert direct == built


def test_docx_body_with_links_numbered_lists_or_tables_goes_through_python_docx() -> None:
    """Bodies the direct writer does not handle are left to python-docx."""
    link = Paragraph((Run("site", link="https://example.com/?a=1&b=2"),))
    numbered = ListBlock(((Run("one"),), (Run("two"),)), ordered=True)
    table = Table(rows=(((Run("a"),), (Run("b"),)),), header=True)
    for body in ((link,), (numbered,), (table,)):
        direct, _built = _both(body)
        assert direct is None


def test_docx_shipped_sample_bodies_are_written_directly_as_before() -> None:
    """The hostile sample letters and memos: direct where possible, equal to python-docx."""
    for kind in ("letter", "memo"):
        for language in ("en", "pt-BR", "id"):
            document = sample_document(kind, language)
            simple = tuple(
                b
                for b in document.body
                if isinstance(b, Paragraph) and not any(r.link for r in b.runs)
            )
            direct, built = _both(simple)
            assert direct == built
