"""Property: any text in any language gives a report whose issues point inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.proofing import Proofer

PIECES = st.sampled_from(
    ["the", "The", "teh", "yang", "ação", "!!", "?!", " ", "  ", "\n\n", "(", ")", '"', "[NAME]",
     "{{ x }}", "ABC", "https://a.b/c", "a@b.co", "001/IX/2026", "😀", "мир", "Dear Sir,",
     "Yours sincerely,", ".", ",", " ,", "\t", "\x00", "Dengan hormat,", "ijin", "vc"]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map(" ".join))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, language=st.sampled_from(["en", "en-GB", "pt-BR", "id"]),
       kind=st.sampled_from(["letter", "memo", "email"]))  # fmt: skip
def test_check_text_any_input_gives_valid_report(
    shared_proofer: Proofer, text: str, language: str, kind: str
) -> None:
    """No input crashes the checker, and every issue lies within the text with a known kind."""
    report = shared_proofer.check_text(text, language, kind=kind)
    for issue in report.issues:
        assert 0 <= issue.offset <= issue.end <= len(text)
        assert issue.category in ("spelling", "grammar", "style", "typography", "placeholder")
        assert issue.severity in ("error", "warning", "hint")
    assert report.summary()["total"] == len(report.issues)
