"""The built-in Brazilian Portuguese rules: each rule's hits, its tricky correct uses, and
zero issues on every shipped pt-BR template and clean letter (precision first).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from proofing_corpus import CORPUS_DIR

from desktop.core.paths import AppPaths
from desktop.core.proofing.documents import document_text
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules import builtin_rule_sets
from desktop.core.proofing.rules.pt_br import checker
from desktop.core.proofing.text import paragraphs
from desktop.core.services.sample_values import sample_values
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

RULES = checker("pt-BR")

# (rule id, text, flagged text, first suggestion)
POSITIVE = [
    # crase before masculine words, verbs, indefinite articles, pronouns, plurals
    ("grammar.pt.crase_masculine", "Enviamos a carta à pedido do cliente.", "à", "a"),
    ("grammar.pt.crase_masculine", "O documento foi encaminhado à setor de compras.", "à", "ao"),
    ("grammar.pt.crase_masculine", "Pagamento à prazo não está disponível.", "à", "a"),
    ("grammar.pt.crase_masculine", "Entregamos o relatório à Departamento Jurídico.", "à", "ao"),
    ("grammar.pt.crase_masculine", "Os descontos valem às produtos importados.", "às", "aos"),
    ("grammar.pt.crase_verb", "À partir de amanhã o prazo muda.", "À", "A"),
    ("grammar.pt.crase_verb", "Temos duas faturas à pagar.", "à", "a"),
    ("grammar.pt.crase_verb", "Começamos à enviar os pedidos ontem.", "à", "a"),
    ("grammar.pt.crase_indefinite", "Entregamos o pacote à uma vizinha.", "à", "a"),
    ("grammar.pt.crase_indefinite", "Fizemos referência à um contrato antigo.", "à", "a"),
    ("grammar.pt.crase_indefinite", "A proposta foi enviada à umas empresas.", "à", "a"),
    ("grammar.pt.crase_pronoun", "Entregamos o documento à ela pessoalmente.", "à", "a"),
    ("grammar.pt.crase_pronoun", "Informamos à você que o prazo terminou.", "à", "a"),
    ("grammar.pt.crase_pronoun", "Encaminhamos à V.Sa. a cópia do contrato.", "à", "a"),
    ("grammar.pt.crase_pronoun", "Solicitamos à Vossa Senhoria o envio da nota.", "à", "a"),
    ("grammar.pt.crase_pronoun", "À esta altura o pedido já chegou.", "À", "A"),
    ("grammar.pt.crase_pronoun", "Referimo-nos à aquela reunião de março.", "à aquela", "àquela"),
    ("grammar.pt.crase_plural", "O aviso foi enviado à pessoas cadastradas.", "à", "às"),
    ("grammar.pt.crase_plural", "Agradecemos à todos pela paciência.", "à", "a"),
    ("grammar.pt.crase_plural", "Respondemos à clientes de todo o país.", "à", "a"),
    # crase required in fixed phrases
    ("grammar.pt.crase_required", "Permanecemos a disposição para esclarecimentos.", "a", "à"),
    ("grammar.pt.crase_required", "Estamos inteiramente a disposição.", "a", "à"),
    ("grammar.pt.crase_required", "A reunião será as 10h na sala 3.", "as", "às"),
    ("grammar.pt.crase_required", "Atendemos das 9h as 18h.", "as", "às"),
    ("grammar.pt.crase_required", "O desconto vale para pagamento a vista.", "a", "à"),
    ("grammar.pt.crase_required", ", a medida que os pedidos chegam, separamos tudo.", "a", "à"),
    ("grammar.pt.crase_required", "A entrega será amanhã a tarde.", "a", "à"),
    ("grammar.pt.crase_required", "O atraso ocorreu devido a greve dos Correios.", "a", "à"),
    ("grammar.pt.crase_required", "Em relação a cobrança, informamos que foi cancelada.", "a", "à"),
    ("grammar.pt.crase_required", "Devido as chuvas, a entrega atrasou.", "as", "às"),
    ("grammar.pt.crase_required", "O atraso foi devido o feriado.", "o", "ao"),
    ("grammar.pt.crase_required", "Estamos a procura de um fornecedor.", "a", "à"),
    ("grammar.pt.crase_required", "Fique a vontade para nos ligar.", "a", "à"),
    ("grammar.pt.crase_required", "As vezes o sistema demora.", "As", "Às"),
    ("grammar.pt.crase_required", "A reunião será as 14 horas.", "as", "às"),
    ("grammar.pt.crase_required", "Aceitamos pagamento a vista ou a prazo.", "a", "à"),
    ("grammar.pt.crase_pronoun", "Dirigimo-nos à Vossa Senhoria com respeito.", "à", "a"),
    # impersonal haver and fazer
    ("grammar.pt.haver_impersonal", "Haviam muitos pedidos pendentes.", "Haviam", "Havia"),
    ("grammar.pt.haver_impersonal", "Ontem houveram problemas no sistema.", "houveram", "houve"),
    ("grammar.pt.haver_impersonal", "Esperamos que não hajam novas falhas.", "hajam", "haja"),
    ("grammar.pt.haver_impersonal", "Podem haver atrasos na entrega.", "Podem haver", "Pode haver"),
    ("grammar.pt.haver_impersonal", "Haviam apenas dois técnicos.", "Haviam", "Havia"),
    ("grammar.pt.fazer_impersonal", "Fazem dois anos que sou cliente.", "Fazem", "Faz"),
    ("grammar.pt.fazer_impersonal", "Já fazem três meses desde a compra.", "fazem", "faz"),
    ("grammar.pt.fazer_impersonal", "Amanhã vão fazer dez dias.", "vão fazer", "vai fazer"),
    ("grammar.pt.fazer_impersonal", "Fizeram cinco semanas que aguardo.", "Fizeram", "Fez"),
    # a gente
    ("grammar.pt.a_gente", "A gente fomos ao banco ontem.", "fomos", "foi"),
    ("grammar.pt.a_gente", "Amanhã a gente vamos resolver.", "vamos", "vai"),
    ("grammar.pt.a_gente", "A gente não recebemos a fatura.", "recebemos", "recebe"),
    (
        "grammar.pt.a_gente",
        "Quando a gente enviávamos os pedidos, tudo corria bem.",
        "enviávamos",
        "enviava",
    ),
    # subject-verb agreement, tem/têm
    ("grammar.pt.subject_verb", "Os pedidos foi enviado ontem.", "foi", "foram"),
    ("grammar.pt.subject_verb", "Os clientes recebeu a fatura.", "recebeu", "receberam"),
    (
        "grammar.pt.subject_verb",
        "Informamos que as notas fiscais está disponível.",
        "está",
        "estão",
    ),
    ("grammar.pt.subject_verb", "Vários clientes reclamou do atraso.", "reclamou", "reclamaram"),
    ("grammar.pt.subject_verb", "Eles não pode assinar o contrato.", "pode", "podem"),
    ("grammar.pt.tem_plural", "Eles tem direito ao reembolso.", "tem", "têm"),
    ("grammar.pt.tem_plural", "Os clientes tem até sexta-feira.", "tem", "têm"),
    ("grammar.pt.tem_plural", "Vocês não tem pendências.", "tem", "têm"),
    ("grammar.pt.tem_plural", "As peças vem da fábrica.", "vem", "vêm"),
    # noun-adjective agreement
    ("grammar.pt.noun_adjective", "Recebemos os produtos danificado.", "danificado", "danificados"),
    ("grammar.pt.noun_adjective", "Conferimos as faturas pago no mês.", "pago", "pagas"),
    ("grammar.pt.noun_adjective", "Enviamos uma fatura corrigido.", "corrigido", "corrigida"),
    ("grammar.pt.noun_adjective", "Os pedidos foram enviado ontem.", "enviado", "enviados"),
    ("grammar.pt.noun_adjective", "As notas estão anexado ao processo.", "anexado", "anexadas"),
    ("grammar.pt.determiner_noun", "Recebemos os produto ontem.", "produto", "produtos"),
    ("grammar.pt.determiner_noun", "As fatura venceram na sexta.", "fatura", "faturas"),
    ("grammar.pt.determiner_noun", "Nossos cliente reclamaram.", "cliente", "clientes"),
    (
        "grammar.pt.determiner_noun",
        "Revisamos as informação do cadastro.",
        "informação",
        "informações",
    ),
    ("grammar.pt.anexo_agreement", "Segue anexo os documentos.", "Segue anexo", "Seguem anexos"),
    (
        "grammar.pt.anexo_agreement",
        "Seguem anexo as faturas de março.",
        "Seguem anexo",
        "Seguem anexas",
    ),
    ("grammar.pt.anexo_agreement", "Segue anexo a nota fiscal.", "Segue anexo", "Segue anexa"),
    (
        "grammar.pt.necessario_agreement",
        "Fazem-se necessário os ajustes.",
        "Fazem-se necessário",
        "Fazem-se necessários",
    ),
    (
        "grammar.pt.necessario_agreement",
        "Faz-se necessário a presença do titular.",
        "Faz-se necessário",
        "Faz-se necessária",
    ),
    (
        "grammar.pt.necessario_agreement",
        "Fazem-se necessário enviar os documentos.",
        "Fazem-se necessário",
        "Faz-se necessário",
    ),
    ("grammar.pt.noun_adjective", "As notas fiscais emitido ontem.", "emitido", "emitidas"),
    # mal/mau, mas/mais
    ("grammar.pt.mal_mau", "Peço desculpas pelo mal entendido.", "mal entendido", "mal-entendido"),
    ("grammar.pt.mal_mau", "O cliente foi mau atendido.", "mau", "mal"),
    ("grammar.pt.mal_mau", "Pedimos desculpas pelo mal atendimento.", "mal", "mau"),
    ("grammar.pt.mal_mau", "Foi um mal negócio para todos.", "mal", "mau"),
    ("grammar.pt.mal_mau", "Tivemos uma mal experiência.", "mal", "má"),
    ("grammar.pt.mal_mau", "O texto estava mau escrito.", "mau", "mal"),
    ("grammar.pt.mas_mais", "Paguei a fatura, mais eu não recebi o recibo.", "mais", "mas"),
    ("grammar.pt.mas_mais", "Enviamos o pedido, mais não houve resposta.", "mais", "mas"),
    ("grammar.pt.mas_mais", "O valor é mas ou menos o mesmo.", "mas", "mais"),
    ("grammar.pt.mas_mais", "Os prazos estão cada vez mas curtos.", "mas", "mais"),
    # há/a
    ("grammar.pt.ha_a", "Liguei a dois dias e ninguém atendeu.", "a", "há"),
    (
        "grammar.pt.ha_a",
        "O pedido foi feito a três semanas atrás.",
        "a três semanas atrás",
        "há três semanas",
    ),
    ("grammar.pt.ha_a", "Recebemos o pagamento a cinco dias.", "a", "há"),
    ("grammar.pt.ha_a", "Fiz o pedido a três semanas.", "a", "há"),
    ("grammar.pt.ha_a", "Enviamos o pedido a uma semana.", "a", "há"),
    ("grammar.pt.daqui_a", "A entrega será daqui há dois dias.", "há", "a"),
    ("grammar.pt.daqui_a", "Daqui há uma semana voltamos a falar.", "há", "a"),
    ("grammar.pt.daqui_a", "O prazo vence daqui à três dias.", "à", "a"),
    (
        "style.pt.pleonasm",
        "Recebemos o pedido há dois dias atrás.",
        "há dois dias atrás",
        "há dois dias",
    ),
    (
        "style.pt.pleonasm",
        "Isso aconteceu há muito tempo atrás.",
        "há muito tempo atrás",
        "há muito tempo",
    ),
    # porquês
    ("grammar.pt.porque", "Porque o pedido não chegou?", "Porque", "Por que"),
    ("grammar.pt.porque", "O pedido não chegou por que?", "por que", "por quê"),
    ("grammar.pt.porque", "Não entendemos o porque da recusa.", "porque", "porquê"),
    ("grammar.pt.porque", "Gostaria de saber porque a fatura veio alta.", "porque", "por que"),
    ("grammar.pt.porque", "Por quê o pedido atrasou?", "Por quê", "Por que"),
    # a nível de, onde, ao invés de, de encontro a
    ("style.pt.a_nivel_de", "A nível de empresa, não há mudanças.", "A nível", "Em nível"),
    ("style.pt.a_nivel_de", "A decisão foi tomada a nível nacional.", "a nível", "em nível"),
    ("style.pt.a_nivel_de", "Houve melhorias a nível do atendimento.", "a nível", "em nível"),
    ("grammar.pt.onde", "A reunião onde decidimos o prazo foi ontem.", "onde", "em que"),
    ("grammar.pt.onde", "Houve um momento onde o sistema parou.", "onde", "em que"),
    ("grammar.pt.onde", "É uma situação onde todos perdem.", "onde", "em que"),
    (
        "style.pt.ao_inves_de",
        "Ao invés de enviar a fatura, enviamos o boleto.",
        "Ao invés",
        "Em vez",
    ),
    ("style.pt.ao_inves_de", "Use o formulário novo ao invés do antigo.", "ao invés", "em vez"),
    ("style.pt.ao_inves_de", "Pagou em dinheiro ao invés da transferência.", "ao invés", "em vez"),
    (
        "style.pt.de_encontro_a",
        "A proposta vem de encontro às suas necessidades.",
        "de encontro às",
        "ao encontro das",
    ),
    (
        "style.pt.de_encontro_a",
        "A medida vai de encontro ao que pedimos.",
        "de encontro ao",
        "ao encontro do",
    ),
    (
        "style.pt.de_encontro_a",
        "O plano veio de encontro a nossos interesses.",
        "de encontro a",
        "ao encontro de",
    ),
    # pleonasms
    ("style.pt.pleonasm", "O preço subiu para cima do esperado.", "subiu para cima", "subiu"),
    ("style.pt.pleonasm", "Ele é o elo de ligação entre os setores.", "elo de ligação", "elo"),
    (
        "style.pt.pleonasm",
        "Foi uma surpresa inesperada para todos.",
        "surpresa inesperada",
        "surpresa",
    ),
    ("style.pt.pleonasm", "Temos planos para o futuro da loja.", "planos para o futuro", "planos"),
    ("style.pt.pleonasm", "Falta o acabamento final da peça.", "acabamento final", "acabamento"),
    ("style.pt.pleonasm", "Vamos encarar de frente o problema.", "encarar de frente", "encarar"),
    (
        "style.pt.pleonasm",
        "A empresa tem o monopólio exclusivo da venda.",
        "monopólio exclusivo",
        "monopólio",
    ),
    ("style.pt.pleonasm", "Houve consenso geral na reunião.", "consenso geral", "consenso"),
    ("style.pt.pleonasm", "Não há outra alternativa.", "outra alternativa", "alternativa"),
    ("style.pt.pleonasm", "Segue anexo junto o recibo.", "anexo junto", "anexo"),
    ("style.pt.pleonasm", "Descemos para baixo com as caixas.", "Descemos para baixo", "Descemos"),
    # meio, menos, future subjunctive, entre mim
    ("grammar.pt.meio", "A cliente ficou meia chateada.", "meia", "meio"),
    ("grammar.pt.meio", "Estou meia cansada hoje.", "meia", "meio"),
    ("grammar.pt.meio", "A porta estava meia aberta.", "meia", "meio"),
    ("grammar.pt.menos", "Houve menas reclamações este mês.", "menas", "menos"),
    ("grammar.pt.menos", "Menas pessoas compareceram.", "Menas", "Menos"),
    ("grammar.pt.menos", "Gastamos menas horas no projeto.", "menas", "menos"),
    ("grammar.pt.future_subjunctive", "Quando eu ver o e-mail, respondo.", "ver", "vir"),
    ("grammar.pt.future_subjunctive", "Se você ver algum erro, avise-nos.", "ver", "vir"),
    (
        "grammar.pt.future_subjunctive",
        "Assim que eles fazerem o pagamento, enviaremos.",
        "fazerem",
        "fizerem",
    ),
    ("grammar.pt.future_subjunctive", "Se eu poder ajudar, ligo amanhã.", "poder", "puder"),
    ("grammar.pt.future_subjunctive", "Quando o senhor ter a nota, envie-a.", "ter", "tiver"),
    ("grammar.pt.future_subjunctive", "Quando fazer o pedido, informe o CPF.", "fazer", "fizer"),
    ("grammar.pt.entre_mim", "Isso fica entre eu e você.", "eu", "mim"),
    ("grammar.pt.entre_mim", "O acordo entre você e eu foi cumprido.", "eu", "mim"),
    ("grammar.pt.entre_mim", "Entre eu e o gerente não há conflito.", "eu", "mim"),
    ("grammar.pt.a_fim_de", "Escrevemos afim de esclarecer o ocorrido.", "afim", "a fim"),
    ("grammar.pt.a_fim_de", "Ligamos afim de confirmar o pedido.", "afim", "a fim"),
    ("grammar.pt.a_fim_de", "Enviamos o recibo afim de que possa conferir.", "afim", "a fim"),
    ("grammar.pt.impersonal_se", "Tratam-se de casos isolados.", "Tratam", "Trata"),
    ("grammar.pt.impersonal_se", "Precisam-se de vendedores.", "Precisam", "Precisa"),
    ("grammar.pt.impersonal_se", "Neste caso, tratam-se de valores pequenos.", "tratam", "trata"),
    (
        "grammar.pt.haja_vista",
        "Haja visto o atraso, cancelamos o pedido.",
        "Haja visto",
        "Haja vista",
    ),
    (
        "grammar.pt.haja_vista",
        "Cancelamos o pedido, haja visto o atraso.",
        "haja visto",
        "haja vista",
    ),
    (
        "grammar.pt.haja_vista",
        "O prazo foi mantido. Haja visto a urgência, priorizamos o caso.",
        "Haja visto",
        "Haja vista",
    ),
]

# Correct sentences, many of them near misses of a rule: the rule set must say nothing.
NEGATIVE = [
    # crase
    "A partir de amanhã o prazo muda.",
    "Enviamos a carta a pedido do cliente.",
    "Encaminhamos a nota à gerente de vendas.",
    "Agradecemos à cliente pela paciência.",
    "Entregamos a fatura à Receita Federal.",
    "Referimo-nos àquela reunião de março.",
    "A reunião começa à uma hora.",
    "Chegamos à uma e meia.",
    "Entregamos o pacote à senhora Maria.",
    "Pedimos à sua equipe que confira o pedido.",
    "O pagamento pode ser feito a prazo ou à vista.",
    "Respondemos a pessoas de todo o país.",
    "Atendemos às pessoas com prioridade.",
    "A loja fica à direita do banco.",
    "Fomos à filial do centro.",
    "Às vezes o sistema demora.",
    "O atendimento vai das 9h às 18h.",
    "A reunião foi marcada para as 10h.",
    "Trabalhamos até as 18h.",
    "Todas as vezes que ligamos, fomos atendidos.",
    "Contamos as vezes em que o sistema parou.",
    "A medida que adotamos foi eficaz.",
    "À medida que os pedidos chegam, separamos as caixas.",
    "A disposição dos móveis mudou.",
    "Estamos a sua disposição.",
    "A vista da sala é bonita.",
    "Passamos a tarde analisando o caso.",
    "Quanto a entrega vai custar?",
    "Quanto à entrega, informamos que será amanhã.",
    "Devido a uma falha, o pedido atrasou.",
    "Devido a falhas no sistema, o pedido atrasou.",
    "Devido à greve, a entrega atrasou.",
    "Em relação a essa cobrança, informamos que foi cancelada.",
    "A procura de produtos aumentou em março.",
    "Comparamos as nossas taxas às dos concorrentes.",
    "Segue junto a fatura do mês.",
    # haver, fazer
    "Os técnicos haviam enviado os relatórios.",
    "Havia muitos pedidos pendentes.",
    "Eles haviam já recebido a resposta.",
    "Os clientes houveram de esperar.",
    "Os técnicos fazem duas horas de plantão por dia.",
    "Faz dois anos que sou cliente.",
    "Os estagiários fazem trinta dias na empresa amanhã.",
    "Eles fazem duas horas extras.",
    "Deve haver algum engano.",
    "Eles podem haver recebido a carta.",
    # a gente
    "A gente vai resolver o problema.",
    "A gente foi ao banco ontem.",
    "Ele ajudou a gente, e fomos embora.",
    "A gente mesmo verificou o pedido.",
    # agreement
    "Os pedidos foram enviados ontem.",
    "A entrega dos pedidos foi feita ontem.",
    "A entrega para os clientes foi feita ontem.",
    "Todos os dias chega um pedido novo.",
    "Os Lusíadas é um poema épico.",
    "Para eles é importante receber a nota.",
    "Os senhores têm direito ao reembolso.",
    "Eles têm razão.",
    "Ele tem razão.",
    "Uma vez resolvido o problema, enviaremos o produto.",
    "Ela ficou um pouco cansada.",
    "Nós os temos enviado todos os meses.",
    "Isso o deixou preocupado.",
    "O valor pago foi devolvido.",
    "As faturas pagas estão no sistema.",
    "Os produtos danificados serão trocados.",
    "Os dados informados pelo cliente estão corretos.",
    "Seguem anexos os documentos.",
    "Segue anexa a fatura.",
    "Segue em anexo o relatório.",
    "Seguem em anexo as faturas.",
    "Faz-se necessário enviar os documentos.",
    "Fazem-se necessários alguns ajustes.",
    "Faz-se necessária a presença do titular.",
    # mal/mau, mas/mais
    "O cliente foi mal atendido.",
    "Pedimos desculpas pelo mau atendimento.",
    "Foi um mau resultado para todos.",
    "Houve um mal-entendido.",
    "O mal causado será reparado.",
    "Mal chegamos e o sistema parou.",
    "Tivemos uma má experiência.",
    "O sistema está em mau estado.",
    "Enviamos dois pacotes, mais um envelope.",
    "Tentamos, mais uma vez, contato por telefone.",
    "Precisamos de mais tempo.",
    "Paguei a fatura, mas não recebi o recibo.",
    "Mais uma vez, pedimos desculpas.",
    # há/a
    "Liguei há dois dias e ninguém atendeu.",
    "Estamos a dois dias do vencimento.",
    "O prazo é de dois a cinco dias.",
    "A entrega será feita daqui a dois dias.",
    "O prazo foi reduzido a dois dias.",
    "O prazo passou a trinta dias.",
    "O prazo chegou a dez dias.",
    "Há dois dias recebemos o pedido.",
    "Moramos a duas horas do centro.",
    # porquês
    "Por que o pedido não chegou?",
    "O pedido não chegou por quê?",
    "Não entendemos o porquê da recusa.",
    "Gostaria de saber por que a fatura veio alta.",
    "O pedido atrasou porque houve uma greve.",
    "Escolhemos este porque é mais barato.",
    "Este é o motivo por que escrevemos.",
    "Não enviamos porque o sistema caiu.",
    # a nível de, onde, ao invés de, de encontro a
    "A cidade fica ao nível do mar.",
    "Subimos de nível no programa de fidelidade.",
    "O nível de satisfação subiu.",
    "A loja onde comprei fica no centro.",
    "No contrato, onde consta a cláusula, há um erro.",
    "O site onde o pedido foi feito está fora do ar.",
    "A reunião em que decidimos o prazo foi ontem.",
    "Em vez de enviar a fatura, enviamos o boleto.",
    "A proposta vem ao encontro das suas necessidades.",
    "Fomos ao encontro do cliente na recepção.",
    # pleonasms and others
    "O preço subiu muito.",
    "Ele é o elo entre os setores.",
    "Temos planos para a loja.",
    "O acabamento da peça está ótimo.",
    "Não há alternativa.",
    "Segue anexo o recibo.",
    "Descemos com as caixas.",
    "A reunião durou meia hora.",
    "Compramos meia dúzia de caixas.",
    "A meia rasgada foi trocada.",
    "A cliente ficou meio chateada.",
    "Houve menos reclamações este mês.",
    "Quando eu vir o e-mail, respondo.",
    "Se você vir algum erro, avise-nos.",
    "Vamos ver o pedido amanhã.",
    "Ela gosta de se ver no espelho.",
    "Se por acaso o pacote chegar, avise-nos.",
    "Quando terminar, avise-nos.",
    "Isso fica entre mim e você.",
    "Entre eles e nós não há conflito.",
    "Escrevemos a fim de esclarecer o ocorrido.",
    "São produtos afins.",
    "Trata-se de casos isolados.",
    "Precisa-se de vendedores.",
    "Haja vista o atraso, cancelamos o pedido.",
    "Esperamos que ele haja visto o e-mail.",
    "Estamos à disposição para quaisquer esclarecimentos.",
    # more near misses
    "Houve vários problemas na entrega.",
    "Entregamos a encomenda à vizinha.",
    "Chegamos à conclusão de que houve um erro.",
    "Devido à alta demanda, o prazo aumentou.",
    "Ao invés de subir, o preço desceu.",
    "Muita gente reclamou do atraso.",
    "Os Estados Unidos são um mercado importante.",
    "Estamos a uma hora do centro.",
    "A entrega ocorre a cada dois dias.",
    "Daqui a pouco enviaremos a resposta.",
    "Encaminho anexo o relatório.",
    "Os produtos vêm com manual.",
    "Pedimos desculpas, mais uma vez, pelo transtorno.",
    "A maioria dos pedidos chegou no prazo.",
    "Segue anexo a esta mensagem o contrato assinado.",
    "Saiba quando fazer a troca do produto.",
    "O processo onde consta o parecer está no arquivo.",
    "As 40 horas semanais foram cumpridas.",
    "Cumprimos as 8 horas de trabalho.",
    "O prazo foi reduzido a dois dias.",
    "Eu os atendo pessoalmente.",
    "O pedido chegou uma semana atrasado.",
    "O técnico chegou uma hora adiantado.",
    "Nós os recebemos ontem.",
    "Os dias passaram depressa.",
    "Recebemos os produtos e as faturas.",
]


def _issues(text: str, protected: tuple[tuple[int, int], ...] = ()) -> list[Issue]:
    return RULES.check(CheckInput(text, "pt-BR", "memo", protected))


def _describe(text: str, issues: list[Issue]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(i.rule_id, text[i.offset : i.end], i.suggestions) for i in issues]


@pytest.mark.parametrize(("rule", "text", "flagged", "suggestion"), POSITIVE,
                         ids=[f"{r}-{i}" for i, (r, *_x) in enumerate(POSITIVE)])  # fmt: skip
def test_rule_flags_the_error_and_suggests_the_fix(
    rule: str, text: str, flagged: str, suggestion: str
) -> None:
    """Each rule finds its error, points at the right words and offers the corrected text."""
    issues = _issues(text)
    hits = [i for i in issues if i.rule_id == rule]
    assert hits, _describe(text, issues)
    issue = hits[0]
    assert text[issue.offset : issue.end] == flagged
    assert issue.suggestions[0] == suggestion
    assert issue.message and issue.severity in ("warning", "hint")
    assert issue.category == ("style" if rule.startswith("style.") else "grammar")


@pytest.mark.parametrize("text", NEGATIVE)
def test_correct_sentence_is_not_flagged(text: str) -> None:
    """Correct uses next to each rule's error (the tricky ones) raise nothing."""
    assert _describe(text, _issues(text)) == []


def test_every_rule_has_three_hits_and_three_correct_counterparts() -> None:
    """The suite keeps at least three positive examples per rule id."""
    counts: dict[str, int] = {}
    for rule, *_rest in POSITIVE:
        counts[rule] = counts.get(rule, 0) + 1
    assert min(counts.values()) >= 3, counts
    assert len(NEGATIVE) >= 3 * len(counts)


def test_field_values_are_never_flagged() -> None:
    """An error inside a field value, or a rule needing one, is the data's and is left alone."""
    text = "Prezado cliente, segue o texto: Haviam muitos pedidos à pagar."
    value = text.index("Haviam")
    assert _issues(text)
    assert _issues(text, ((value, len(text) - 1),)) == []


def test_errors_in_template_text_are_found_beside_field_values() -> None:
    """A protected value elsewhere does not hide an error in the template's own words."""
    text = "O pedido PED-1 foi enviado à pedido de Carla Dias."
    name = text.index("Carla")
    issues = _issues(text, ((name, name + len("Carla Dias")),))
    assert [i.rule_id for i in issues] == ["grammar.pt.crase_masculine"]


def test_offsets_are_relative_to_the_paragraph_and_several_errors_are_found() -> None:
    """Two errors in one paragraph come back in order with their own offsets."""
    text = "Prezado Senhor,\n\nHaviam dois erros. Os clientes recebeu a carta à pedido do setor."
    start, end = paragraphs(text)[1]
    issues = RULES.check(CheckInput(text[start:end], "pt-BR"))
    assert [text[start + i.offset : start + i.end] for i in issues] == ["Haviam", "recebeu", "à"]


def test_rule_set_is_registered_for_pt_br_only() -> None:
    """The engine finds the rule set by language and reports its name."""
    names = [r.name for r in builtin_rule_sets("pt-BR")]
    assert names == ["builtin-pt-BR"]
    assert "builtin-pt-BR" not in [r.name for r in builtin_rule_sets("en")]


def test_the_proofer_reports_the_rules_and_their_issues(shared_proofer) -> None:
    """Through the proofer, a pt-BR memo gets the built-in grammar issues and names the rules."""
    report = shared_proofer.check_text("Haviam muitos pedidos pendentes.", "pt-BR", kind="memo")
    assert "builtin-pt-BR" in report.grammar
    assert any(i.rule_id == "grammar.pt.haver_impersonal" for i in report.issues)


def _shipped_texts() -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    catalog = Catalog.load(None)
    profile = load_settings(AppPaths(Path("/nonexistent-missiva"))).organisation
    today = dt.date(2026, 11, 22)
    texts = []
    for template_id, language in sorted(catalog.items):
        if language != "pt-BR":
            continue
        template = catalog.get(template_id, language)
        doc = compose(template, sample_values(template, today), profile, today=today)
        text, spans = document_text(doc)
        texts.append((template_id, text, spans))
    corpus = yaml.safe_load((CORPUS_DIR / "pt-BR.yaml").read_text(encoding="utf-8"))
    for n, letter in enumerate(corpus["clean_letters"]):
        texts.append((f"clean_letter_{n}", letter["text"], []))
    for sentence in corpus["sentences"]:
        if not sentence["expect"]:
            texts.append(("clean_sentence", sentence["text"], []))
    plain = (CORPUS_DIR / "plain_letters" / "pt-BR.txt").read_text(encoding="utf-8")
    texts.append(("plain_letter", plain, []))
    return texts


SHIPPED = _shipped_texts()


@pytest.mark.parametrize(("name", "text", "spans"), SHIPPED, ids=[t[0] for t in SHIPPED])
def test_shipped_correct_text_raises_nothing(name: str, text: str, spans: list) -> None:
    """Every shipped pt-BR template (with sample values, read as plain text: the values are
    not protected) and every clean letter of the corpus gets zero issues.
    """
    found = []
    for start, end in paragraphs(text):
        found += _describe(text[start:end], _issues(text[start:end]))
    assert found == []
