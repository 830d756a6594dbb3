"""Missiva: a desktop correspondence desk (letters, memos, e-mails; proofed, signed, registered)."""

from __future__ import annotations

__version__ = "0.1.0"
