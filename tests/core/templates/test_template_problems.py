"""A broken template file reports every problem it has, each with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.templates.catalog import Catalog, load_template, parse_template
from desktop.core.templates.frontmatter import TemplateProblems, problems_of

GOOD = """\
---
id: {id}
kind: letter
language: en
title: T
description: D
category: C
series: OUT
subject: "About {{{{ name }}}}"
fields:
  name: {{label: Name, type: text, required: true}}
  when: {{label: When, type: date}}
---
Dear {{{{ name }}}}, see you on {{{{ when }}}}.
"""

BROKEN = """\
---
id: broken
kind: leter
language: en
title: T
description: D
category: C
series: NOPE
subject: "About {{ name }"
fields:
  name: {label: Name, type: dat}
  when: {label: When, type: date, colour: red}
  amount: {label: Amount, type: text, pattern: "(["}
---
Dear {{ name }}, about {{ missing_field }}.
"""


def _write(folder: Path, family: str, text: str, language: str = "en") -> Path:
    path = folder / family / f"{language}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_every_problem_of_a_file_is_reported_with_its_line(tmp_path: Path) -> None:
    """Kind, each field spec, series, subject Jinja and body names: all, in file order."""
    path = _write(tmp_path, "broken", BROKEN)
    with pytest.raises(TemplateProblems) as info:
        load_template(path, shipped=False, series=["OUT", "CS"])
    problems = problems_of(info.value)
    found = {(p.line, p.message.split("'")[0] + p.message.split("'")[1]) for p in problems}
    expected_lines = {
        _line_of(path, "kind: leter"),
        _line_of(path, "name: {label"),
        _line_of(path, "colour"),
        _line_of(path, "pattern"),
        _line_of(path, "series: NOPE"),
        _line_of(path, "subject:"),
        _line_of(path, "missing_field"),
    }
    assert {p.line for p in problems} == expected_lines, found
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)
    assert all(p.file == str(path) for p in problems)
    text = info.value.describe()
    for needle in ("leter", "dat", "colour", "NOPE", "missing_field", "regular expression"):
        assert needle in text, needle
    assert text.count("\n") == len(problems)  # a heading, then one line per problem


def test_did_you_mean_for_types_kinds_and_keys(tmp_path: Path) -> None:
    """Near misses get the nearest known name."""
    path = _write(tmp_path, "broken", BROKEN)
    with pytest.raises(TemplateProblems) as info:
        load_template(path, shipped=False)
    messages = [p.message for p in problems_of(info.value)]
    assert any("'dat'" in m and "Did you mean 'date'?" in m for m in messages)
    assert any("'leter'" in m and "Did you mean 'letter'?" in m for m in messages)
    assert not any("NOPE" in m for m in messages)  # series not checked without a list


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("type: multline", "multiline"), ("type: choise", "choice"), ("type: Date", "date")],
)
def test_field_type_did_you_mean(tmp_path: Path, wrong: str, right: str) -> None:
    text = GOOD.format(id="fam").replace("type: date", wrong)
    with pytest.raises(TemplateError) as info:
        parse_template(text, tmp_path / "fam" / "en.md", shipped=False)
    assert f"Did you mean '{right}'?" in info.value.message
    assert info.value.line == 12


def test_a_misspelt_required_key_is_one_problem(tmp_path: Path) -> None:
    """'categroy:' is unknown (did you mean 'category') rather than also 'category' missing."""
    text = GOOD.format(id="fam").replace("category: C", "categroy: C")
    with pytest.raises(TemplateError) as info:
        parse_template(text, tmp_path / "fam" / "en.md", shipped=False)
    assert not isinstance(info.value, TemplateProblems)
    assert "Did you mean 'category'?" in info.value.message and info.value.line == 7


def test_a_single_problem_is_a_plain_template_error(tmp_path: Path) -> None:
    text = GOOD.format(id="fam").replace("{{ when }}", "{{ whenn }}")
    with pytest.raises(TemplateError) as info:
        parse_template(text, tmp_path / "fam" / "en.md", shipped=False)
    assert not isinstance(info.value, TemplateProblems) and info.value.line == 14


def test_unknown_series_is_reported_at_load_with_file_and_line(tmp_path: Path) -> None:
    text = GOOD.format(id="fam").replace("series: OUT", "series: OTU")
    path = _write(tmp_path / "user", "fam", text)
    catalog = Catalog.load(tmp_path / "user", tmp_path / "none", series=["OUT", "MEMO"])
    assert ("fam", "en") not in catalog.items
    [problem] = catalog.broken[("fam", "en")]
    assert problem.file == str(path) and problem.line == 8
    assert "OTU" in problem.message and "Did you mean 'OUT'?" in problem.message
    assert problem in catalog.problems


def test_catalog_keeps_broken_files_and_get_says_they_failed(tmp_path: Path) -> None:
    """The rest loads; get() of the broken one names every problem; a good file is unaffected."""
    user = tmp_path / "user"
    _write(user, "broken", BROKEN)
    _write(user, "fine", GOOD.format(id="fine"))
    catalog = Catalog.load(user, tmp_path / "none", series=["OUT"])
    assert catalog.get("fine", "en").title == "T"
    assert len(catalog.broken[("broken", "en")]) == 7
    assert len(catalog.problems) == 7
    with pytest.raises(TemplateError) as info:
        catalog.get("broken", "en")
    assert "failed to load (7 problem(s))" in info.value.describe()
    assert info.value.describe().count("\n") == 7
    assert info.value.template == "broken/en"


def test_a_fixed_user_file_overriding_a_broken_shipped_one_clears_it(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    _write(shipped, "fam", GOOD.format(id="fam").replace("type: date", "type: dat"))
    _write(user, "fam", GOOD.format(id="fam"))
    catalog = Catalog.load(user, shipped)
    assert catalog.get("fam", "en").shipped is False
    assert ("fam", "en") not in catalog.broken


def test_problems_stop_at_the_cap_and_say_so(tmp_path: Path) -> None:
    """A file with thousands of mistakes lists the first MAX_PROBLEMS, then says it stopped."""
    from desktop.core.templates.frontmatter import MAX_PROBLEMS

    bad = "".join(f"  f{i}: {{label: F, type: dat}}\n" for i in range(3000))
    text = GOOD.format(id="fam").replace(
        "  when: {label: When, type: date}\n", "  when: {label: When, type: date}\n" + bad
    )
    with pytest.raises(TemplateProblems) as info:
        parse_template(text, tmp_path / "fam" / "en.md", shipped=False)
    problems = info.value.errors
    assert len(problems) == MAX_PROBLEMS + 1
    assert [p.line for p in problems[:3]] == [13, 14, 15]
    assert "checking stopped after" in problems[-1].message
