"""The reply check: list the questions asked in an incoming message so none goes unanswered."""

from __future__ import annotations

import re

from desktop.core.proofing.text import sentences

QUESTION_OPENERS = {
    "en": re.compile(
        r"^(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|confirm|"
        r"let\s+me\s+know|explain|advise)|i\s+(?:would|'d)\s+like\s+to\s+know|"
        r"please\s+(?:confirm|let\s+me\s+know|explain|advise)|i\s+wonder)",
        re.IGNORECASE,
    ),
    "pt-BR": re.compile(
        r"^(?:gostaria\s+de\s+saber|favor\s+(?:informar|confirmar|esclarecer)|"
        r"(?:poderiam|podem|pode)\s+(?:me\s+)?(?:informar|confirmar|explicar|dizer)|"
        r"solicito\s+(?:que\s+)?(?:informem|esclare[cç]a|confirme))",
        re.IGNORECASE,
    ),
    "id": re.compile(
        r"^(?:apakah|bagaimana|kapan|mengapa|kenapa|berapa|di\s*mana|siapa|bisakah|"
        r"dapatkah|mohon\s+(?:penjelasan|informasi|konfirmasi|dijelaskan|diinformasikan)|"
        r"saya\s+ingin\s+(?:tahu|menanyakan|bertanya))",
        re.IGNORECASE,
    ),
}


def reply_questions(incoming_text: str, language: str) -> list[str]:
    """Return the questions found in an incoming message, in order, each once.

    A question is a sentence ending in "?" or one that opens the way requests for information
    do in the language ("Could you tell me ...", "Gostaria de saber ...", "Apakah ...").
    """
    text = incoming_text or ""
    lang = "en" if language.lower().startswith("en") else language
    opener = QUESTION_OPENERS.get(lang, QUESTION_OPENERS["en"])
    found: list[str] = []
    for start, end in sentences(text):
        sentence = " ".join(text[start:end].split())
        if not sentence:
            continue
        asks = sentence.rstrip("\"'”’)").endswith("?") or opener.match(sentence)
        if asks and sentence not in found:
            found.append(sentence)
    return found
