"""The register's hash chain: what each entry's hash covers, and the walk that checks it.

Every numbered or incoming entry gets ``chain_seq`` (1, 2, 3 ... in commit order), the previous
entry's hash and its own hash over its content and that previous hash. Status changes carry a
hash chained per entry. Status, sent/printed times, notes and the signing columns are not
covered by the entry hash: they change after issuing, and their history is chained instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core.register.models import Entry, OutputFile, StatusChange

HASHED_FIELDS = (
    "reference",
    "series",
    "period",
    "seq",
    "direction",
    "kind",
    "template_id",
    "template_hash",
    "language",
    "subject",
    "correspondent_name",
    "correspondent_organisation",
    "correspondent_address",
    "correspondent_email",
    "author",
    "signatory",
    "entry_date",
    "created_at",
    "issued_at",
    "received_at",
    "reply_by",
    "channel",
    "verification_code",
    "proofing_summary",
    "override_reason",
    "in_reply_to_id",
    "idempotency_key",
    "chain_seq",
)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_digest(entry: Entry, files: Iterable[OutputFile], prev_hash: str) -> str:
    """Return the hash of an entry's content, its files' hashes and the previous hash."""
    data = {name: _plain(getattr(entry, name)) for name in HASHED_FIELDS}
    data["files"] = sorted([f.role, f.format, f.sha256] for f in files)
    data["prev"] = prev_hash
    return _digest(data)


def history_digest(change: StatusChange, prev_row_hash: str) -> str:
    """Return the hash of one status change chained to the entry's previous change."""
    data = {
        "entry_id": change.entry_id,
        "from": change.from_status,
        "to": change.to_status,
        "note": change.note,
        "at": _plain(change.changed_at),
        "by": change.changed_by,
        "prev": prev_row_hash,
    }
    return _digest(data)


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def path_key(path: Path) -> int:
    """Return a small key of a file's absolute path (to tell registered files from others)."""
    return hash(os.path.normcase(os.path.abspath(path)))


@dataclass(frozen=True)
class Problem:
    """One integrity problem found by :func:`verify_entries`."""

    # edited | deleted | broken_link | history_edited | file_changed | file_missing (the chain);
    # lost | witness_mismatch | witness_damaged (the witness, 0015) | unregistered_file
    kind: str
    detail: str
    reference: str = ""
    entry_id: int | None = None
    chain_seq: int | None = None


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: ``ok`` is false when anything is wrong."""

    entries_checked: int
    files_checked: int
    problems: tuple[Problem, ...] = ()
    first_broken: Problem | None = None

    @property
    def ok(self) -> bool:
        """Return whether no problem was found."""
        return not self.problems

    def with_problems(self, problems: Iterable[Problem], *, chain: bool = False) -> ChainReport:
        """Return this report with more problems (``chain``: they may be the first broken link)."""
        added = tuple(problems)
        first = self.first_broken
        if chain and first is None and added:
            first = added[0]
        return replace(self, problems=self.problems + added, first_broken=first)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        return {
            "ok": self.ok,
            "entries_checked": self.entries_checked,
            "files_checked": self.files_checked,
            "first_broken": asdict(self.first_broken) if self.first_broken else None,
            "problems": [asdict(p) for p in self.problems],
        }


@dataclass
class ChainWalker:
    """Check entries handed over in ``chain_seq`` order; collect problems."""

    check_files: bool = True
    collect_paths: bool = False  # keep a hash of every registered file's path (see ``paths``)
    paths: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0
    files: int = 0
    _last_seq: int = 0
    _last_hash: str = ""
    _last_ref: str = ""
    _first: Problem | None = None

    def _add(self, problem: Problem, *, chain: bool = False) -> None:
        self.problems.append(problem)
        if chain and self._first is None:
            self._first = problem

    def feed(self, entry: Entry) -> None:
        """Check one entry against its predecessor, its files and its history."""
        self.entries += 1
        ref = entry.display_reference
        seq = entry.chain_seq or 0
        where: dict[str, Any] = {"reference": ref, "entry_id": entry.id, "chain_seq": seq}
        if seq != self._last_seq + 1:
            missing = seq - self._last_seq - 1
            after = f" after {self._last_ref}" if self._last_ref else " at the start"
            self._add(
                Problem(
                    "deleted",
                    f"{missing} entr{'y' if missing == 1 else 'ies'} missing{after}, before {ref}",
                    **where,
                ),
                chain=True,
            )
        elif entry.prev_hash != self._last_hash:
            self._add(
                Problem(
                    "broken_link", f"{ref} does not point to the previous entry's hash", **where
                ),
                chain=True,
            )
        if entry_digest(entry, entry.files, entry.prev_hash) != entry.entry_hash:
            self._add(
                Problem("edited", f"{ref} was changed after it was recorded", **where), chain=True
            )
        self._last_seq, self._last_hash, self._last_ref = seq, entry.entry_hash, ref
        self._check_history(entry, where)
        if self.check_files or self.collect_paths:
            self._check_files(entry, where)

    def _check_history(self, entry: Entry, where: dict[str, Any]) -> None:
        prev = ""
        for change in entry.history:
            if history_digest(change, prev) != change.row_hash:
                self._add(
                    Problem(
                        "history_edited",
                        f"a status change of {where['reference']} was altered or removed",
                        **where,
                    )
                )
                return
            prev = change.row_hash
        last = entry.history[-1].to_status if entry.history else None
        if last != entry.status:
            self._add(
                Problem(
                    "history_edited",
                    f"{where['reference']} has status '{entry.status}' but its history ends with '{last}'",
                    **where,
                )
            )

    @property
    def last_seq(self) -> int:
        """Return the highest chain sequence number walked so far."""
        return self._last_seq

    def _check_files(self, entry: Entry, where: dict[str, Any]) -> None:
        for item in entry.files:
            if self.collect_paths:
                self.paths.add(path_key(Path(item.path)))
            if not self.check_files:
                continue
            self.files += 1
            path = Path(item.path)
            if not path.is_file():
                self._add(Problem("file_missing", f"{path} is missing", **where))
            elif file_sha256(path) != item.sha256:
                self._add(Problem("file_changed", f"{path} was changed", **where))

    def finish(self, head_seq: int, head_hash: str) -> ChainReport:
        """Compare the end of the walk with the chain head and return the report."""
        if head_seq > self._last_seq:
            missing = head_seq - self._last_seq
            self._add(
                Problem(
                    "deleted",
                    f"the newest {missing} entr{'y' if missing == 1 else 'ies'} were deleted (after {self._last_ref or 'the start'})",
                    chain_seq=self._last_seq + 1,
                ),
                chain=True,
            )
        elif head_seq == self._last_seq and head_hash != self._last_hash:
            self._add(
                Problem(
                    "broken_link",
                    "the chain head does not match the newest entry",
                    chain_seq=head_seq,
                ),
                chain=True,
            )
        return ChainReport(self.entries, self.files, tuple(self.problems), self._first)
