"""Sample Documents for previews, benchmarks and writer tests, built straight from the models.

:data:`HOSTILE` lists field values that must come out literally in every writer (markup
characters, Jinja and Markdown look-alikes, a spreadsheet formula, quotes, emoji, accents).
:func:`sample_document` builds a letter or memo in any language that carries them in the
body, the recipient, the subject and the signatory; :func:`plain_letter` is a one-page letter
with ordinary words (the benchmark's and the golden files' input).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from desktop.core.models import (
    Attestation,
    Block,
    Document,
    ListBlock,
    Paragraph,
    Run,
    SignatoryBlock,
    Table,
    field_origin,
)
from desktop.core.paths import resource
from desktop.core.settings import OrganisationProfile, Signatory

HOSTILE: tuple[str, ...] = (
    "Silva & Filhos <Ltda>",
    "{{ 7*7 }}",
    "*bold*",
    "_x_",
    "\"double\" and 'single'",
    "😀",
    "ação",
    "=SUM(A1)",
)
HOSTILE_TEXT = " ".join(HOSTILE)
SAMPLE_DATE = dt.date(2026, 11, 22)


def sample_profile(base_dir: Path | None = None) -> OrganisationProfile:
    """Return the shipped sample organisation (logo and signatures from resources/images)."""
    return OrganisationProfile(
        name="Nusantara Trading Co.",
        address_lines=("Jl. Jenderal Sudirman No. 52", "Jakarta 12190", "Indonesia"),
        phone="+62 21 5550 1234",
        email="care@nusantara-trading.example",
        website="www.nusantara-trading.example",
        city="Jakarta",
        logo="images/logo.png",
        footer="Nusantara Trading Co. · Customer Care · care@nusantara-trading.example",
        units={"CS": "Customer Care", "FIN": "Finance", "SAC": "Atendimento"},
        signatories=(
            Signatory(
                id="ana",
                name="Ana Ribeiro",
                title="Customer Care Manager",
                unit="CS",
                image="images/signature-ana.png",
            ),
        ),
        base_dir=str(base_dir or resource()),
    )


def _hostile_body() -> tuple[Block, ...]:
    value = field_origin("customer_name")
    return (
        Paragraph(
            (
                Run("We have received the request of "),
                Run(HOSTILE_TEXT, bold=True, origin=value),
                Run(" and reply below, see "),
                Run("our site", link="https://example.com/?a=1&b=<2>"),
                Run("."),
            )
        ),
        Paragraph((Run("Details"),), heading=2),
        ListBlock(
            items=(
                (Run("First: "), Run(HOSTILE_TEXT, italic=True, origin=value)),
                (Run("Second item"),),
            )
        ),
        ListBlock(items=((Run("Step one"),), (Run("Step two"),)), ordered=True),
        Table(
            rows=(
                ((Run("Item"),), (Run("Amount"),)),
                ((Run(HOSTILE_TEXT, origin=value),), (Run("1,250.00"),)),
            )
        ),
        Paragraph((Run("Kind regards to "), Run(HOSTILE_TEXT, origin=value), Run("."))),
    )


def sample_document(
    kind: str = "letter",
    language: str = "en",
    *,
    reference: str | None = "OUT-2026-00042",
    signature_image: Path | None = None,
    attestation: bool = False,
) -> Document:
    """Return a letter or memo carrying every :data:`HOSTILE` value in each part."""
    image = (
        signature_image if signature_image is not None else resource("images", "signature-ana.png")
    )
    return Document(
        kind=kind,
        language=language,
        template_id="sample",
        title="Sample",
        subject=f"Refund for {HOSTILE_TEXT}",
        date=SAMPLE_DATE,
        body=_hostile_body(),
        reference=reference,
        your_ref="YR/77" if kind == "letter" else "",
        place={"pt-BR": "São Paulo", "id": "Jakarta"}.get(language, ""),
        recipient=(f"Customer {HOSTILE_TEXT}", "Rua das Flores, 100", "01000-000 São Paulo"),
        salutation=f"Dear {HOSTILE_TEXT},",
        closing="Yours sincerely,",
        signatory=SignatoryBlock(
            name=f"Ana {HOSTILE_TEXT}",
            title=f"Manager {HOSTILE_TEXT}",
            unit="CS",
            staff_number="198705122010011002",
            image=image,
        ),
        enclosures=("Invoice copy", "Refund form"),
        copies=("Head of Finance", "Archive"),
        memo_to=f"All staff {HOSTILE_TEXT}",
        memo_from="Customer Care",
        memo_cc="Finance",
        attestation=(
            Attestation(
                reference=reference or "OUT-2026-00042",
                verification_code="ABCD-EFGH",
                qr_payload="https://verify.example/ABCD-EFGH",
                note="Register check, not a certified signature: verify with code ABCD-EFGH",
            )
            if attestation
            else None
        ),
    )


def plain_letter(language: str = "en") -> Document:
    """Return a one-page letter with ordinary words (benchmarks, golden files)."""
    words = {
        "en": (
            "Thank you for your letter of 14 November 2026 about the refund of your order.",
            "Dear Ms Lestari,",
            "Yours sincerely,",
        ),
        "pt-BR": (
            "Em atenção à sua carta de 14 de novembro de 2026, informamos o reembolso.",
            "Prezada Senhora,",
            "Atenciosamente,",
        ),
        "id": (
            "Menindaklanjuti surat Ibu tanggal 14 November 2026, bersama ini kami "
            "sampaikan bahwa pengembalian dana telah disetujui.",
            "Yth. Ibu Lestari,",
            "Hormat kami,",
        ),
    }[language]
    body: tuple[Block, ...] = (
        Paragraph((Run(words[0]),)),
        Paragraph(
            (
                Run("The amount of "),
                Run("IDR 1.250.000", bold=True),
                Run(" will be transferred within five working days."),
            )
        ),
        ListBlock(items=((Run("Order 2026-1187"),), (Run("Invoice INV-5521"),))),
        Table(
            rows=(((Run("Item"),), (Run("Amount"),)), ((Run("Refund"),), (Run("IDR 1.250.000"),)))
        ),
        Paragraph((Run("Please contact us if you have any question."),)),
    )
    doc = sample_document("letter", language, reference="CS/001/XI/2026")
    return dataclasses.replace(
        doc,
        subject="Refund of order 2026-1187",
        body=body,
        your_ref="",
        recipient=("Ibu Sari Lestari", "Jl. Melati No. 8", "Bandung 40115"),
        salutation=words[1],
        closing=words[2],
        signatory=SignatoryBlock(
            name="Budi Santoso",
            title="Head of Finance",
            unit="FIN",
            staff_number="198705122010011002",
            image=resource("images", "signature-budi.png"),
        ),
        enclosures=("Refund form",),
        copies=("Archive",),
    )
