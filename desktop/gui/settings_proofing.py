"""Settings page: proofing engines and the organisation's house style.

The grammar server (LanguageTool URL with a connection test), picky rules, the dictionaries
found or missing, the words the organisation never wants in a letter (one list per letter
language, added to the shipped house style's banned words) and the glossary of acronyms the
proofer accepts without an expansion. A malformed line is refused under its list.
"""

from __future__ import annotations

import urllib.request
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from desktop.core.errors import SettingsError
from desktop.core.i18n import _
from desktop.core.services.context import AppContext
from desktop.core.settings import LANGUAGES, parse_glossary, parse_word_list
from desktop.gui.settings_pages import SettingsPage, error_label, show_error

LETTER_LANGUAGE_NAMES = {"en": "English", "pt-BR": "Português (Brasil)", "id": "Bahasa Indonesia"}


def _text_box(text: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class ProofingPage(SettingsPage):
    """LanguageTool, picky rules, dictionaries, banned words per language and the glossary."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        proofing = ctx.settings.proofing
        form = QFormLayout(self)
        self.lt_url = QLineEdit(proofing.languagetool_url)
        self.lt_url.setPlaceholderText("http://localhost:8081")
        test = QPushButton(_("Test connection"))
        test.clicked.connect(self._test_languagetool)
        self.lt_result = QLabel()
        self.lt_result.setWordWrap(True)
        self.lt_result.hide()  # no empty row until there is a result
        row = QHBoxLayout()
        row.addWidget(self.lt_url, 1)
        row.addWidget(test)
        self.picky = QCheckBox(_("Picky grammar rules"))
        self.picky.setChecked(proofing.picky)
        self.dictionaries = QLabel(_("Dictionaries: checking…"))
        self.dictionaries.setWordWrap(True)

        self.banned_tabs = QTabWidget()
        self.banned_tabs.setObjectName("banned_words_tabs")
        self.banned: dict[str, QPlainTextEdit] = {}
        for language in LANGUAGES:
            box = _text_box("\n".join(proofing.extra_banned_words.get(language, ())), 4)
            box.setObjectName(f"banned_words_{language}")
            box.textChanged.connect(self._validate)
            self.banned[language] = box
            self.banned_tabs.addTab(box, LETTER_LANGUAGE_NAMES[language])
        self.banned_error = error_label("banned_words_error")
        banned_help = QLabel(
            _(
                "One word or phrase a line. A letter that uses one is flagged as it is typed and cannot be issued without a written reason."
            )
        )
        banned_help.setWordWrap(True)
        banned_help.setEnabled(False)
        self.glossary = _text_box("\n".join(f"{k} = {v}" for k, v in proofing.glossary.items()), 4)
        self.glossary.setObjectName("glossary")
        self.glossary.setPlaceholderText("SAC = Serviço de Atendimento ao Cliente")
        self.glossary.textChanged.connect(self._validate)
        self.glossary_error = error_label("glossary_error")
        glossary_help = QLabel(
            _("Acronyms listed here are accepted without spelling them out in the letter.")
        )
        glossary_help.setWordWrap(True)
        glossary_help.setEnabled(False)

        form.addRow(_("LanguageTool server:"), row)
        form.addRow("", self.lt_result)
        form.addRow("", self.picky)
        form.addRow(_("Dictionaries:"), self.dictionaries)
        form.addRow(_("Words never to use:"), self.banned_tabs)
        form.addRow("", self.banned_error)
        form.addRow("", banned_help)
        form.addRow(_("Glossary (ACRONYM = meaning):"), self.glossary)
        form.addRow("", self.glossary_error)
        form.addRow("", glossary_help)
        self._problems: list[str] = []
        self._show_dictionaries()

    def _show_dictionaries(self) -> None:
        try:
            status = self.ctx.proofer.status()
        except Exception as exc:  # a broken dictionary folder must not stop the dialog
            self.dictionaries.setText(str(exc))
            return
        lines = []
        for lang, info in status.get("languages", {}).items():
            found = info.get("dictionary") or _("missing")
            lines.append(f"{lang}: {found} · {info.get('grammar', '')}")
        self.dictionaries.setText("\n".join(lines) or str(status))

    def _test_languagetool(self) -> None:
        self.lt_result.setText(self._languagetool_result())
        self.lt_result.show()

    def _languagetool_result(self) -> str:
        url = self.lt_url.text().strip().rstrip("/")
        if not url:
            return _("No server set: grammar uses the offline checker.")
        try:
            with urllib.request.urlopen(f"{url}/v2/languages", timeout=5) as response:
                ok = response.status == 200
        except (OSError, ValueError) as exc:
            return _("Cannot reach the server: {error}").format(error=exc)
        return _("Connected.") if ok else _("The server answered with an error.")

    def _validate(self) -> None:
        self._problems = []
        banned_message = ""
        for index, (language, box) in enumerate(self.banned.items()):
            try:
                parse_word_list(box.toPlainText())
            except SettingsError as exc:
                banned_message = (
                    banned_message or f"{LETTER_LANGUAGE_NAMES[language]}: {exc.message}"
                )
                self.banned_tabs.setTabText(index, f"{LETTER_LANGUAGE_NAMES[language]} ⚠")
            else:
                self.banned_tabs.setTabText(index, LETTER_LANGUAGE_NAMES[language])
        show_error(self.banned_error, banned_message)
        try:
            parse_glossary(self.glossary.toPlainText())
        except SettingsError as exc:
            show_error(self.glossary_error, exc.message)
            self._problems.append(exc.message)
        else:
            show_error(self.glossary_error, "")
        if banned_message:
            self._problems.append(banned_message)
        self.problems_changed.emit()

    def problems(self) -> list[str]:
        """Return the malformed lines of the word lists and the glossary."""
        return list(self._problems)

    def write(self, data: dict[str, Any]) -> None:
        """Write the grammar server, picky flag, banned words and glossary."""
        banned = {}
        for language, box in self.banned.items():
            words = parse_word_list(box.toPlainText())
            if words:
                banned[language] = list(words)
        data.setdefault("proofing", {}).update(
            languagetool_url=self.lt_url.text().strip(),
            picky=self.picky.isChecked(),
            glossary=parse_glossary(self.glossary.toPlainText()),
            extra_banned_words=banned,
        )
