"""Each house-style rule: a hit, a near miss, and the language's correct counterpart."""

from __future__ import annotations

import pytest
from proofing_corpus import field_spans

from desktop.core.proofing import Proofer

LONG_EN = " ".join(["word"] * 20)
EN_LETTER = "Dear Sir or Madam,\n\n{body}\n\nYours faithfully,"
PT_LETTER = "Prezado Senhor,\n\n{body}\n\nAtenciosamente,"
ID_LETTER = "Dengan hormat,\n\n{body}\n\nHormat kami,"

# (language, rule, kind, hit, near miss, correct counterpart, fields)
CASES = [
    ("en", "style.obscene", "memo", "That was a stupid reply.", "That reply was in Scunthorpe.", "That was an unhelpful reply.", {}),
    ("en", "style.informal", "memo", "We are gonna call you.", "Make a U-turn at the lights.", "We are going to call you.", {}),
    ("en", "style.blaming", "memo", "You failed to sign the form.", "We failed to send the form.", "The form was not signed.", {}),
    ("en", "style.shouting", "memo", "This is VERY important.", "Call the UK office.", "This is very important.", {}),
    ("en", "style.exclamation", "letter", EN_LETTER.format(body="Thank you!"), EN_LETTER.format(body="See https://example.com/#!/help for help."), EN_LETTER.format(body="Thank you."), {}),
    ("en", "style.acronym", "memo", "Ask the QRT for help.", "Ask the Quick Response Team (QRT) for help.", "Ask the quick response team for help.", {}),
    ("en", "placeholder.unfilled", "memo", "Dear [NAME], hello.", "As noted [1], hello.", "Dear Ms Putri, hello.", {}),
    ("en", "placeholder.name", "letter", "Dear Mr Santos,\n\nThank you for order A1.\n\nYours sincerely,", "Dear Mr Silva,\n\nThank you for order A1.\n\nYours sincerely,", "Dear Ms Wulan,\n\nThank you for order A1.\n\nYours sincerely,", {"name": "João Silva", "other": "Ms Wulan", "order": "A1"}),
    ("en", "style.missing_salutation", "letter", "Thank you.\n\nYours faithfully,", "Dear all,\n\nThank you.\n\nYours faithfully,", EN_LETTER.format(body="Thank you."), {}),
    ("en", "style.missing_closing", "letter", "Dear Sir or Madam,\n\nThank you.", "Dear Sir or Madam,\n\nThank you.\n\nKind regards,", EN_LETTER.format(body="Thank you."), {}),
    ("en", "style.salutation_closing_mismatch", "letter", "Dear Sir or Madam,\n\nThank you.\n\nYours sincerely,", "Dear Sir or Madam,\n\nThank you.\n\nKind regards,", EN_LETTER.format(body="Thank you."), {}),
    ("en", "style.long_sentence", "memo", "We " + " ".join(["really"] * 39) + " care.", "We " + " ".join(["really"] * 37) + " care.", "We care.", {}),
    ("en", "style.long_paragraph", "memo", " ".join([LONG_EN + "."] * 7), " ".join([LONG_EN + "."] * 5), "We care.", {}),
    ("pt-BR", "style.obscene", "memo", "Que merda de atendimento.", "O atendimento foi em Merdani.", "Que atendimento ruim.", {}),
    ("pt-BR", "style.informal", "memo", "Vc pode vir amanhã.", "A VCA pode vir amanhã.", "O senhor pode vir amanhã.", {}),
    ("pt-BR", "style.blaming", "memo", "A culpa é sua pelo atraso.", "A culpa não é de ninguém.", "Houve um atraso.", {}),
    ("pt-BR", "style.shouting", "memo", "Isto é MUITO importante.", "Envie o CPF do titular.", "Isto é muito importante.", {}),
    ("pt-BR", "style.closing", "letter", "Prezado Senhor,\n\nObrigado.\n\nAbraços,", "Prezado Senhor,\n\nObrigado.\n\nCordialmente,", PT_LETTER.format(body="Obrigado."), {}),
    ("pt-BR", "style.missing_salutation", "letter", "Obrigado.\n\nAtenciosamente,", "Prezada Senhora,\n\nObrigado.\n\nAtenciosamente,", PT_LETTER.format(body="Obrigado."), {}),
    ("pt-BR", "placeholder.unfilled", "memo", "Prezado [NOME], olá.", "Conforme a nota [1], olá.", "Prezado Senhor, olá.", {}),
    ("id", "style.obscene", "memo", "Pelanggan itu goblok.", "Pelanggan dari Goblokan.", "Pelanggan itu kurang teliti.", {}),
    ("id", "style.informal", "memo", "Kami gak bisa datang.", "Kami ke Gakona.", "Kami tidak bisa datang.", {}),
    ("id", "style.blaming", "memo", "Itu kesalahan Anda.", "Itu kesalahan kami.", "Itu kesalahan sistem.", {}),
    ("id", "spelling.nonstandard", "memo", "Kami perlu ijin.", "Lihat https://ijin.example.id/ijin untuk rinciannya.", "Kami perlu izin.", {}),
    ("id", "style.salutation", "letter", "Dengan Hormat,\n\nTerima kasih.\n\nHormat kami,", "Salam sejahtera,\n\nTerima kasih.\n\nHormat kami,", ID_LETTER.format(body="Terima kasih."), {}),
    ("id", "style.closing", "letter", "Dengan hormat,\n\nTerima kasih.\n\nHormat Kami,", "Dengan hormat,\n\nTerima kasih.\n\nHormat saya,", ID_LETTER.format(body="Terima kasih."), {}),
    ("id", "placeholder.name", "letter", "Yth. Bapak Joko\n\nDengan hormat,\n\nPesanan P77 sudah dikirim.\n\nHormat kami,", "Yth. Bapak Budi\n\nDengan hormat,\n\nPesanan P77 sudah dikirim.\n\nHormat kami,", "Yth. Bapak Budi Santoso\n\nDengan hormat,\n\nPesanan P77 sudah dikirim.\n\nHormat kami,", {"nama": "Budi Santoso", "pesanan": "P77"}),
]  # fmt: skip


def _rules(
    proofer: Proofer, language: str, text: str, kind: str, fields: dict[str, str]
) -> set[str]:
    report = proofer.check_text(
        text, language, kind=kind, spans=field_spans(text, fields), field_values=fields
    )
    return {issue.rule_id for issue in report.issues}


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_house_style_rule_hit_near_miss_counterpart(shared_proofer: Proofer, case: tuple) -> None:  # type: ignore[type-arg]
    """The rule fires on the hit and stays quiet on the near miss and the correct form."""
    language, rule, kind, hit, near, correct, fields = case
    assert rule in _rules(shared_proofer, language, hit, kind, fields)
    assert rule not in _rules(shared_proofer, language, near, kind, fields)
    assert rule not in _rules(shared_proofer, language, correct, kind, fields)


def test_house_style_extra_banned_words_from_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Organisation banned words in settings are errors; the glossary silences acronyms."""
    from desktop.core.paths import AppPaths
    from desktop.core.settings import ProofingSettings, Settings

    settings = Settings(
        proofing=ProofingSettings(
            extra_banned_words={"en": ("cheapskate",)}, glossary={"QRT": "Quick Response Team"}
        )
    )
    proofer = Proofer(settings, AppPaths(tmp_path))
    report = proofer.check_text("The QRT called the cheapskate.", "en", kind="memo")
    assert [(i.rule_id, i.severity) for i in report.issues] == [("style.obscene", "error")]
