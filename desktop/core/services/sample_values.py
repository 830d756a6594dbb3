"""Use case: plausible sample values for a template, so "Try it" shows a realistic document.

Templates declare their fields but no sample values, so samples come from three places, in
this order: the field's default; a small table of realistic values per letter language, keyed
by the field names the shipped templates use (a customer's name, an order number, what went
wrong, the steps we will take ...); for other fields (user templates), the name's last word
(``..._name``, ``..._email``, ``..._date``, ``..._url`` ...), the example in the help text
("e.g. ...", "por exemplo ...", "misalnya ..."), and the field type. Dates are placed around
today (an order a few days ago, a refund a few days ahead). Every value is checked with the
template engine's parser; one that does not fit the field is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.core.errors import FieldError
from desktop.core.models import FieldSpec, Template

# Days from today for dates, by field name (negative: in the past).
DATE_OFFSETS = {
    "order_date": -6, "invoice_date": -45, "complaint_date": -3, "request_date": -4,
    "purchase_date": -200, "due_date": -15, "new_date": 4, "expected_date": 2,
    "resolution_date": 10, "refund_date": 5, "delivery_date": 2, "new_due_date": 14,
    "effective_date": 21, "start_date": 20, "end_date": 48, "training_date": 13,
    "completion_date": 12,
}  # fmt: skip
PAST_WORDS = ("order", "invoice", "purchase", "request", "received", "complaint", "sent")
FUTURE_WORDS = ("due", "new", "next", "expected", "until", "start", "end", "effective", "deadline")

# Amounts in the letter's usual unit (Indonesian rupiah amounts are a thousand times larger).
AMOUNTS = {
    "invoice_amount": 1250, "amount_paid": 500, "amount_due": 750, "amount": 1250,
    "refund_amount": 89.9, "compensation": 25, "repair_quote": 120,
}  # fmt: skip
NUMBERS = {"extra_staff": 6, "expected_increase": 40}

_EN = {
    "customer_name": "Emily Carter",
    "agent_name": "Daniel",
    "customer_email": "emily.carter@example.com",
    "customer_address": "12 Harbour Street\nBristol BS1 4RN\nUnited Kingdom",
    "order_number": "ORD-2026-10412",
    "invoice_number": "INV-2026-0457",
    "claim_number": "WR-2026-0318",
    "customer_reference": "PO 4471",
    "tracking_number": "1Z999AA10123456784",
    "carrier": "UPS",
    "tracking_url": "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    "feedback_url": "https://shop.example.com/feedback/ORD-2026-10412",
    "product": "Espresso X200 coffee machine",
    "items": ["1 × Espresso X200 coffee machine", "2 × descaling tablets (pack of 10)"],
    "copies": ["Accounts department"],
    "copy_to": "Accounts department, Warehouse",
    "enclosures": ["Returns form", "Price list 2026"],
    "complaint_topic": "the late delivery of order ORD-2026-10412",
    "cause": "The parcel was held at the regional sorting centre because its label was damaged, and we did not tell you in time.",
    "resolution_steps": [
        "Send a replacement by courier at our cost",
        "Refund the delivery charge to your card",
    ],
    "question_subject": "washing and delivery",
    "topic": "our opening hours and returns",
    "answers": [
        "Opening hours: 9:00 to 18:00, Monday to Saturday",
        "Returns: within 30 days, with the receipt",
    ],
    "next_step": "If the stain remains after one wash, send us a photo and we will exchange the item.",
    "more_info": "www.example.com/help or 0800 123 4567",
    "payment_details": "Bank: Northbank\nAccount 12345678, sort code 12-34-56\nReference: INV-2026-0457",
    "policy_name": "returns",
    "reason": "Customers asked for more time to return presents bought for the holidays.",
    "old_rule": "Items can be returned within 14 days of delivery.",
    "new_rule": "Items can be returned within 30 days of delivery.",
    "actions": [
        "Tell customers about the new period when they ask about returns",
        "Use the new returns form from 1 December",
    ],
    "policy_location": "Intranet › Customer care › Policies",
    "contact": "Maria Souza (ext. 214)",
    "shifts": ["Early shift: 7:00 to 15:00", "Late shift: 13:00 to 21:00"],
    "leave_rule": "Leave requests for these weeks need approval by 1 November.",
    "reasons": [
        "The item was bought more than 30 days ago.",
        "The seal on the package has been opened.",
    ],
    "alternative": "We can offer a repair at half the usual price, or store credit for the full amount.",
    "phone": "+44 117 496 0123",
    "url": "https://www.example.com/",
}
_PT = {
    "customer_name": "Ana Luísa Conceição",
    "agent_name": "Rafael",
    "customer_email": "analuisa.conceicao@example.com.br",
    "customer_address": "Rua das Laranjeiras, 215, apto. 42\n22240-003 Rio de Janeiro – RJ",
    "invoice_number": "NF 004.571",
    "customer_reference": "Protocolo 2026-118",
    "tracking_number": "QB123456789BR",
    "carrier": "Correios",
    "tracking_url": "https://rastreamento.correios.com.br/app/index.php?objeto=QB123456789BR",
    "feedback_url": "https://shop.example.com/avaliacao/ORD-2026-10412",
    "product": "Cafeteira Expresso X200",
    "items": ["1 × Cafeteira Expresso X200", "2 × pastilhas descalcificantes (caixa com 10)"],
    "copies": ["Setor financeiro"],
    "copy_to": "Setor financeiro, Expedição",
    "enclosures": ["Formulário de troca", "Tabela de preços 2026"],
    "complaint_topic": "o atraso na entrega do pedido ORD-2026-10412",
    "cause": "O pacote ficou retido no centro de distribuição porque a etiqueta estava danificada, e não avisamos a tempo.",
    "resolution_steps": [
        "Enviar um produto novo por entrega expressa, sem custo",
        "Devolver o valor do frete no seu cartão",
    ],
    "question_subject": "lavagem e entrega",
    "topic": "o horário de atendimento e as trocas",
    "answers": [
        "Horário: das 9h às 18h, de segunda a sábado",
        "Trocas: em até 30 dias, com a nota fiscal",
    ],
    "next_step": "Se a mancha continuar após uma lavagem, envie-nos uma foto e faremos a troca.",
    "more_info": "www.example.com.br/ajuda ou 0800 123 4567",
    "payment_details": "Banco do Brasil\nAgência 1234-5, conta 67890-1\nReferência: NF 004.571",
    "policy_name": "trocas e devoluções",
    "reason": "Os clientes pediram mais prazo para trocar presentes comprados nas festas de fim de ano.",
    "old_rule": "As trocas podem ser feitas em até 14 dias após a entrega.",
    "new_rule": "As trocas podem ser feitas em até 30 dias após a entrega.",
    "actions": [
        "Informar o novo prazo aos clientes que perguntarem sobre trocas",
        "Usar o novo formulário de troca a partir de 1º de dezembro",
    ],
    "policy_location": "Intranet › Atendimento › Políticas",
    "contact": "Maria Souza (ramal 214)",
    "shifts": ["Turno da manhã, das 7h às 15h", "Turno da tarde, das 13h às 21h"],
    "leave_rule": "Pedidos de folga nessas semanas devem ser aprovados até 1º de novembro.",
    "reasons": ["A compra foi feita há mais de 30 dias.", "O lacre da embalagem foi aberto."],
    "alternative": "Podemos oferecer o conserto pela metade do preço ou um crédito na loja no valor total.",
    "phone": "+55 21 2345-6789",
    "url": "https://www.example.com.br/",
}
_ID = {
    "customer_name": "Siti Rahmawati",
    "agent_name": "Dewi",
    "customer_email": "siti.rahmawati@example.co.id",
    "customer_address": "Jl. Melati No. 17\nKebayoran Baru\nJakarta Selatan 12130",
    "invoice_number": "INV/2026/0457",
    "customer_reference": "045/CS/XI/2026",
    "tracking_number": "CGK0A12345678926",
    "carrier": "JNE",
    "tracking_url": "https://www.jne.co.id/tracking-package?resi=CGK0A12345678926",
    "feedback_url": "https://shop.example.com/ulasan/ORD-2026-10412",
    "product": "Mesin kopi Espresso X200",
    "items": ["1 × mesin kopi Espresso X200", "2 × tablet pembersih kerak (isi 10)"],
    "copies": ["Bagian Keuangan"],
    "copy_to": "Bagian Keuangan, Gudang",
    "enclosures": ["Formulir penukaran barang", "Daftar harga 2026"],
    "complaint_topic": "keterlambatan pengiriman pesanan ORD-2026-10412",
    "cause": "Paket tertahan di pusat sortir karena labelnya rusak, dan kami terlambat memberi tahu Bapak/Ibu.",
    "resolution_steps": [
        "Mengirim barang pengganti dengan layanan kilat tanpa biaya",
        "Mengembalikan ongkos kirim ke kartu Bapak/Ibu",
    ],
    "question_subject": "pencucian dan pengiriman",
    "topic": "jam layanan dan penukaran barang",
    "answers": [
        "Jam layanan: pukul 09.00 sampai dengan 18.00, Senin sampai dengan Sabtu",
        "Penukaran barang: paling lambat 30 hari, dengan struk pembelian",
    ],
    "next_step": "Jika noda masih ada setelah satu kali pencucian, kirimkan foto kepada kami dan kami akan menukar barangnya.",
    "more_info": "www.example.co.id/bantuan atau 1500 123",
    "payment_details": "Bank Mandiri\nNo. rekening 123-00-4567890-1 a.n. PT Nusantara Trading\nBerita: INV/2026/0457",
    "policy_name": "pengembalian barang",
    "reason": "Pelanggan meminta waktu lebih lama untuk menukar hadiah yang dibeli menjelang hari raya.",
    "old_rule": "Barang dapat dikembalikan paling lambat 14 hari setelah diterima.",
    "new_rule": "Barang dapat dikembalikan paling lambat 30 hari setelah diterima.",
    "actions": [
        "Sampaikan batas waktu baru kepada pelanggan yang bertanya tentang pengembalian barang",
        "Gunakan formulir pengembalian yang baru mulai 1 Desember",
    ],
    "policy_location": "Intranet › Layanan Pelanggan › Kebijakan",
    "contact": "Budi Hartono (ext. 214)",
    "shifts": [
        "Giliran pagi pukul 07.00 sampai dengan 15.00",
        "Giliran siang pukul 13.00 sampai dengan 21.00",
    ],
    "leave_rule": "Permohonan cuti pada minggu-minggu ini harus disetujui paling lambat 1 November.",
    "reasons": ["Pembelian dilakukan lebih dari 30 hari yang lalu.", "Segel kemasan sudah dibuka."],
    "alternative": "Kami dapat menawarkan perbaikan dengan setengah harga atau kredit belanja senilai penuh.",
    "phone": "+62 21 5550 1234",
    "url": "https://www.example.co.id/",
}
SAMPLES: dict[str, dict[str, Any]] = {"en": _EN, "pt-BR": {**_EN, **_PT}, "id": {**_EN, **_ID}}
# A field that means something else in one family: its sample there (None: leave it empty).
FAMILY_OVERRIDES: dict[str, dict[str, Any]] = {"warranty-decision": {"reason": None}}
# The last word of an unknown field's name -> the sample to use.
SUFFIXES = {
    "name": "customer_name", "email": "customer_email", "address": "customer_address",
    "number": "order_number", "no": "order_number", "reference": "customer_reference",
    "ref": "customer_reference", "url": "url", "link": "url", "website": "url",
    "phone": "phone", "telephone": "phone", "items": "items", "copies": "copies",
}  # fmt: skip
_EXAMPLE = re.compile(
    r"(?:\be\.g\.|\bpor exemplo:?|\bp\. ?ex\.|\bmisalnya|\bcontoh(?:nya)?:?)\s*", re.I
)


def _table(language: str) -> dict[str, Any]:
    return SAMPLES.get(language) or SAMPLES.get(language.split("-")[0]) or SAMPLES["en"]


def help_example(help_text: str) -> str:
    """Return the example a field's help gives ("A few words, e.g. returns" -> "returns")."""
    match = _EXAMPLE.search(help_text)
    if not match:
        return ""
    return help_text[match.end() :].strip().strip("'\"‘’“”").strip()


def _amount(value: float, language: str) -> str:
    if language == "id":
        return str(int(value * 1000))
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "pt-BR" else text


def _date(name: str, today: dt.date) -> dt.date:
    if name in DATE_OFFSETS:
        return today + dt.timedelta(days=DATE_OFFSETS[name])
    words = name.lower().split("_")
    if any(w in FUTURE_WORDS for w in words):
        return today + dt.timedelta(days=14)
    if any(w in PAST_WORDS for w in words):
        return today - dt.timedelta(days=7)
    return today


def _candidate(spec: FieldSpec, family: str, language: str, today: dt.date) -> Any:
    table = _table(language)
    overrides = FAMILY_OVERRIDES.get(family, {})
    if spec.name in overrides:
        return overrides[spec.name]
    if spec.default not in (None, ""):
        return spec.default
    if spec.type == "date":
        return _date(spec.name, today)
    if spec.type == "money":
        return _amount(AMOUNTS.get(spec.name, 100), language)
    if spec.type == "number":
        return str(NUMBERS.get(spec.name, 3))
    if spec.type == "bool":
        return True
    if spec.type == "choice":
        return spec.choices[0] if spec.choices else None
    if spec.name in table:
        return table[spec.name]
    if spec.type == "email":
        return table["customer_email"]
    suffix = SUFFIXES.get(spec.name.lower().rsplit("_", 1)[-1])
    if suffix is not None:
        return table[suffix]
    if spec.pattern.startswith("^http"):
        return table["url"]
    example = help_example(spec.help)
    if example:
        return example.splitlines() if spec.type == "list" else example
    return None


def sample_values(template: Template, today: dt.date) -> dict[str, Any]:
    """Return realistic values for ``template``'s fields (those that fit; others left out).

    Values are what a person would type in the form: text, lists of lines, dates, booleans.
    """
    from desktop.core.templates import parse_value

    values: dict[str, Any] = {}
    for spec in template.fields:
        value = _candidate(spec, template.id, template.language, today)
        if value is None or value == "":
            continue
        try:
            parse_value(spec, value, language=template.language, template_key=template.key)
        except FieldError:
            continue
        values[spec.name] = value
    return values
