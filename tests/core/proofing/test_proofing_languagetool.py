"""The LanguageTool adapter against a local HTTP server that speaks LanguageTool's /v2/check.

What this proves: the adapter sends the documented form fields (text, language with pt-BR kept
as pt-BR, disabledRules, level=picky) by POST to ``<url>/v2/check``; it maps a reply shaped
exactly like LanguageTool 6's JSON (matches with message, shortMessage, offset, length,
replacements, rule.id/description/issueType/category, context) to our issues at the right
offsets; it leaves LanguageTool's spelling (category TYPOS) to Hunspell; it caches per
paragraph; and it falls back to the built-in rules, with a notice, when the server is
unreachable, answers HTTP 500 or is slower than the timeout.

What it does not prove: that a real LanguageTool finds any particular mistake, that its rule
ids or JSON fields have not changed in a newer version, or how fast a real server is. The
server here is a stand-in at the real boundary (a remote service we cannot run here).
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.settings import ProofingSettings, Settings

LIMITED = "LanguageTool did not answer"


def _lt_reply(text: str, language: str) -> dict[str, Any]:
    """Build a reply shaped like LanguageTool 6.x for the phrases our fake rules know."""
    matches = []
    for needle, rule, category, issue_type, message, short, values in (
        ("an problem", "EN_A_VS_AN", ("MISC", "Miscellaneous"), "misspelling",
         "Use “a” instead of ‘an’ if the following word doesn’t start with a vowel sound.",
         "Wrong article", ["a"]),
        ("recieve", "MORFOLOGIK_RULE_EN_US", ("TYPOS", "Possible Typo"), "misspelling",
         "Possible spelling mistake found.", "Spelling mistake", ["receive"]),
        ("more better", "MORE_COMPARATIVE", ("GRAMMAR", "Grammar"), "grammar",
         "Double comparative.", "", ["better"]),
        ("a gente vamos", "CONCORDANCIA_A_GENTE", ("GRAMMAR", "Gramática"), "grammar",
         "Concordância: 'a gente vai'.", "Concordância", ["a gente vai"]),
    ):  # fmt: skip
        index = text.find(needle)
        if index < 0:
            continue
        matches.append(
            {
                "message": message,
                "shortMessage": short,
                "replacements": [{"value": v} for v in values],
                "offset": index,
                "length": len(needle),
                "context": {"text": text[:80], "offset": index, "length": len(needle)},
                "sentence": text,
                "type": {"typeName": "Other"},
                "rule": {
                    "id": rule,
                    "description": message,
                    "issueType": issue_type,
                    "category": {"id": category[0], "name": category[1]},
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    return {
        "software": {"name": "LanguageTool", "version": "6.4", "buildDate": "2024-03-28 14:17:26 +0000",
                     "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": language, "code": language,
                     "detectedLanguage": {"name": language, "code": language, "confidence": 0.99}},
        "matches": matches,
        "sentenceRanges": [[0, len(text)]],
    }  # fmt: skip


class FakeLanguageTool:
    """A local HTTP server answering /v2/check; ``mode`` is ok, error or slow."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[dict[str, str]] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8")))
                form["path"] = self.path
                fake.requests.append(form)
                if fake.mode == "slow":
                    fake.release.wait(10)
                if fake.mode == "error":
                    body = b"Error: Internal Server Error"
                    self.send_response(500)
                else:
                    body = json.dumps(_lt_reply(form["text"], form["language"])).encode()
                    self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_lt() -> Iterator[FakeLanguageTool]:
    """Run a fake LanguageTool server for one test."""
    server = FakeLanguageTool()
    yield server
    server.close()


def _proofer(tmp_path: Path, url: str, **options: Any) -> Proofer:
    proofing = ProofingSettings(languagetool_url=url, timeout_seconds=0.5, **options)
    return Proofer(Settings(proofing=proofing), AppPaths(tmp_path / "data"))


def test_languagetool_matches_become_issues(tmp_path: Path, fake_lt: FakeLanguageTool) -> None:
    """A grammar match maps to an issue at the same offset with its replacements."""
    proofer = _proofer(tmp_path, fake_lt.url)
    text = "Thank you.\n\nThe new box is more better for the order."
    report = proofer.check_text(text, "en", kind="memo")
    lt = [i for i in report.issues if i.rule_id.startswith("languagetool.")]
    assert [(i.rule_id, report.flagged(i), i.suggestions, i.category) for i in lt] == [
        ("languagetool.MORE_COMPARATIVE", "more better", ("better",), "grammar")
    ]
    assert report.notices == ()


def test_languagetool_spelling_left_to_hunspell(tmp_path: Path, fake_lt: FakeLanguageTool) -> None:
    """LanguageTool's TYPOS matches are dropped; Hunspell reports the word once."""
    report = _proofer(tmp_path, fake_lt.url).check_text("We recieve it.", "en", kind="memo")
    assert [i.rule_id for i in report.issues] == ["spelling.unknown"]


def test_languagetool_request_fields(tmp_path: Path, fake_lt: FakeLanguageTool) -> None:
    """pt-BR is sent as pt-BR, with picky level and disabled rules, to /v2/check."""
    proofer = _proofer(tmp_path, fake_lt.url + "/v2/", picky=True, disabled_rules=("A", "B"))
    report = proofer.check_text("Amanhã a gente vamos ligar.", "pt-BR", kind="memo")
    assert fake_lt.requests[0] == {
        "text": "Amanhã a gente vamos ligar.",
        "language": "pt-BR",
        "level": "picky",
        "disabledRules": "A,B",
        "path": "/v2/check",
    }
    # LanguageTool's match, or the built-in pt-BR rule that wins the same words in the merge
    ids = {i.rule_id for i in report.issues}
    assert ids & {"languagetool.CONCORDANCIA_A_GENTE", "grammar.pt.a_gente"}


def test_languagetool_caches_per_paragraph(tmp_path: Path, fake_lt: FakeLanguageTool) -> None:
    """Re-checking sends only the edited paragraph."""
    proofer = _proofer(tmp_path, fake_lt.url)
    first = "Thank you for writing.\n\nIt is more better now.\n\nWe will call."
    proofer.check_text(first, "en", kind="memo")
    assert len(fake_lt.requests) == 3
    proofer.check_text(first.replace("We will call.", "We will write."), "en", kind="memo")
    assert [r["text"] for r in fake_lt.requests[3:]] == ["We will write."]


def test_languagetool_not_used_for_indonesian(tmp_path: Path, fake_lt: FakeLanguageTool) -> None:
    """LanguageTool has no Indonesian: nothing is sent."""
    _proofer(tmp_path, fake_lt.url).check_text("Terima kasih.", "id", kind="memo")
    assert fake_lt.requests == []


def test_languagetool_url_from_environment(
    tmp_path: Path, fake_lt: FakeLanguageTool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MISSIVA_LANGUAGETOOL_URL is used when the setting is blank."""
    monkeypatch.setenv("MISSIVA_LANGUAGETOOL_URL", fake_lt.url)
    proofer = _proofer(tmp_path, "")
    proofer.check_text("It is more better.", "en", kind="memo")
    assert len(fake_lt.requests) == 1
    assert proofer.status()["languages"]["en"]["grammar"] == "languagetool"


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_languagetool_failure_falls_back(
    tmp_path: Path, fake_lt: FakeLanguageTool, mode: str
) -> None:
    """HTTP 500 or a reply slower than the timeout gives built-in rules and a notice."""
    fake_lt.mode = mode
    report = _proofer(tmp_path, fake_lt.url).check_text(
        "It is is more better.", "pt-BR", kind="memo"
    )
    assert any(LIMITED in n for n in report.notices)
    assert "grammar.repeated_word" in {i.rule_id for i in report.issues}
    assert not any(i.rule_id.startswith("languagetool.") for i in report.issues)


def test_languagetool_unreachable_falls_back(tmp_path: Path) -> None:
    """A server nobody listens on gives built-in rules and a notice, no exception."""
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{closed.server_address[1]}"
    closed.server_close()
    report = _proofer(tmp_path, url).check_text("We will will call.", "en", kind="memo")
    assert any(LIMITED in n for n in report.notices)
    assert "grammar.repeated_word" in {i.rule_id for i in report.issues}


def test_languagetool_cooldown_after_failure(tmp_path: Path, fake_lt: FakeLanguageTool) -> None:
    """After a failure the server is left alone for a while; checks say so and stay fast."""
    fake_lt.mode = "error"
    proofer = _proofer(tmp_path, fake_lt.url)
    proofer.check_text("Um texto.", "pt-BR", kind="memo")
    asked = len(fake_lt.requests)
    fake_lt.mode = "ok"
    report = proofer.check_text("Outro texto.", "pt-BR", kind="memo")
    assert len(fake_lt.requests) == asked
    assert any(LIMITED in n for n in report.notices)
