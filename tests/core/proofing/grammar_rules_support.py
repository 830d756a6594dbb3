"""Correct letters for the built-in grammar rules' precision tests (shared by en and id)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from desktop.core.paths import AppPaths
from desktop.core.proofing.documents import document_text
from desktop.core.proofing.text import paragraphs
from desktop.core.services.sample_values import sample_values
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

DATA = Path(__file__).resolve().parents[2] / "data" / "proofing"
PLAIN = {"en": ("en-GB.txt",), "id": ("id.txt",)}


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraphs(text)]


def clean_texts(language: str) -> list[tuple[str, list[str]]]:
    """Return (name, paragraphs) of every correct text we ship or keep for a language.

    The shipped templates are composed with the sample values the window's "Try it" uses;
    the labelled corpus gives its clean letters and clean sentences; ``plain_letters`` its
    plain-text letters.
    """
    catalog = Catalog.load(None)
    profile = load_settings(AppPaths(Path("/nonexistent-missiva"))).organisation
    today = dt.date(2026, 11, 22)
    texts = []
    for template_id, variant in sorted(catalog.items):
        if variant != language:
            continue
        template = catalog.get(template_id, variant)
        doc = compose(template, sample_values(template, today), profile, today=today)
        texts.append((f"template {template_id}", _split(document_text(doc)[0])))
    corpus = yaml.safe_load((DATA / f"{language}.yaml").read_text(encoding="utf-8"))
    for number, letter in enumerate(corpus["clean_letters"]):
        texts.append((f"clean letter {number}", _split(letter["text"])))
    sentences = [s["text"] for s in corpus["sentences"] if not s["expect"]]
    texts.append(("clean sentences", sentences))
    for name in PLAIN[language]:
        text = (DATA / "plain_letters" / name).read_text(encoding="utf-8")
        texts.append((f"plain letter {name}", _split(text)))
    return texts
