"""Word lists of the built-in Brazilian Portuguese rules (data only; see ``pt_br.py``).

Compiled by hand for Missiva from general knowledge of Portuguese grammar (no third-party
list was copied). Gender comes from these lists plus a few safe endings; the Hunspell pt_BR
dictionary was checked and not used: its flags describe inflection (plural, -inho/-inha
diminutives), not gender, and frequent office nouns (pedido, fatura, parte) are missing as
stems. Every list stays small and frequent-first: a word missing here is a rule that does not
fire (precision first), never a false alarm.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """Return the set of the white-space separated words of a text."""
    return frozenset(text.split())


# Masculine nouns frequent in office text whose ending does not tell their gender (-e, -l, -a,
# -z, -m ...). Words ending in -o, -or, -mento, -ismo are masculine by the ending rule.
MASCULINE = words(
    """
    atendimento pagamento valor setor prazo pedido produto contrato documento serviço frete
    telefone item boleto cartão reembolso estorno desconto orçamento processo protocolo recibo
    relatório sistema problema programa prejuízo dia mês ano momento período horário senhor
    diretor funcionário usuário juiz ministério governo banco site portal aplicativo acordo
    assunto caso motivo interesse objetivo ofício memorando comunicado aviso envio recebimento
    conserto reparo defeito preço custo imposto tributo crédito débito saldo extrato depósito
    cheque dinheiro real dólar euro trabalho emprego cargo salário benefício plano seguro
    sinistro veículo carro endereço local lugar espaço escritório prédio edifício estoque
    armazém centro município estado país mercado comércio mundo público cidadão requerimento
    recurso parecer despacho decreto regulamento código artigo parágrafo inciso anexo termo
    vencimento cancelamento agendamento retorno contato telefonema chamado cupom vale brinde
    presente convite evento encontro curso treinamento projeto estudo teste resultado exame
    laudo atestado certificado diploma histórico registro login acesso dano erro equívoco atraso
    transtorno incômodo inconveniente ocorrido fato respeito tema grupo time conselho comitê
    órgão tribunal cartório nível modo jeito tipo tamanho peso volume pacote material
    equipamento aparelho dispositivo computador celular notebook software servidor arquivo
    formulário campo perfil fim favor pé caminho rigor papel hotel hospital jornal canal painel
    imóvel automóvel móvel tema esquema clima idioma dilema lema mapa pijama cinema planeta
    cometa sofá chefe clube lote leite nome sobrenome poder dever prazer lazer ar mar bar lar
    par açúcar sabor humor amor calor rumor favor email e-mail mouse pen-drive whatsapp feedback
    link departamento núcleo gabinete diretório instituto sindicato condomínio colégio fundo
    negócio exemplo hábito gosto uso desempenho cheiro pagador aluno caráter agouro investimento
    funcionamento comportamento planejamento gerenciamento procedimento tratamento
    """
)

# Feminine nouns frequent in office text whose ending does not tell their gender.
FEMININE = words(
    """
    parte noite tarde greve fase base frase classe sede rede chave gente mente morte sorte fome
    febre nave neve nuvem ordem margem imagem mensagem viagem garagem embalagem postagem
    contagem vantagem desvantagem hospedagem triagem abordagem cor dor flor mulher colher lei
    vez voz paz luz cruz foz raiz matriz diretriz análise crise síntese tese hipótese ênfase
    filial capital moral vogal catedral credencial sucursal mão foto moto tribo libido
    """
)

# Nouns of both genders (o/a cliente): never used to judge a crase.
COMMON_GENDER = words(
    """
    cliente gerente presidente agente representante colega atendente responsável titular
    contribuinte estudante paciente assistente adolescente jovem participante requerente
    interessado modelo soprano rádio personagem servente docente dirigente integrante
    """
)

# Feminine words ending in -o (the ending rule would call them masculine).
FEMININE_O = frozenset({"foto", "moto", "tribo", "libido", "rádio", "modelo", "soprano", "virago"})

# Masculine words ending in -a (the ending rule would call them feminine).
MASCULINE_A = words(
    """
    dia guia mapa sofá problema sistema programa tema esquema clima idioma dilema lema
    telefonema diploma drama poema emblema estigma trauma pijama cinema planeta cometa panorama
    prisma fantasma axioma aroma carisma dogma enigma diagrama organograma cronograma fluxograma
    teorema sintoma
    """
)

# Words ending in -s that are singular (or the same in both numbers).
SINGULAR_S = words(
    """
    mês país lápis ônibus vírus tênis atlas pires simples íris cútis diabetes herpes bônus ônus
    status campus corpus gás ás rês pós mais menos pois depois após através atrás trás jamais
    apenas português inglês francês japonês chinês freguês burguês marquês cortês revés convés
    invés viés retrós obus bis tórax xerox
    """
)

# Nouns ending in -ado/-ido/-ada/-ida (not participles in the rules that look for those).
PARTICIPLE_LIKE_NOUNS = words(
    """
    pedido resultado mercado estado cuidado recado advogado certificado comunicado atestado
    feriado sábado dado lado partido sentido marido apelido tecido ouvido comprimido conteúdo
    líquido bocado pecado prado ruído vestido fado gado soldado deputado delegado cunhado
    namorado convidado empregado associado aliado legado teclado telhado bordado selado ditado
    agrado enfado fiado julgado mandado eleitorado reinado senado juizado consulado doutorado
    mestrado bacharelado ocorrido débito significado pescado tratado enunciado chamado entrada
    jornada temporada parada escada estada vida saída medida partida corrida descida subida
    chegada passada largada rodada camada pancada caminhada jogada risada cilada calçada morada
    armada década moeda nada cada estrada ferida bebida comida dúvida divida dívida guarida ida
    lida despedida recaída acolhida batida
    """
)

# Subject pronouns and adverbs that may sit between a subject and its verb.
ADVERBS = words(
    """
    não já também ainda só sempre nunca realmente apenas somente jamais talvez
    """
)

# Prepositions: a noun phrase right after one is not the subject of the next verb.
PREPOSITIONS = words(
    """
    a ante após até com contra de desde em entre para perante por sem sob sobre trás do da dos
    das no na nos nas pelo pela pelos pelas ao aos à às num numa dum duma
    """
)

# Words that open a clause (a subject may follow them).
CLAUSE_OPENERS = words(
    """
    e mas que quando se porque como pois enquanto embora caso ou nem onde logo porém contudo
    todavia entretanto assim então
    """
)

NUMBER_WORDS = words(
    """
    um uma dois duas três quatro cinco seis sete oito nove dez onze doze treze catorze quatorze
    quinze dezesseis dezessete dezoito dezenove vinte trinta quarenta cinquenta sessenta setenta
    oitenta noventa cem cento duzentos trezentos quinhentos mil
    """
)

QUANTIFIERS = words(
    """
    muitos muitas vários várias diversos diversas alguns algumas poucos poucas tantos tantas
    inúmeros inúmeras outros outras certos certas bastantes
    """
)

TIME_UNITS = words(
    """
    segundo segundos minuto minutos hora horas dia dias semana semanas mês meses ano anos década
    décadas século séculos tempo tempos quinzena quinzenas bimestre bimestres trimestre
    trimestres semestre semestres
    """
)

# Singular verbs that a plural subject cannot take, with their plural (3rd person).
SINGULAR_TO_PLURAL = {
    "foi": "foram", "é": "são", "está": "estão", "era": "eram", "estava": "estavam",
    "será": "serão", "estará": "estarão", "seria": "seriam", "estaria": "estariam",
    "tem": "têm", "tinha": "tinham", "teve": "tiveram", "terá": "terão", "teria": "teriam",
    "pode": "podem", "podia": "podiam", "pôde": "puderam", "poderá": "poderão",
    "poderia": "poderiam", "deve": "devem", "devia": "deviam", "deverá": "deverão",
    "deveria": "deveriam", "precisa": "precisam", "continua": "continuam",
    "permanece": "permanecem", "segue": "seguem", "vai": "vão", "ia": "iam", "fica": "ficam",
    "parece": "parecem", "consta": "constam", "fez": "fizeram", "faz": "fazem",
    "veio": "vieram", "vem": "vêm", "disse": "disseram", "trouxe": "trouxeram",
    "soube": "souberam", "quis": "quiseram", "pôs": "puseram", "deu": "deram",
    "existe": "existem", "chega": "chegam", "sai": "saem", "estão": "estão",
}  # fmt: skip

# Non-verbs ending like a 3rd person preterite (-ou, -eu, -iu).
NOT_PRETERITE = words(
    """
    sou vou dou estou eu meu seu teu pneu museu europeu judeu ateu plebeu breu hebreu liceu
    camafeu apogeu coliseu romeu
    """
)

# 1st person plural (nós) -> 3rd person singular (a gente), for the irregular and frequent.
NOS_TO_A_GENTE = {
    "somos": ("é",), "fomos": ("foi",), "vamos": ("vai",), "estamos": ("está",),
    "estávamos": ("estava",), "estivemos": ("esteve",), "temos": ("tem",),
    "tínhamos": ("tinha",), "tivemos": ("teve",), "fazemos": ("faz",), "fizemos": ("fez",),
    "podemos": ("pode",), "pudemos": ("pôde",), "queremos": ("quer",), "quisemos": ("quis",),
    "sabemos": ("sabe",), "soubemos": ("soube",), "dizemos": ("diz",), "dissemos": ("disse",),
    "vimos": ("viu", "vem"), "viemos": ("veio",), "vemos": ("vê",), "damos": ("dá",),
    "demos": ("deu",), "pomos": ("põe",), "pusemos": ("pôs",), "trazemos": ("traz",),
    "trouxemos": ("trouxe",), "éramos": ("era",), "íamos": ("ia",), "seremos": ("será",),
    "iremos": ("irá",), "teremos": ("terá",), "faremos": ("fará",), "diremos": ("dirá",),
    "pedimos": ("pede", "pediu"), "ouvimos": ("ouve", "ouviu"), "saímos": ("sai", "saiu"),
    "estaremos": ("estará",), "poderemos": ("poderá",), "precisamos": ("precisa", "precisou"),
}  # fmt: skip

# Words ending in -mos that are not verbs.
NOT_VERB_MOS = words(
    """
    mesmos próximos últimos mínimos máximos íntimos primos ramos legítimos anônimos sinônimos
    sumos ótimos péssimos andróginos extremos supremos remos termos
    """
)

# Future subjunctive of irregular verbs, from the infinitive wrongly used in its place.
FUTURE_SUBJUNCTIVE = {
    "ver": "vir", "vermos": "virmos", "verem": "virem",
    "fazer": "fizer", "fazermos": "fizermos", "fazerem": "fizerem",
    "ter": "tiver", "terem": "tiverem",
    "poder": "puder", "podermos": "pudermos", "poderem": "puderem",
    "saber": "souber", "sabermos": "soubermos", "saberem": "souberem",
    "querer": "quiser", "querermos": "quisermos", "quererem": "quiserem",
    "trazer": "trouxer", "trazerem": "trouxerem",
    "dizer": "disser", "dizerem": "disserem",
    "estar": "estiver", "estarmos": "estivermos", "estarem": "estiverem",
    "manter": "mantiver", "manterem": "mantiverem",
    "obter": "obtiver", "obterem": "obtiverem",
    "propor": "propuser", "pôr": "puser", "por": "puser",
    "prever": "previr", "preverem": "previrem",
    "intervir": "intervier",
    "dispor": "dispuser", "disporem": "dispuserem", "repor": "repuser", "reporem": "repuserem",
    "expor": "expuser", "exporem": "expuserem", "supor": "supuser", "impor": "impuser",
    "compor": "compuser", "conter": "contiver", "deter": "detiver", "reter": "retiver",
    "refazer": "refizer", "desfazer": "desfizer", "satisfazer": "satisfizer",
    "rever": "revir", "reverem": "revirem", "obtermos": "obtivermos",
}  # fmt: skip

# Adjectives (feminine) that "meio" (adverb, invariable) often precedes.
MEIO_ADJECTIVES = words(
    """
    cansada preocupada confusa chateada atrasada nervosa complicada estranha perdida
    desorganizada assustada irritada insatisfeita satisfeita decepcionada frustrada apreensiva
    ansiosa desconfiada receosa aborrecida incomodada constrangida envergonhada desanimada
    esquecida distraída tonta difícil triste vazia cheia aberta fechada molhada rasgada
    danificada amassada apagada torta confusas cansadas preocupadas chateadas atrasadas nervosas
    complicadas estranhas perdidas abertas fechadas
    """
)

# Forms of ser/estar/ficar/parecer/andar/sentir after which "meia" + adjective means "meio".
COPULAS = words(
    """
    é era foi está estava esteve ficou fica ficava ficamos fiquei estou estamos parece parecia
    pareceu anda andava ando sinto sente sentiu senti continua continuava permanece permaneceu
    são eram foram estão estavam ficaram parecem pareciam
    """
)

_AR = r"(?:ar|a|am|amos|ou|aram|ei|ando|ado|e|em|ará|arão|aria|ariam|o)"
_ER = r"(?:er|e|em|emos|eu|eram|i|endo|ido|erá|erão|eria|o|a|am)"
_IR = r"(?:ir|e|em|imos|iu|iram|i|indo|ido|irá|irão|iria|a|am)"

# Pleonasms: (trigger, expression, replacement). The trigger is a substring the lower-cased
# paragraph must contain for the expression to be tried (speed). The rule matches the expression case-insensitively
# between word boundaries and suggests the replacement (\1 ... are the expression's groups).
PLEONASMS: tuple[tuple[str, str, str], ...] = (
    ("cima", r"(sub" + _IR + r"|subo|sob(?:e|em))\s+para\s+cima", r"\1"),
    ("baixo", r"(desc" + _ER + r"|desço|desça)\s+para\s+baixo", r"\1"),
    ("dentro", r"(entr" + _AR + r")\s+para\s+dentro", r"\1"),
    (
        "fora",
        r"(sa(?:ir|iu|i|em|ímos|íram|indo|ia|ído|irá|irão|ia)|saio|saia|saiam)\s+para\s+fora",
        r"\1",
    ),
    ("ligação", r"(elos?)\s+de\s+ligação", r"\1"),
    ("inesperad", r"(surpresas?)\s+inesperadas?", r"\1"),
    ("futuro", r"(planos?)\s+para\s+o\s+futuro", r"\1"),
    ("acabamento", r"(acabamento)\s+final|(acabamentos)\s+finais", r"\1\2"),
    ("frente", r"(encar" + _AR + r")\s+de\s+frente", r"\1"),
    ("monopólio", r"(monopólio)\s+exclusivo|(monopólios)\s+exclusivos", r"\1\2"),
    ("consenso", r"(consenso)\s+geral", r"\1"),
    ("alternativa", r"outra\s+(alternativa)|outras\s+(alternativas)", r"\1\2"),
    ("junto", r"(anexos?|anexas?)\s+junto", r"\1"),
    ("junto", r"junto\s+(em\s+anexo)", r"\1"),
    ("nov", r"(repet" + _IR + r"|repito|repita)\s+(?:de\s+novo|novamente)", r"\1"),
    ("rea", r"(fatos)\s+reais|(fato)\s+real", r"\1\2"),
    ("junto", r"(conviv" + _ER + r")\s+junto", r"\1"),
    ("gra", r"(ganh" + _AR + r")\s+(?:grátis|de\s+graça)", r"\1"),
    ("metades", r"(metades)\s+iguais", r"\1"),
    ("conclusão", r"(conclusão)\s+final", r"\1"),
    ("minucios", r"(detalhes)\s+minuciosos", r"\1"),
    ("inédit", r"(novidade)\s+inédita|(novidades)\s+inéditas", r"\1\2"),
)

# Nouns of time and abstract nouns after which "onde" should be "em que".
ONDE_NOUNS = words(
    """
    momento momentos situação situações caso casos época épocas dia dias ano anos mês meses
    semana semanas ocasião ocasiões período períodos fase fases hora horas instante data reunião
    reuniões conversa conversas ligação ligações audiência audiências tempo etapa etapas
    circunstância circunstâncias hipótese hipóteses condição condições década
    ocorrência problema problemas ocasião
    """
)

# Nouns whose unaccented spelling is a verb form (numerar: "eu numero"), so a spelling
# checker lets "o numero" through; after a determiner only the noun fits.
ACCENT_NOUNS = {
    "numero": "número", "numeros": "números", "pagina": "página", "paginas": "páginas",
    "calculo": "cálculo", "calculos": "cálculos", "credito": "crédito", "creditos": "créditos",
    "debito": "débito", "debitos": "débitos", "vitima": "vítima", "vitimas": "vítimas",
    "duvida": "dúvida", "duvidas": "dúvidas", "critica": "crítica", "criticas": "críticas",
    "pratica": "prática", "praticas": "práticas", "analise": "análise", "analises": "análises",
    "transito": "trânsito", "deposito": "depósito", "depositos": "depósitos",
    "titulo": "título", "titulos": "títulos", "habito": "hábito", "exito": "êxito",
    "formula": "fórmula", "formulas": "fórmulas", "fabrica": "fábrica", "fabricas": "fábricas",
    "copia": "cópia", "copias": "cópias", "estimulo": "estímulo", "ultimo": "último",
    "ultima": "última", "circulo": "círculo", "replica": "réplica", "publico": "público",
    "diagnostico": "diagnóstico", "vinculo": "vínculo", "vinculos": "vínculos",
    "acumulo": "acúmulo", "equivoco": "equívoco", "equivocos": "equívocos",
    "media": "média", "medico": "médico", "medicos": "médicos", "musica": "música",
    "termino": "término", "inicio": "início", "policia": "polícia", "liquido": "líquido",
}  # fmt: skip
