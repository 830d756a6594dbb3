"""Errors from the core speak the interface language; the values inside them stay verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desktop.core.delivery.mime import parse_address
from desktop.core.delivery.smtp import SmtpConfig, SmtpTransport
from desktop.core.errors import DeliveryError, FieldError, MergeError, MissivaError, RegisterError
from desktop.core.i18n import set_ui_language
from desktop.core.merge.reader import open_table
from desktop.core.models import FieldSpec, Template
from desktop.core.paths import resource
from desktop.core.templates import parse_template, parse_value, validate_values

DATA = "Silva & Filhos <Ltda>"

# Per language: the words each representative message must carry.
EXPECTED = {
    "pt_BR": {
        "email": "não é um endereço de e-mail válido",
        "date": "não é uma data válida",
        "money": "não é um valor monetário",
        "required": "O campo obrigatório 'client' (Cliente) está sem valor",
        "unknown": "não são campos deste modelo",
        "place": ("modelo letter/en", "campo 'email'"),
        "missing file": "o arquivo de dados não existe",
        "empty file": "o arquivo está vazio",
        "extra cells": "tem 3 células, mas o cabeçalho tem 2 colunas",
        "duplicate column": "o nome de coluna 'nome' aparece duas vezes no cabeçalho",
        "void reason": "é preciso informar um motivo para anular um lançamento",
        "unknown entry": "Não há lançamento 'OUT-1999-99999' no registro",
        "mail address": "não é um endereço de e-mail",
        "no server": "nenhum servidor SMTP configurado",
        "front matter": "o arquivo deve começar com uma linha '---' que abre o front matter",
        "line": "linha 1",
        "no records": "o arquivo tem cabeçalho, mas nenhum registro",
        "no column": "nenhuma coluna para o(s) campo(s) obrigatório(s) refund_amount",
        "column hint": "arquivo de correspondência com --map",
        "required empty": "o campo obrigatório 'order_number' está vazio",
        "strict": "1 linha(s) com problemas; nada foi emitido (--strict)",
        "unknown series": "série de numeração desconhecida: '*x*'",
        "page size": "page_size '<b>A4</b>' não é um de",
    },
    "id": {
        "email": "bukan alamat surel yang valid",
        "date": "bukan tanggal yang valid",
        "money": "bukan jumlah uang",
        "required": "Isian wajib 'client' (Cliente) belum diisi",
        "unknown": "bukan isian templat ini",
        "place": ("templat letter/en", "isian 'email'"),
        "missing file": "berkas data tidak ada",
        "empty file": "berkas kosong",
        "extra cells": "memiliki 3 sel, tetapi baris judul memiliki 2 kolom",
        "duplicate column": "nama kolom 'nome' muncul dua kali di baris judul",
        "void reason": "alasan wajib diisi untuk membatalkan entri",
        "unknown entry": "Tidak ada entri register 'OUT-1999-99999'",
        "mail address": "bukan alamat surel",
        "no server": "belum ada server SMTP yang dikonfigurasi",
        "front matter": "berkas harus diawali baris '---' yang membuka front matter",
        "line": "baris 1",
        "no records": "berkas memiliki baris judul, tetapi tidak ada baris data",
        "no column": "tidak ada kolom untuk isian wajib refund_amount",
        "column hint": "berkas pencocokan dengan --map",
        "required empty": "isian wajib 'order_number' kosong",
        "strict": "1 baris bermasalah; tidak ada yang diterbitkan (--strict)",
        "unknown series": "seri penomoran tidak dikenal: '*x*'",
        "page size": "page_size '<b>A4</b>' bukan salah satu dari",
    },
}


@pytest.fixture(params=["pt_BR", "id"])
def language(request: pytest.FixtureRequest) -> Iterator[dict[str, object]]:
    """Switch the interface to the language; back to English after the test."""
    set_ui_language(request.param)
    try:
        yield EXPECTED[request.param]
    finally:
        set_ui_language("en")


def _raised(call, *args, **kwargs) -> MissivaError:
    with pytest.raises(MissivaError) as info:
        call(*args, **kwargs)
    return info.value


def _template(*fields: FieldSpec) -> Template:
    return Template(
        id="letter",
        language="en",
        kind="letter",
        title="Letter",
        description="",
        category="",
        series="OUT",
        subject="",
        fields=fields,
        body="",
    )


def test_field_errors_are_translated_with_the_value_verbatim(language: dict) -> None:
    """The messages shown next to fields come in the interface language; values stay literal."""
    email = FieldSpec("email", "E-mail", type="email")
    error = _raised(parse_value, email, DATA, language="en", template_key="letter/en")
    assert isinstance(error, FieldError) and error.field == "email"
    assert language["email"] in error.message
    assert f"'{DATA}'" in error.message
    for word in language["place"]:
        assert word in error.describe()

    date = FieldSpec("due", "Due", type="date")
    error = _raised(parse_value, date, "{{ 7*7 }}", language="en", template_key="letter/en")
    assert language["date"] in error.message and "'{{ 7*7 }}'" in error.message

    money = FieldSpec("amount", "Amount", type="money")
    error = _raised(parse_value, money, "=SUM(A1)", language="pt-BR", template_key="letter/en")
    assert language["money"] in error.message and "'=SUM(A1)'" in error.message
    assert "1.250,00" in error.message  # the letter's example number is data too


def test_required_and_unknown_field_errors_are_translated(language: dict) -> None:
    """A required field without value and names that are not fields say so in the language."""
    template = _template(FieldSpec("client", "Cliente", required=True))
    error = _raised(validate_values, template, {})
    assert language["required"] in error.message and error.field == "client"

    error = _raised(validate_values, template, {"clint": "x", "*x*": "y"})
    assert language["unknown"] in error.message and "'*x*'" in error.message
    assert "'client'" in (error.hint or "")


def test_merge_data_errors_are_translated(language: dict, tmp_path: Path) -> None:
    """Missing, empty and malformed data files are reported in the interface language."""
    error = _raised(open_table, tmp_path / "missing.csv")
    assert isinstance(error, MergeError)
    assert language["missing file"] in error.describe()

    empty = tmp_path / "empty.csv"
    empty.write_text("\n", encoding="utf-8")
    assert language["empty file"] in _raised(open_table, empty).message

    twice = tmp_path / "twice.csv"
    twice.write_text("nome,nome\nA,B\n", encoding="utf-8")
    error = _raised(open_table, twice)
    assert language["duplicate column"] in error.message and error.column == "nome"

    wide = tmp_path / "wide.csv"
    wide.write_text(f"nome,email\nA,b@example.com,{DATA}\n", encoding="utf-8")
    with open_table(wide) as table:
        (row,) = list(table.rows())
    assert row.problems == (language["extra cells"],)


def test_register_and_mail_errors_are_translated(language: dict, tmp_path: Path) -> None:
    """A void without reason, an unknown entry, a bad address, no mail server: translated."""
    from desktop.core.services.context import AppContext

    ctx = AppContext.create(str(tmp_path / "data"))
    error = _raised(ctx.register.void, "OUT-1999-99999", "  ")
    assert isinstance(error, RegisterError)
    assert language["void reason"] in error.message
    assert language["unknown entry"] in _raised(ctx.register.get, "OUT-1999-99999").message

    error = _raised(parse_address, DATA, field_name="to")
    assert isinstance(error, DeliveryError) and error.field == "to"
    assert language["mail address"] in error.message and f"'{DATA}'" in error.message
    assert language["no server"] in _raised(SmtpTransport, SmtpConfig(host="")).message


def test_template_author_errors_are_translated(language: dict, tmp_path: Path) -> None:
    """A template file without front matter is reported in the language, with its line."""
    path = tmp_path / "letter" / "en.md"
    error = _raised(parse_template, "Dear {{ name }}", path, shipped=False)
    assert language["front matter"] in error.message and error.line == 1
    assert language["line"] in error.describe()


@pytest.mark.parametrize("code", ["pt_BR", "id"])
def test_translations_keep_the_placeholders_of_their_message(code: str) -> None:
    """A translation names exactly the placeholders of its English message (else .format fails)."""
    with resource("locale", code, "LC_MESSAGES", "missiva.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)

    def names(text: str) -> set[str]:
        return set(re.findall(r"\{(\w*)\}", text.replace("{{", "").replace("}}", "")))

    wrong = []
    for message in catalog:
        if not message.id or "python-brace-format" not in message.flags:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set().union(*(names(i) for i in ids))
        wrong += [s for s in strings if s and names(s) != expected]
    assert wrong == []


def test_merge_plan_and_settings_errors_are_translated(language: dict, tmp_path: Path) -> None:
    """Merge plans, a strict run and settings checks report in the language; values verbatim."""
    from desktop.core.services.context import AppContext
    from desktop.core.services.merge import plan_merge, run_merge
    from desktop.core.settings import settings_from_dict

    ctx = AppContext.create(str(tmp_path / "data"))
    header = "customer_name,customer_email,order_number,refund_amount,refund_date\n"
    data = tmp_path / "rows.csv"
    data.write_text(header, encoding="utf-8")
    error = _raised(plan_merge, ctx, "refund-approved", "en", data)
    assert isinstance(error, MergeError) and language["no records"] in error.message

    data.write_text("customer_name,order_number\nAna,A-1\n", encoding="utf-8")
    error = _raised(plan_merge, ctx, "refund-approved", "en", data)
    assert language["no column"] in error.message and language["column hint"] in (error.hint or "")

    data.write_text(header + f"{DATA},a@example.com,,10,2026-12-01\n", encoding="utf-8")
    plan = plan_merge(ctx, "refund-approved", "en", data)
    assert [p.message for p in plan.problems] == [language["required empty"]]
    assert language["strict"] in _raised(run_merge, ctx, plan, strict=True).message

    assert language["unknown series"] in _raised(ctx.settings.series_by_id, "*x*").message
    bad = {"organisation": {"page_size": "<b>A4</b>"}}
    assert language["page size"] in _raised(settings_from_dict, bad, base_dir=tmp_path).message
