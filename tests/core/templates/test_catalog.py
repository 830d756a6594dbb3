"""The catalog: what loads, what is reported as a problem, and how templates are found."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.settings import OrganisationProfile
from desktop.core.templates import Catalog, compose, parse_template
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate


def test_catalog_variants_with_different_fields_are_a_problem(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A pt-BR variant lacking a field and typing another differently is reported, yet loads."""
    write_template("letter-a", "en")
    front = BASE_FRONT.format(id="letter-a", language="pt-BR")
    front = front.replace("  items: {label: Items, type: list}\n", "")
    front = front.replace("{label: Amount, type: money}", "{label: Valor, type: number}")
    write_template("letter-a", "pt-BR", front=front, body="Pedido {{ order_number }}.\n")
    catalog = Catalog.load(None, tmp_path / "templates")
    assert sorted(catalog.variants("letter-a")) == ["en", "pt-BR"]
    (problem,) = catalog.problems
    assert problem.template == "letter-a/pt-BR"
    assert "lacks 'items'" in problem.message
    assert "'amount' is number" in problem.message and "en has money" in problem.message


def test_catalog_templates_filter_and_sort(tmp_path: Path, write_template: WriteTemplate) -> None:
    """templates() filters by language and kind and sorts by category, then title."""
    for template_id, title, category in [
        ("b", "Zeta", "A"),
        ("a", "Alpha", "B"),
        ("c", "Beta", "A"),
    ]:
        front = BASE_FRONT.format(id=template_id, language="en")
        front = front.replace("title: Test letter", f"title: {title}")
        front = front.replace("category: Tests", f"category: {category}")
        write_template(template_id, "en", front=front)
    write_template("d", "id")
    catalog = Catalog.load(None, tmp_path / "templates")
    assert [t.title for t in catalog.templates(language="en")] == ["Beta", "Zeta", "Alpha"]
    assert [t.id for t in catalog.templates(language="id")] == ["d"]
    assert catalog.templates(kind="memo") == []
    assert catalog.families() == ["a", "b", "c", "d"]


def test_catalog_unknown_id_lists_known_and_suggests(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """An unknown id suggests the closest family and lists the known ones."""
    write_template("refund-approved")
    write_template("payment-reminder")
    catalog = Catalog.load(None, tmp_path / "templates")
    with pytest.raises(TemplateError) as info:
        catalog.get("refund-aproved", "en")
    hint = info.value.hint or ""
    assert "Did you mean 'refund-approved'?" in hint
    assert "payment-reminder" in hint


def test_catalog_broken_user_override_keeps_shipped_variant(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A broken user copy is a problem and the shipped variant stays in use."""
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    write_template("letter-a", root=shipped)
    broken = write_template("letter-a", root=user, body="{% if %}\n")
    catalog = Catalog.load(user, shipped)
    assert catalog.get("letter-a", "en").shipped is True
    assert [p.file for p in catalog.problems] == [str(broken)]


def test_catalog_missing_folders_give_an_empty_catalog(tmp_path: Path) -> None:
    """No shipped folder and no user folder: an empty catalog, no crash."""
    catalog = Catalog.load(tmp_path / "none", tmp_path / "missing")
    assert catalog.families() == [] and catalog.problems == []


def test_catalog_source_hash_is_sha256_of_file(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """source_hash is the SHA-256 of the template file text."""
    path = write_template()
    template = Catalog.load(None, tmp_path / "templates").get("test-letter", "en")
    expected = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
    assert template.source_hash == expected


def test_catalog_windows_file_with_bom_and_crlf(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """A Windows-saved template (BOM, CRLF) loads, prints no CR and hashes like its LF copy."""
    path = write_template()
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    template = Catalog.load(None, tmp_path / "templates").get("test-letter", "en")
    doc = compose(
        template,
        {"customer_name": "Ana", "order_number": "A-1", "items": ["x"]},
        org_profile,
        today=dt.date(2026, 11, 22),
    )
    everything = "\n".join([doc.subject, *doc.recipient, doc.salutation, doc.body_text()])
    assert "\r" not in everything and doc.subject == "Order A-1"
    normalised = text.replace("\r\n", "\n").encode("utf-8")  # same hash as the LF checkout
    assert template.source_hash == hashlib.sha256(normalised).hexdigest()


def test_catalog_windows_file_error_lines(tmp_path: Path, write_template: WriteTemplate) -> None:
    """Line numbers stay right in a CRLF file with a BOM."""
    path = write_template(body="One.\n\n{{ nope }}\n")
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (problem,) = Catalog.load(None, tmp_path / "templates").problems
    assert problem.line == text.split("\r\n").index("{{ nope }}") + 1


def test_catalog_skips_hidden_folders(tmp_path: Path, write_template: WriteTemplate) -> None:
    """A .git or editor folder inside the template folder is not a family."""
    write_template()
    hidden = tmp_path / "templates" / ".git"
    hidden.mkdir()
    (hidden / "en.md").write_text("junk", encoding="utf-8")
    catalog = Catalog.load(None, tmp_path / "templates")
    assert catalog.families() == ["test-letter"] and catalog.problems == []


def test_parse_template_checks_unsaved_text_with_its_lines(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """Unsaved editor text is validated with its own lines, whatever the file on disk says."""
    path = write_template()
    saved = path.read_text(encoding="utf-8")
    edited = saved.replace("{{ customer_address }}", "{{ customer_adress }}")
    with pytest.raises(TemplateError) as info:
        parse_template(edited, path, shipped=False)
    assert info.value.field == "customer_adress"
    assert info.value.line == edited.split("\n").index("    {{ customer_adress }}") + 1
    assert parse_template(saved, path, shipped=False).key == "test-letter/en"
