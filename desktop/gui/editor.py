"""The body editor with proofing marks: wavy underlines, tooltips and a suggestions menu.

The editor never runs a check itself: the composer sends a snapshot of the text to the task
runner and hands the report back with :meth:`ProofingEditor.set_issues`. Between a keystroke
and the next report, marks after the edit are shifted (and marks the edit touched dropped), so
underlines never point at the wrong words and typing never waits for proofing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from desktop.core.i18n import _

# Semantic mark colours (the same meaning in light and dark palettes, like any word processor).
MARK_COLOURS = {
    "spelling": QColor(220, 40, 40),
    "grammar": QColor(40, 110, 230),
    "style": QColor(30, 150, 60),
    "typography": QColor(30, 150, 60),
    "placeholder": QColor(220, 40, 40),
}


@dataclass(frozen=True)
class Mark:
    """One underlined stretch of the editor's text (a proofing issue, in editor offsets)."""

    start: int
    end: int
    category: str
    severity: str
    rule_id: str
    message: str
    suggestions: tuple[str, ...] = ()


class ProofingHighlighter(QSyntaxHighlighter):
    """Draw wavy underlines for the current marks (spelling red, grammar blue, style green)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._marks: list[Mark] = []
        self._starts: list[int] = []

    @property
    def marks(self) -> list[Mark]:
        """Return the marks, sorted by start."""
        return self._marks

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Replace every mark and repaint."""
        self._marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._marks]
        self.rehighlight()

    def shift(self, position: int, removed: int, added: int) -> None:
        """Move marks after an edit; drop those the edit touched (no repaint: Qt does it)."""
        delta = added - removed
        edit_end = position + removed
        kept: list[Mark] = []
        for mark in self._marks:
            if mark.end <= position:
                kept.append(mark)
            elif mark.start >= edit_end and (removed or mark.start > position):
                kept.append(
                    Mark(
                        mark.start + delta,
                        mark.end + delta,
                        mark.category,
                        mark.severity,
                        mark.rule_id,
                        mark.message,
                        mark.suggestions,
                    )
                )
        self._marks = kept
        self._starts = [m.start for m in kept]

    def mark_at(self, position: int) -> Mark | None:
        """Return the mark covering ``position`` (the narrowest), or ``None``."""
        index = bisect.bisect_right(self._starts, position)
        best: Mark | None = None
        for mark in self._marks[max(0, index - 20) : index]:
            if mark.start <= position < mark.end and (
                best is None or mark.end - mark.start < best.end - best.start
            ):
                best = mark
        return best

    def highlightBlock(self, text: str) -> None:
        """Underline the marks that fall inside this block."""
        if not self._marks:
            return
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        index = bisect.bisect_left(self._starts, block_start)
        # marks starting before the block may still reach into it
        first = index
        while first > 0 and self._marks[first - 1].end > block_start:
            first -= 1
        for mark in self._marks[first:]:
            if mark.start >= block_end:
                break
            if mark.end <= block_start:
                continue
            start = max(mark.start, block_start) - block_start
            end = min(mark.end, block_end) - block_start
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(MARK_COLOURS.get(mark.category, MARK_COLOURS["style"]))
            fmt.setToolTip(mark.message)
            self.setFormat(start, max(1, end - start), fmt)


class ProofingEditor(QPlainTextEdit):
    """The editable body: plain text, proofing marks, suggestions on right-click.

    Signals:
        ignore_requested(str): the person chose "Ignore all" for a word.
        add_word_requested(str): the person chose "Add to dictionary" for a word.
    """

    ignore_requested = Signal(str)
    add_word_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("body_editor")
        self.setTabChangesFocus(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = ProofingHighlighter(self.document())
        self.document().contentsChange.connect(self.highlighter.shift)
        self._suggest: Callable[[str], list[str]] = lambda _word: []

    def set_suggester(self, suggest: Callable[[str], list[str]]) -> None:
        """Set the function that lists spelling suggestions for a word (called on demand)."""
        self._suggest = suggest

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Show a new set of proofing marks."""
        self.highlighter.set_marks(marks)

    def marks(self) -> list[Mark]:
        """Return the current marks."""
        return self.highlighter.marks

    def mark_text(self, mark: Mark) -> str:
        """Return the text a mark covers."""
        return self.toPlainText()[mark.start : mark.end]

    def jump_to(self, mark: Mark) -> None:
        """Select the marked text and make it visible."""
        cursor = self.textCursor()
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()

    def replace_mark(self, mark: Mark, replacement: str) -> None:
        """Replace the marked text with ``replacement`` (one undo step)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        cursor.endEditBlock()

    def suggestions_for(self, mark: Mark) -> list[str]:
        """Return replacements for a mark: its own, or the speller's (computed now)."""
        if mark.suggestions:
            return list(mark.suggestions)[:8]
        if mark.category == "spelling":
            return self._suggest(self.mark_text(mark))[:8]
        return []

    def event(self, event: QEvent) -> bool:
        """Show the message of the mark under the mouse as a tooltip."""
        if event.type() == QEvent.Type.ToolTip:
            help_event = event  # QHelpEvent
            assert isinstance(help_event, QHelpEvent)
            pos = self.cursorForPosition(help_event.pos() - QPoint(0, 0)).position()
            mark = self.highlighter.mark_at(pos)
            if mark is not None:
                QToolTip.showText(help_event.globalPos(), mark.message, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def build_context_menu(self, position: int) -> QMenu:
        """Return the right-click menu for ``position``: suggestions first, then the usual."""
        menu = self.createStandardContextMenu()
        mark = self.highlighter.mark_at(position)
        if mark is None:
            return menu
        first = menu.actions()[0] if menu.actions() else None
        header = menu.insertSection(first, mark.message[:80]) if first else None
        anchor = first
        suggestions = self.suggestions_for(mark)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.setObjectName("suggestion")
            action.triggered.connect(lambda _c=False, s=suggestion, m=mark: self.replace_mark(m, s))
            if anchor is not None:
                menu.removeAction(action)
                menu.insertAction(anchor, action)
        if not suggestions and mark.category == "spelling":
            none = menu.addAction(_("(no suggestions)"))
            none.setEnabled(False)
            if anchor is not None:
                menu.removeAction(none)
                menu.insertAction(anchor, none)
        if mark.category == "spelling":
            word = self.mark_text(mark)
            ignore = menu.addAction(_("Ignore all"))
            ignore.triggered.connect(lambda _c=False, w=word: self.ignore_requested.emit(w))
            add = menu.addAction(_("Add to dictionary"))
            add.triggered.connect(lambda _c=False, w=word: self.add_word_requested.emit(w))
            for action in (ignore, add):
                if anchor is not None:
                    menu.removeAction(action)
                    menu.insertAction(anchor, action)
        if anchor is not None:
            menu.insertSeparator(anchor)
        del header
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Open the suggestions menu for the word under the mouse."""
        position = self.cursorForPosition(event.pos()).position()
        menu = self.build_context_menu(position)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event) -> None:
        """Let Ctrl+Return reach the window's Issue action instead of inserting a line."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.ignore()
            return
        super().keyPressEvent(event)
