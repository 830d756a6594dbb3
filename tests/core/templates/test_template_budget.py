"""Templates run under a budget: each attack ends with a TemplateError naming file, line, limit.

The template files are real files in a real user template folder, loaded by the catalog and
rendered by ``compose``; nothing of ours is mocked. The memory test runs the same attacks in a
child process whose address space is capped, proving memory stays bounded (a render that built
its gigabyte first would die there, or report running out of memory instead of the limit).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.settings import OrganisationProfile
from desktop.core.templates import Catalog, body_to_plain_text, compose
from desktop.core.templates.engine import check_source, generate, render
from desktop.core.templates.limits import (
    MAX_OUTPUT_CHARS,
    MAX_SECONDS,
    PREVIEW_SECONDS,
    Budget,
    time_limit,
)
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate

TODAY = dt.date(2026, 11, 22)
VALUES = {"customer_name": "Ana", "order_number": "A-1", "items": ["one", "two"]}
TIME = "longer than"
TEXT = "over the limit of 1,000,000"
ITEMS = "over the limit of 10,000"
OUTPUT = "output exceeds 2 MB"
QUICK = 1.0  # the wall-time attacks need not wait the full budget to prove it stops them

# (body, what the message must say). Each body is one line: the error names the body's line.
ATTACKS: list[tuple[str, str]] = [
    ("{{ 'x' * 10**9 }}", TEXT),
    ("{{ 10**9 * 'x' }}", TEXT),
    ("{{ [1] * 10**9 }}", ITEMS),
    ("{{ [1, 2] * 6000 }}", ITEMS),
    ("{{ ['x' * 100000] * 1000 }}", TEXT),
    ("{{ range(10**9) | list }}", ITEMS),
    ("{% for i in range(10**9) %}{% endfor %}", ITEMS),
    ("{{ range(10**30) }}", ITEMS),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", TIME),
    (
        "{% set l = range(10000)|list %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
        TIME,
    ),
    ("{{ lipsum(n=100000) }}", "lipsum()"),
    ("{{ lipsum(n=3, max=100000) }}", "lipsum()"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "nests too deeply"),
    (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
        TIME,
    ),
    (
        "{% macro m() %}{{ caller() }}{% endmacro %}"
        "{% macro r() %}{% call m() %}{{ r() }}{% endcall %}{% endmacro %}{{ r() }}",
        "nests too deeply",
    ),
    ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "nests too deeply"),
    ("{{ '{:>1000000000}'.format(1) }}", TEXT),
    ("{{ '{:{}}'.format(1, 1000000000) }}", TEXT),
    ("{{ '{:.1000000000f}'.format(1.5) }}", TEXT),
    ("{{ '{0:>900000}{0:>900000}'.format(1) }}", TEXT),
    ("{{ '%1000000000s' % 'x' }}", TEXT),
    ("{{ '%*s' % (1000000000, 'x') }}", TEXT),
    ("{{ '%.1000000000f' % 1.5 }}", TEXT),
    ("{{ '%s' | format('x' * 999999) ~ 'yy' }}", TEXT),
    ("{{ 9 ** (9 ** 9) }}", "over the limit of 16,384"),
    ("{{ (10 ** 4000) * (10 ** 4000) }}", "over the limit of 16,384"),
    ("{{ 'x' | center(1000000000) }}", TEXT),
    ("{{ 'x'.center(1000000000) }}", TEXT),
    ("{{ 'x'.ljust(1000000000) }}", TEXT),
    ("{{ ('\\t' * 1000).expandtabs(100000) }}", TEXT),
    ("{{ (10).to_bytes(1000000000, 'big') }}", TEXT),
    ("{{ ('a\\n' * 300000) | indent(1000) }}", TEXT),
    ("{{ ('x y ' * 100000) | wordwrap(1, wrapstring='z' * 1000) }}", TEXT),
    ("{{ ('a' * 900000) | replace('', 'bb') }}", TEXT),
    ("{{ range(10000) | map('string') | join('x' * 100000) }}", TEXT),
    ("{{ ''.join(range(10000) | map('string') | map('center', 1000)) }}", TEXT),
    ("{{ [1] | batch(1000000000, 0) | list }}", ITEMS),
    ("{{ range(10) | slice(1000000000) | list }}", ITEMS),
    ("{{ range(100) | list | tojson(indent=1000) }}", "indent"),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        TEXT,
    ),
    (
        "{% set ns = namespace(l=[], m=[]) %}{% for i in range(60) %}"
        "{% set ns.l = [ns.l, ns.l] %}{% set ns.m = [ns.m, ns.m] %}{% endfor %}{{ ns.l == ns.m }}",
        TEXT,
    ),
    (
        "{% set ns = namespace(l=[]) %}{% for i in range(3000) %}"
        "{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l }}",
        "levels deep",
    ),
    ("{% for i in range(10000) %}{{ 'abcdefghij' * 1000 }}{% endfor %}", OUTPUT),
    (
        "{% set x %}{% for i in range(10000) %}{{ 'y' * 1000 }}{% endfor %}{% endset %}{{ x }}",
        OUTPUT,
    ),
    (
        "{% macro m() %}{% for i in range(10000) %}{% filter center(900000) %}x{% endfilter %}"
        "{% endfor %}{% endmacro %}{{ m() | length }}",
        OUTPUT,
    ),
    ("{% for i in range(10000) %}" + "literal text " * 2000 + "{% endfor %}", OUTPUT),
]


def _body_line(path: Path) -> int:
    """Return the file line of the body's first line (after the closing '---')."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines) if line == "---"][1] + 2


@pytest.mark.parametrize(("body", "expected"), ATTACKS, ids=[a[0][:48] for a in ATTACKS])
def test_attack_ends_with_a_template_error_naming_file_line_and_limit(
    body: str,
    expected: str,
    write_template: WriteTemplate,
    tmp_path: Path,
    org_profile: OrganisationProfile,
) -> None:
    path = write_template(body=body + "\n")
    catalog = Catalog.load(tmp_path / "templates", tmp_path / "none")
    assert catalog.problems == []  # loading never runs the body
    template = catalog.get("test-letter", "en")
    with pytest.raises(TemplateError) as caught, time_limit(QUICK):
        compose(template, VALUES, org_profile, today=TODAY)
    error = caught.value
    assert expected in error.message
    assert "out of memory" not in error.message
    assert error.file == str(path)
    assert error.template == "test-letter/en"
    assert error.line == _body_line(path)
    assert "test-letter/en" in error.describe()


def test_error_in_a_later_body_line_and_in_a_part_names_that_line(
    write_template: WriteTemplate, tmp_path: Path, org_profile: OrganisationProfile
) -> None:
    path = write_template(body="Dear customer,\n\nThank you.\n{{ 'x' * 10**9 }}\n")
    template = Catalog.load(tmp_path / "templates", tmp_path / "none").get("test-letter", "en")
    with pytest.raises(TemplateError) as caught:
        compose(template, VALUES, org_profile, today=TODAY)
    assert caught.value.line == _body_line(path) + 3

    front = BASE_FRONT.format(id="part-letter", language="en").replace(
        '  closing: "Yours sincerely,"', '  closing: "{{ range(10**9) | list }}"'
    )
    path = write_template("part-letter", front=front, body="Hello.\n")
    template = Catalog.load(tmp_path / "templates", tmp_path / "none").get("part-letter", "en")
    with pytest.raises(TemplateError) as caught:
        compose(template, VALUES, org_profile, today=TODAY)
    closing_line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index('  closing: "{{ range(10**9) | list }}"')
    )
    assert caught.value.line == closing_line + 1
    assert ITEMS in caught.value.message


def test_one_document_shares_one_output_budget_across_its_parts(
    write_template: WriteTemplate, tmp_path: Path, org_profile: OrganisationProfile
) -> None:
    """Each render stays under the limit, the document as a whole does not."""
    front = BASE_FRONT.format(id="parts-letter", language="en").replace(
        '  closing: "Yours sincerely,"', "  closing: \"{{ 'c' * 900000 }}\""
    )
    write_template("parts-letter", front=front, body="{{ 'b' * 900000 }}{{ 'b' * 300000 }}\n")
    template = Catalog.load(tmp_path / "templates", tmp_path / "none").get("parts-letter", "en")
    with pytest.raises(TemplateError) as caught:
        compose(template, VALUES, org_profile, today=TODAY)
    assert OUTPUT in caught.value.message


def test_within_the_limits_loops_macros_filters_and_formatting_work(
    write_template: WriteTemplate, tmp_path: Path, org_profile: OrganisationProfile
) -> None:
    body = textwrap.dedent(
        """\
        {% macro twice() %}{% for i in range(2) %}ab{% endfor %}{% endmacro %}
        {% set ns = namespace(total=0) %}
        {% for i in range(1, 101) %}{% set ns.total = ns.total + i %}{% endfor %}
        Total {{ ns.total }}, {{ twice() }}, {{ items | join(' and ') }}.

        {{ '%05d' | format(42) }} {{ '{:>6}'.format('r') }} {{ 'x' * 3 }} {{ 2 ** 10 }}
        {{ 'mid' | center(9) }} {{ ([1, 2] + [3]) | sum }} {{ lipsum(1, min=5, max=20) | length > 0 }}
        """
    )
    write_template(body=body)
    template = Catalog.load(tmp_path / "templates", tmp_path / "none").get("test-letter", "en")
    doc = compose(template, VALUES, org_profile, today=TODAY)
    text = body_to_plain_text(doc)
    assert "Total 5050, abab, one and two." in text
    assert "00042 r xxx 1024 mid 6 \u2713" in " ".join(text.split())


def test_a_big_but_legal_document_renders(
    write_template: WriteTemplate, tmp_path: Path, org_profile: OrganisationProfile
) -> None:
    body = "{% for i in range(2000) %}Line {{ i }} of the long annex.\n\n{% endfor %}"
    write_template(body=body)
    template = Catalog.load(tmp_path / "templates", tmp_path / "none").get("test-letter", "en")
    doc = compose(template, VALUES, org_profile, today=TODAY)
    assert len(doc.body) == 2000


def test_render_without_budget_argument_uses_a_fresh_budget_and_plain_text_counts() -> None:
    where = {"template": "t/en"}
    source = check_source("{{ 'x' * 10 }}", declared=set(), where=where, first_line=1)
    assert "xxxxxxxxxx" in render(generate(source), {}, template_key="t/en")
    budget = Budget(output_chars=5)
    with pytest.raises(TemplateError) as caught:
        render(generate("plain text longer than five"), {}, template_key="t/en", budget=budget)
    assert "output exceeds" in caught.value.message


def test_preview_time_limit_shortens_the_budget_and_never_lengthens_it() -> None:
    assert Budget().seconds == MAX_SECONDS
    with time_limit(PREVIEW_SECONDS):
        assert Budget().seconds == PREVIEW_SECONDS
    with time_limit(MAX_SECONDS * 10):
        assert Budget().seconds == MAX_SECONDS
    assert Budget().output_chars == MAX_OUTPUT_CHARS


def test_template_code_never_runs_outside_a_render() -> None:
    """Constant folding at load time would run filters: they refuse to run without a budget."""
    from desktop.core.templates.engine import ENVIRONMENT
    from desktop.core.templates.limits import BudgetExceeded

    with pytest.raises(BudgetExceeded):
        ENVIRONMENT.filters["center"](None, "x", 10)


_MEMORY_CHILD = """
import datetime as dt, json, resource, sys
from pathlib import Path
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from desktop.core.errors import TemplateError
from desktop.core.settings import load_settings
from desktop.core.paths import AppPaths
from desktop.core.templates import Catalog, compose
from desktop.core.templates.limits import time_limit
root = Path(sys.argv[1])
profile = load_settings(AppPaths(root / "data")).organisation
catalog = Catalog.load(root / "templates", root / "none")
print(json.dumps({"problems": [p.describe() for p in catalog.problems]}), flush=True)
for template in catalog.templates():
    values = {"customer_name": "Ana", "order_number": "A-1", "items": ["one"]}
    try:
        with time_limit(1.0):
            compose(template, values, profile, today=dt.date(2026, 11, 22))
        result = "rendered"
    except TemplateError as exc:
        result = exc.message
    print(json.dumps({"id": template.id, "result": result}), flush=True)
"""


def _address_space_in_use() -> int:
    """Return the address space of a child Python that imported the template code (bytes)."""
    probe = (
        "import desktop.core.templates, desktop.core.settings, resource;"
        "print(open('/proc/self/status').read())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    peak = next(line for line in out.splitlines() if line.startswith("VmPeak:"))
    return int(peak.split()[1]) * 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_attacks_stay_within_a_capped_address_space(
    write_template: WriteTemplate, tmp_path: Path
) -> None:
    """With the address space capped at what Python needs plus 400 MB, every attack is refused
    by its limit: none builds its gigabyte first (that would fail with MemoryError).
    """
    for index, (body, _expected) in enumerate(ATTACKS):
        write_template(f"attack-{index:02d}", body=body + "\n")
    write_template("good-letter")
    cap = _address_space_in_use() + 400 * 1024 * 1024
    repo = Path(__file__).resolve().parents[3]
    completed = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(tmp_path), str(cap)],
        capture_output=True,
        text=True,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = [json.loads(line) for line in completed.stdout.splitlines()]
    assert lines[0] == {"problems": []}
    results = {line["id"]: line["result"] for line in lines[1:]}
    assert results.pop("good-letter") == "rendered"
    assert len(results) == len(ATTACKS)
    for index, (_body, expected) in enumerate(ATTACKS):
        assert expected in results[f"attack-{index:02d}"], (index, results[f"attack-{index:02d}"])
