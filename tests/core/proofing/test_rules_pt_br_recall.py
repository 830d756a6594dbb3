"""The pt-BR rules added for recall (decision record 0014, "Recall pass"): each one's hits and
its tricky correct uses. The shipped-template precision test lives in test_rules_pt_br.py.
"""

from __future__ import annotations

import pytest

from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules.pt_br import checker

RULES = checker("pt-BR")

# (rule id, text, flagged text, first suggestion)
POSITIVE = [
    ("grammar.pt.verb_before_subject", "Ainda falta três assinaturas no contrato.", "falta", "faltam"),
    ("grammar.pt.verb_before_subject", "Segue abaixo os dados bancários para depósito.", "Segue", "Seguem"),
    ("grammar.pt.verb_before_subject", "Existe várias formas de pagamento disponíveis.", "Existe", "Existem"),
    ("grammar.pt.verb_before_subject", "Chegou ontem? Chegou as encomendas que o senhor pediu.", "Chegou", "Chegaram"),
    ("grammar.pt.verb_before_subject", "No sistema, consta três pagamentos.", "consta", "constam"),
    ("grammar.pt.verb_before_subject", "Sobrou 15 unidades no estoque.", "Sobrou", "Sobraram"),
    ("grammar.pt.adjective_before_subject", "É necessário a apresentação do documento original.", "necessário", "necessária"),
    ("grammar.pt.adjective_before_subject", "É obrigatório a presença do responsável.", "obrigatório", "obrigatória"),
    ("grammar.pt.adjective_before_subject", "Está proibido a circulação de veículos no pátio.", "proibido", "proibida"),
    ("grammar.pt.mal_mau", "O equipamento funcionou mau durante a instalação.", "mau", "mal"),
    ("grammar.pt.mal_mau", "O pedido foi embalado mau e chegou danificado.", "mau", "mal"),
    ("grammar.pt.mal_mau", "O atendente respondeu mau ao cliente.", "mau", "mal"),
    ("grammar.pt.ha_a", "A três semanas aguardamos o reembolso.", "A", "Há"),
    ("grammar.pt.ha_a", "Aguardo a duas semanas uma resposta do setor.", "a", "há"),
    ("grammar.pt.ha_a", "Estamos esperando a dez dias.", "a", "há"),
    ("grammar.pt.ha_a", "Recebemos o seu e-mail a cinco dias e já respondemos.", "a", "há"),
    ("grammar.pt.porque", "A entrega foi cancelada por que não havia estoque.", "por que", "porque"),
    ("grammar.pt.porque", "O boleto não foi pago por que o sistema estava fora do ar.", "por que", "porque"),
    ("grammar.pt.porque", "Se o pedido for recusado, explicaremos por que.", "por que", "por quê"),
    ("grammar.pt.porque", "Não sabemos ainda por que.", "por que", "por quê"),
    ("grammar.pt.onde", "Anexamos a carta onde detalhamos os valores.", "onde", "em que"),
    ("grammar.pt.onde", "Conforme o contrato onde consta a multa, o prazo acabou.", "onde", "em que"),
    ("grammar.pt.onde", "Houve um erro no e-mail onde enviamos o boleto.", "onde", "em que"),
    ("grammar.pt.para_mim", "Ela deixou o relatório para mim revisar amanhã.", "para mim", "para eu"),
    ("grammar.pt.para_mim", "Mandaram o formulário para mim preencher.", "para mim", "para eu"),
    ("grammar.pt.para_mim", "Trouxe os papéis para mim assinar.", "para mim", "para eu"),
    ("grammar.pt.aonde", "Não sabemos aonde fica a agência mais próxima.", "aonde", "onde"),
    ("grammar.pt.aonde", "Aonde está o documento original?", "Aonde", "Onde"),
    ("grammar.pt.aonde", "Informe aonde se encontra o equipamento.", "aonde", "onde"),
    ("grammar.pt.future_subjunctive", "Se o cliente manter o plano, não há reajuste.", "manter", "mantiver"),
    ("grammar.pt.future_subjunctive", "Quando o técnico ver o problema, ligará para o senhor.", "ver", "vir"),
    ("grammar.pt.future_subjunctive", "Se a empresa propor um acordo, analisaremos.", "propor", "propuser"),
    ("grammar.pt.future_subjunctive", "Se os clientes fazerem o cadastro, ganham desconto.", "fazerem", "fizerem"),
    ("grammar.pt.accent", "Informe o numero do protocolo.", "numero", "número"),
    ("grammar.pt.accent", "Veja a pagina 3 do manual.", "pagina", "página"),
    ("grammar.pt.accent", "Houve um erro no calculo dos juros.", "calculo", "cálculo"),
    ("grammar.pt.accent", "O credito será liberado amanhã.", "credito", "crédito"),
    ("grammar.pt.confused_verb", "Pedimos que não mecha no medidor.", "mecha", "mexa"),
    ("grammar.pt.confused_verb", "Não exite em nos procurar.", "exite", "hesite"),
    ("grammar.pt.confused_verb", "Pedimos que os senhores não mechem nos cabos.", "mechem", "mexam"),
    ("grammar.pt.verb_before_subject", "Segue, em anexo, os documentos.", "Segue", "Seguem"),
    ("grammar.pt.verb_before_subject", "Segue junto a esta carta os relatórios.", "Segue", "Seguem"),
    ("grammar.pt.porque", "Enviamos a carta por que o prazo acabou.", "por que", "porque"),
    ("grammar.pt.mal_mau", "O serviço foi prestado mau.", "mau", "mal"),
    ("grammar.pt.accent", "Caso tenha alguma duvida, ligue.", "duvida", "dúvida"),
    ("grammar.pt.verb_before_subject", "Foi enviado os boletos por e-mail.", "Foi enviado", "Foram enviados"),
    ("grammar.pt.verb_before_subject", "Será cobrada as taxas no próximo mês.", "Será cobrada", "Serão cobradas"),
    ("grammar.pt.verb_before_subject", "Consta em nossos registros duas pendências.", "Consta", "Constam"),
    ("grammar.pt.verb_before_subject", "Está faltando dois documentos.", "Está faltando", "Estão faltando"),
    ("grammar.pt.verb_before_subject", "Foi entregue as encomendas.", "Foi entregue", "Foram entregues"),
]  # fmt: skip

# Correct sentences near each new rule's error: the whole rule set must say nothing.
NEGATIVE = [
    # verb before its subject
    "Segue o documento solicitado.",
    "Seguem os comprovantes solicitados.",
    "Falta a assinatura do diretor.",
    "Resta saber os motivos do atraso.",
    "O manual que segue os padrões foi aprovado.",
    "O técnico chegou e segue os procedimentos.",
    "O técnico chegou às 14h.",
    "Foi enviado aos clientes o aviso.",
    "Foi enviado para os clientes um aviso.",
    "O relatório foi enviado, e os documentos chegaram.",
    "É importante os clientes saberem.",
    "Foi cancelado, conforme os termos, o contrato.",
    # adjective before its subject
    "É proibido fumar nas dependências.",
    "É proibida a entrada de animais.",
    "É proibido entrada de pessoas estranhas.",
    "É permitido a todos os clientes cancelar a compra.",
    "É necessário o envio do comprovante.",
    # mal / mau
    "O produto é de mau gosto.",
    "Ele é um mau pagador.",
    "O tempo está mau hoje.",
    "O comportamento mau não será tolerado.",
    # há / a
    "O prazo é de dois a cinco dias.",
    "Estamos a dois dias do vencimento.",
    "A dois dias do prazo, enviamos o lembrete.",
    "Moramos a dez minutos daqui.",
    "Pedimos a três dias úteis de antecedência.",
    # por que / porque / por quê
    "Não sabemos por que o cartão foi recusado.",
    "Foi cancelado por que motivo?",
    "Ele foi informado por que o pedido foi cancelado.",
    "O pedido foi recusado por quê?",
    "Por que o senhor cancelou?",
    "Indicamos no relatório por que o sistema falhou.",
    "Decidimos por que caminho seguir.",
    # onde
    "Esta é a cidade onde fica a nossa sede.",
    "A pasta onde guardamos os contratos está cheia.",
    "No site, onde estão as regras, há um formulário.",
    "No contrato, onde consta a cláusula, há um erro.",
    # para mim
    "É difícil para mim aceitar essa proposta.",
    "Para mim, analisar esses dados é prioridade.",
    "Foi um prazer para mim trabalhar com vocês.",
    "Ele pediu para mim o relatório.",
    # aonde
    "Aonde vamos enviar o pedido?",
    "Não sabemos aonde levar o equipamento.",
    "Informe aonde devemos ir.",
    # future subjunctive with a noun subject
    "Se o senhor quiser manter o plano, avise-nos.",
    "Se o objetivo é manter o cliente, ajustaremos.",
    "Se o fato de ter atrasado incomoda, pedimos desculpas.",
    "Quando a empresa puder fazer o pagamento, avisará.",
    # accents and confused verbs
    "Eu o numero de acordo com a ordem.",
    "Ele não o pratica há anos.",
    "Ela critica o relatório, mas a crítica é justa.",
    "Não hesite em nos procurar.",
    "A mecha de cabelo foi cortada.",
    "Existe uma mecha no cabo da vela.",
]


def _issues(text: str) -> list[Issue]:
    return RULES.check(CheckInput(text, "pt-BR", "letter"))


def _describe(text: str, issues: list[Issue]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(i.rule_id, text[i.offset : i.end], i.suggestions) for i in issues]


@pytest.mark.parametrize(("rule", "text", "flagged", "suggestion"), POSITIVE,
                         ids=[f"{r}-{i}" for i, (r, *_x) in enumerate(POSITIVE)])  # fmt: skip
def test_new_rule_flags_the_error(rule: str, text: str, flagged: str, suggestion: str) -> None:
    """Each new rule finds its error, points at the right words and offers the fix first."""
    issues = _issues(text)
    hits = [i for i in issues if i.rule_id == rule]
    assert hits, _describe(text, issues)
    assert text[hits[0].offset : hits[0].end] == flagged
    assert hits[0].suggestions[0] == suggestion
    assert hits[0].category == rule.split(".")[0]
    assert hits[0].message and "{" not in hits[0].message


@pytest.mark.parametrize("text", NEGATIVE)
def test_tricky_correct_sentence_is_not_flagged(text: str) -> None:
    """Correct uses next to each new rule's error raise nothing."""
    assert _describe(text, _issues(text)) == []


def test_every_new_rule_has_three_hits() -> None:
    """At least three positive examples per new rule id, and three negatives each."""
    counts: dict[str, int] = {}
    for rule, *_rest in POSITIVE:
        counts[rule] = counts.get(rule, 0) + 1
    assert min(counts.values()) >= 3, counts
    assert len(NEGATIVE) >= 3 * len(counts)


def test_field_value_is_never_flagged() -> None:
    """A new rule's match that touches a field value is the data's and is left alone."""
    text = "Informe o numero do pedido."
    start = text.index("numero")
    issues = RULES.check(CheckInput(text, "pt-BR", "letter", ((start, start + 6),)))
    assert issues == []
