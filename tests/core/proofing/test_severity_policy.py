"""The severity policy: what blocks depends on the kind of text and the organisation's settings.

Real proofer, real Hunspell dictionaries and house-style data; settings parsed from TOML text
the way ``settings.toml`` is.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from desktop.core.errors import SettingsError
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.proofing.model import Issue
from desktop.core.proofing.policy import DEFAULT_POLICY, apply_policy, build_policy
from desktop.core.settings import Settings, settings_from_dict

SHOUTING = "We will NOT accept returns after thirty days."
BLAMING = "You failed to include the receipt with your parcel."


def _rules(report, rule: str) -> list[Issue]:  # type: ignore[no-untyped-def]
    return [i for i in report.issues if i.rule_id == rule]


@pytest.mark.parametrize("kind", ["letter", "email"])
def test_customer_texts_block_shouting_and_blaming(shared_proofer: Proofer, kind: str) -> None:
    """In a letter or e-mail to a customer, shouting and blaming block issuing."""
    [shout] = _rules(shared_proofer.check_text(SHOUTING, "en", kind=kind), "style.shouting")
    [blame] = _rules(shared_proofer.check_text(BLAMING, "en", kind=kind), "style.blaming")
    assert shout.severity == blame.severity == "error"


@pytest.mark.parametrize(("kind", "blame"), [("snippet", "warning"), ("memo", "hint")])
def test_snippets_and_memos_only_warn(shared_proofer: Proofer, kind: str, blame: str) -> None:
    """The same words in a chat snippet or an internal memo do not block."""
    shout_report = shared_proofer.check_text(SHOUTING, "en", kind=kind)
    blame_report = shared_proofer.check_text(BLAMING, "en", kind=kind)
    assert [i.severity for i in _rules(shout_report, "style.shouting")] == ["warning"]
    assert [i.severity for i in _rules(blame_report, "style.blaming")] == [blame]
    assert not shout_report.blocking and not blame_report.blocking


def test_unknown_lowercase_word_blocks_in_every_kind(shared_proofer: Proofer) -> None:
    """A misspelt ordinary word blocks in letters, snippets and memos alike."""
    for kind in ("letter", "email", "snippet", "memo"):
        report = shared_proofer.check_text("We have recieved your parcel.", "en", kind=kind)
        assert [report.flagged(i) for i in report.blocking] == ["recieved"], kind


def _proofer_with(tmp_path: Path, toml: str) -> Proofer:
    settings = settings_from_dict(tomllib.loads(toml), base_dir=tmp_path)
    return Proofer(settings, AppPaths(tmp_path / "data").ensure())


def test_organisation_setting_changes_one_rule_and_keeps_the_rest(tmp_path: Path) -> None:
    """``[proofing.severity.customer]`` makes slang block; shouting still blocks by default."""
    proofer = _proofer_with(tmp_path, '[proofing.severity.customer]\n"style.informal" = "error"\n')
    slang = proofer.check_text("We are gonna fix this for you.", "en", kind="letter")
    assert [i.severity for i in _rules(slang, "style.informal")] == ["error"]
    shout = proofer.check_text(SHOUTING, "en", kind="letter")
    assert [i.severity for i in _rules(shout, "style.shouting")] == ["error"]
    memo = proofer.check_text("We are gonna fix this for you.", "en", kind="memo")
    assert [i.severity for i in _rules(memo, "style.informal")] == ["warning"]


def test_a_category_key_covers_its_rules(tmp_path: Path) -> None:
    """A category key (``style = "hint"``) applies to every rule of it without its own key."""
    proofer = _proofer_with(tmp_path, '[proofing.severity.memo]\nstyle = "error"\n')
    report = proofer.check_text("Thank you for your order!", "en", kind="memo")
    assert {i.rule_id: i.severity for i in report.issues}.get("style.exclamation") == "error"


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ('[proofing.severity.customer]\n"style.informal" = "fatal"\n', "fatal"),
        ('[proofing.severity.letters]\n"style.informal" = "error"\n', "letters"),
    ],
)
def test_invalid_policy_is_refused_by_name(tmp_path: Path, toml: str, needle: str) -> None:
    """An unknown severity or kind group is a settings error that names it."""
    with pytest.raises(SettingsError, match=needle) as caught:
        settings_from_dict(tomllib.loads(toml), base_dir=tmp_path)
    assert "proofing.severity" in caught.value.describe()


def test_policy_resolution_prefers_the_most_specific_key() -> None:
    """Rule id beats rule family beats category; no key keeps the checker's own severity."""
    policy = build_policy({"customer": {"placeholder.name": "warning", "grammar": "error"}})
    issues = [
        Issue(0, 1, "placeholder", "warning", "placeholder.unfilled", "m"),
        Issue(0, 1, "placeholder", "error", "placeholder.name", "m"),
        Issue(0, 1, "grammar", "warning", "grammar.en.its_its", "m"),
        Issue(0, 1, "typography", "warning", "typography.double_space", "m"),
    ]
    out = [i.severity for i in apply_policy(policy, "letter", issues)]
    assert out == ["error", "warning", "error", "warning"]
    assert DEFAULT_POLICY["customer"]["placeholder.unfilled"] == "error"
    assert "placeholder" not in DEFAULT_POLICY["customer"]  # placeholder.name keeps its warning
    assert Settings().proofing.severity == {}


def test_a_bare_letter_naming_its_addressee_and_signatory_is_not_blocked(tmp_path: Path) -> None:
    """``check`` of a letter without fields: the addressee's name is not a leftover placeholder.

    The signatory's name (from the organisation profile) in the text does not make the letter
    one with fields, and a named addressee is at most the name rule's warning, never a block.
    """
    text = (
        "Dear Ms Carter,\n\nWe have received your letter about order A-1001.\n\n"
        "With best regards,\n\nAna Ribeiro\n"
    )
    from desktop.core.settings import load_settings

    paths = AppPaths(tmp_path / "data").ensure()
    proofer = Proofer(load_settings(paths), paths)  # the sample profile: Ana Ribeiro signs
    report = proofer.check_text(text, "en", kind="letter")
    assert not report.blocking
    assert not [i for i in report.issues if i.rule_id == "placeholder.name"]
    unfilled = proofer.check_text("Dear [NAME],\n\nThank you.", "en", kind="letter")
    assert [i.severity for i in unfilled.issues if i.rule_id == "placeholder.unfilled"] == ["error"]
