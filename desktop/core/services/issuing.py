"""Use case: issue a Document into the register (number, files, SHA-256, entry), or save a draft.

Called by ``missiva render`` (without ``--draft``), the window and the batch merge, after the
proofing gate. Everything happens in one register transaction: the number is reserved, the
files are rendered with the reference and verification code and written under temporary names
in their final folder, hashed, given their final names by hard links that never replace a file
(a taken name gets a distinct ``<stem> (2).pdf``, recorded in the entry), and the entry is
committed; then the temporary names are removed. If anything fails before the commit, both
names are removed and the transaction rolls back: no file, no entry, no consumed number. A
process killed in between leaves temporary files that :func:`recover_temp_files` cleans up
(removing the final name too when no committed entry claims it) the next time a letter is
issued into that folder. See docs/decisions/0004-register-storage.md and 0015.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import FieldError, GateBlocked, RegisterError, RenderError
from desktop.core.i18n import _
from desktop.core.models import Attestation, Document
from desktop.core.proofing import GateDecision, normalise_language
from desktop.core.proofing.documents import document_text
from desktop.core.proofing.model import text_fingerprint
from desktop.core.register import (
    Entry,
    OutputFile,
    Register,
    Reservation,
    add_working_days,
    new_verification_code,
)
from desktop.core.register.chain import file_sha256
from desktop.core.register.files import TEMP_PREFIX as TEMP_PREFIX  # re-exported for signing
from desktop.core.register.files import (
    WrittenFile,
    claim_names,
    final_path,
    recover_temp_files,
    release_names,
    safe_file_stem,
    temp_marker,
    write_new,
)
from desktop.core.services.context import AppContext
from desktop.core.settings import Series

ISSUABLE_FORMATS = ("pdf", "docx", "html", "txt")
SIGNATURE_KEYS = (
    "signed_by",
    "signature_kind",
    "cert_subject",
    "cert_serial",
    "cert_fingerprint_sha256",
    "signed_file_sha256",
)
ATTESTATION_NOTES = {
    "en": "Register check, not a certified signature: verify the reference and code with the sender.",
    "pt-BR": "Conferência de registro, não é assinatura certificada: confirme a referência e o "
    "código com o remetente.",
    "id": "Pemeriksaan register, bukan tanda tangan tersertifikasi: cocokkan nomor dan kode "
    "dengan pengirim.",
}


@dataclass(frozen=True)
class IssuedFile:
    """A file written for an issued entry."""

    format: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class IssueResult:
    """What issuing produced (or what an earlier issue with the same idempotency key produced)."""

    entry_id: int
    reference: str
    verification_code: str
    files: tuple[IssuedFile, ...]
    proofing: dict[str, Any]
    override_reason: str | None


def _plain_summary(summary: Mapping[str, Any] | None) -> dict[str, Any]:
    return json.loads(json.dumps(dict(summary or {}), default=str))


def _series_for(ctx: AppContext, doc: Document) -> Series:
    return ctx.settings.series_by_id(doc.series or ctx.settings.default_series)


def _correspondent(doc: Document) -> str:
    return doc.correspondent_name or (doc.recipient[0] if doc.recipient else "") or doc.memo_to


def entry_from_document(doc: Document, *, channel: str = "post") -> Entry:
    """Return a new (unsaved) register entry describing ``doc``."""
    return Entry(
        direction="out",
        kind=doc.kind,
        template_id=doc.template_id,
        template_hash=doc.template_hash,
        language=doc.language,
        subject=doc.subject,
        correspondent_name=_correspondent(doc),
        correspondent_organisation=doc.correspondent_organisation,
        correspondent_address="\n".join(doc.recipient),
        correspondent_email=doc.correspondent_email,
        signatory=doc.signatory.name if doc.signatory else "",
        channel=channel,
    )


def _result(entry: Entry) -> IssueResult:
    files = tuple(IssuedFile(f.format, Path(f.path), f.sha256) for f in entry.files)
    return IssueResult(
        entry.id,
        entry.reference or "",
        entry.verification_code or "",
        files,
        dict(entry.proofing_summary or {}),
        entry.override_reason,
    )


def _render(ctx: AppContext, doc: Document, fmt: str) -> bytes:
    from desktop.core.services.compose import render_bytes

    return render_bytes(ctx, doc, fmt)


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(
            _("cannot create the output folder: {error}").format(error=exc.strerror), file=folder
        ) from exc


def _finalise(written: list[IssuedFile], *, rehash: bool) -> list[tuple[Path, IssuedFile]]:
    """Pair the temporary files with their final paths and hashes.

    With ``rehash`` the files are hashed again from disk (an ``after_write`` hook may have
    changed them in place or added files); otherwise the hashes of the written bytes stand.
    """
    pairs: list[tuple[Path, IssuedFile]] = []
    for item in written:
        final = final_path(item.path)
        if final.is_dir():
            raise RenderError(_("a folder is in the way of the output file"), file=final)
        digest = file_sha256(item.path) if rehash else item.sha256
        pairs.append((item.path, IssuedFile(item.format, final, digest)))
    return pairs


def issue_folder(ctx: AppContext, doc: Document, out_dir: Path | None = None) -> Path:
    """Return the folder ``doc``'s files are issued into (``out_dir`` or the series' folder)."""
    if out_dir is not None:
        return out_dir
    series = _series_for(ctx, doc)
    return ctx.paths.output_dir / f"{ctx.register.today().year:04d}" / safe_file_stem(series.id)


def file_stem(reference: str, doc: Document, file_name: str | None = None) -> str:
    """Return the file name stem of ``doc`` numbered ``reference`` (or of ``file_name``)."""
    return (
        safe_file_stem(file_name) if file_name else safe_file_stem(reference, _correspondent(doc))
    )


def numbered_document(doc: Document, reference: str, code: str) -> Document:
    """Return ``doc`` with its reference and register attestation (code, QR payload, note)."""
    return dataclasses.replace(
        doc,
        reference=reference,
        attestation=Attestation(
            reference,
            code,
            f"{reference}|{code}",
            ATTESTATION_NOTES.get(doc.language, ATTESTATION_NOTES["en"]),
        ),
    )


def issue_document(
    ctx: AppContext,
    doc: Document,
    *,
    formats: Sequence[str] = ("pdf",),
    out_dir: Path | None = None,
    decision: GateDecision,
    in_reply_to: str | None = None,
    channel: str = "post",
    idempotency_key: str | None = None,
    file_name: str | None = None,
    after_write: Callable[[list[IssuedFile]], Mapping[str, str] | None] | None = None,
    verification_code: str | None = None,
    render: Callable[[Document, str], bytes] | None = None,
    key_is_new: bool = False,
    recovered_folders: set[Path] | None = None,
    written_ahead: Mapping[str, WrittenFile] | None = None,
    ahead_reference: str = "",
) -> IssueResult:
    """Issue ``doc``: number, write and register it in one transaction; nothing remains on failure.

    Args:
        ctx: the application context (settings, paths, register).
        doc: the composed draft (its ``series`` picks the numbering series).
        formats: ``pdf``, ``docx``, ``html``, ``txt``.
        out_dir: the output folder (default ``<data>/issued/<year>/<series>/``).
        decision: the proofing gate's decision for this exact text
            (:func:`desktop.core.proofing.gate` on ``Proofer.check_document(doc)``); its
            summary and override reason are stored with the entry. A decision made for
            another text, or one with blocking findings and no reason, is refused
            (:class:`GateBlocked`) before a number is taken.
        in_reply_to: reference or id of the entry this letter answers (an incoming item
            becomes "replied").
        channel: post, email, hand or chat.
        idempotency_key: when an entry already has this key, return it instead of issuing.
        file_name: the file name stem (default: reference and correspondent).
        after_write: called with the written files (temporary paths) before they are hashed;
            it may change them in place (signing), append files it wrote next to them, and
            return signature facts (keys of :data:`SIGNATURE_KEYS`) to store in the entry.
        verification_code: use this code instead of a new random one (the batch merge
            renders rows ahead of numbering with the code they will carry).
        render: renders one format of the numbered document (default: the writers); the
            batch merge passes one that reuses bytes rendered ahead when the reference the
            register gave is the one it predicted.
        key_is_new: the caller has just looked ``idempotency_key`` up (the batch merge looks
            up all its rows at once), so it is not looked up again first; an entry committed
            with the same key meanwhile is still found (the register refuses a second one).
        recovered_folders: output folders whose left-over temporary files this caller has
            already recovered; the folder is recovered only if it is not in the set, then added
            (the batch merge recovers each folder once per run instead of once per row).
        written_ahead: files of some formats already rendered and written (flushed) under
            temporary names, by format (the batch merge's workers write rows ahead of
            numbering, with the reference ``ahead_reference`` and ``verification_code``). They
            are used as they are when the register hands out ``ahead_reference`` and the file
            is named as this letter's file in its folder; otherwise they are deleted. When
            this returns or raises, each of them is in the committed entry or gone (or, if the
            final rename failed, left for recovery like any issued file).
        ahead_reference: the reference the files in ``written_ahead`` were rendered with.
    """
    ahead = dict(written_ahead or {})
    try:
        check_decision(doc, decision)
        return _issue(
            ctx,
            doc,
            ahead,
            formats=formats,
            out_dir=out_dir,
            proofing_summary=decision.summary,
            override_reason=decision.override_reason,
            in_reply_to=in_reply_to,
            channel=channel,
            idempotency_key=idempotency_key,
            file_name=file_name,
            after_write=after_write,
            verification_code=verification_code,
            render=render,
            key_is_new=key_is_new,
            recovered_folders=recovered_folders,
            ahead_reference=ahead_reference,
        )
    finally:
        for unused in ahead.values():  # the ones _issue used are taken out of ``ahead``
            unused.path.unlink(missing_ok=True)


def _issue(
    ctx: AppContext,
    doc: Document,
    ahead: dict[str, WrittenFile],
    *,
    formats: Sequence[str],
    out_dir: Path | None,
    proofing_summary: dict[str, Any],
    override_reason: str | None,
    in_reply_to: str | None,
    channel: str,
    idempotency_key: str | None,
    file_name: str | None,
    after_write: Callable[[list[IssuedFile]], Mapping[str, str] | None] | None,
    verification_code: str | None,
    render: Callable[[Document, str], bytes] | None,
    key_is_new: bool,
    recovered_folders: set[Path] | None,
    ahead_reference: str,
) -> IssueResult:
    """:func:`issue_document`; uses (and takes out of ``ahead``) the files written ahead."""
    register: Register = ctx.register
    if idempotency_key and not key_is_new:
        existing = register.find_by_idempotency_key(idempotency_key)
        if existing is not None:
            return _result(existing)
    series = _series_for(ctx, doc)
    fmts = tuple(dict.fromkeys(f.lower() for f in formats)) or ("pdf",)
    unknown = [f for f in fmts if f not in ISSUABLE_FORMATS]
    if unknown:
        raise RenderError(
            _("cannot issue format(s) {formats}").format(formats=", ".join(unknown)),
            hint=_("Use pdf, docx, html or txt."),
        )
    folder = issue_folder(ctx, doc, out_dir)
    _prepare_folder(folder)
    if recovered_folders is None or folder not in recovered_folders:
        recover_temp_files(register, folder)
        if recovered_folders is not None:
            recovered_folders.add(folder)
    marker = temp_marker()
    temps: list[Path] = []
    pairs: list[tuple[Path, IssuedFile]] = []
    named: list[tuple[Path, Path]] = []  # (temporary, final) names made before the commit
    try:
        with register.reserve(
            series, kind=doc.kind, classification=doc.classification or None
        ) as res:
            code = verification_code or new_verification_code()
            issued = numbered_document(doc, res.reference, code)
            stem = file_stem(res.reference, doc, file_name)
            written: list[IssuedFile] = []
            sizes: dict[Path, int] = {}  # of the written bytes, while no hook has changed them
            for fmt in fmts:
                done = ahead.get(fmt) if res.reference == ahead_reference else None
                if done is not None and final_path(done.path) == folder / f"{stem}.{fmt}":
                    del ahead[fmt]  # ours now: renamed after the commit, or removed below
                    temps.append(done.path)
                    written.append(IssuedFile(fmt, done.path, done.sha256))
                    sizes[done.path] = done.size
                    continue
                data = render(issued, fmt) if render else _render(ctx, issued, fmt)
                temp = folder / f"{stem}.{fmt}{marker}"
                temps.append(temp)
                try:
                    write_new(temp, data)
                except OSError as exc:
                    raise RenderError(
                        _("cannot write the {format} file: {error}").format(
                            format=fmt.upper(), error=exc.strerror
                        ),
                        file=final_path(temp),
                    ) from exc
                written.append(IssuedFile(fmt, temp, hashlib.sha256(data).hexdigest()))
                sizes[temp] = len(data)
            facts = after_write(written) if after_write else None
            rehash = after_write is not None  # the hook may have changed or added files
            temps.extend(w.path for w in written if w.path not in temps)
            pairs = _finalise(written, rehash=rehash)
            finals = _claim(pairs, stem)
            named = [(temp, final) for (temp, _item), final in zip(pairs, finals, strict=True)]
            pairs = [
                (temp, dataclasses.replace(item, path=final))
                for (temp, item), final in zip(pairs, finals, strict=True)
            ]
            entry = entry_from_document(issued, channel=channel)
            entry.verification_code = code
            entry.proofing_summary = _plain_summary(proofing_summary)
            entry.override_reason = override_reason
            entry.idempotency_key = idempotency_key
            for key, value in (facts or {}).items():
                if key in SIGNATURE_KEYS:
                    setattr(entry, key, str(value))
            for _temp, item in pairs:
                role = "signature" if item.format in ("p7s", "sig") else "output"
                size = _temp.stat().st_size if rehash else sizes[_temp]
                entry.files.append(
                    OutputFile(
                        format=item.format,
                        path=str(item.path),
                        sha256=item.sha256,
                        size=size,
                        role=role,
                    )
                )
            answered = register.lookup_locked(res.session, in_reply_to) if in_reply_to else None
            entry.in_reply_to_id = answered.id if answered else None
            res.record(entry, status="issued", note=override_reason or "")
            if (
                answered is not None
                and answered.direction == "in"
                and answered.status == "received"
            ):
                register.change_status(
                    res.session, answered, "replied", f"answered by {res.reference}"
                )
            result = _result(entry)  # what is committed when the block ends (not re-read)
    except BaseException as exc:
        release_names(named)
        for temp in temps:
            temp.unlink(missing_ok=True)
        if idempotency_key and isinstance(exc, RegisterError):
            existing = register.find_by_idempotency_key(idempotency_key)
            if existing is not None:  # another process issued the same row meanwhile
                return _result(existing)
        raise
    for temp in temps:  # the letter's files have their final names since before the commit
        temp.unlink(missing_ok=True)
    return result


def check_decision(doc: Document, decision: GateDecision) -> None:
    """Refuse to issue ``doc`` unless ``decision`` is the gate's decision for its exact text.

    Raises:
        GateBlocked: no typed decision, a decision made for another text (the letter changed
            after proofing, or a decision reused), or blocking findings without a reason.
    """
    if not isinstance(decision, GateDecision):
        raise GateBlocked(
            _("issuing needs the proofing gate's decision for this letter, not {kind}").format(
                kind=type(decision).__name__
            ),
            hint=_("Proof the letter, then issue it with the gate's decision."),
        )
    text, _spans = document_text(doc)
    if text_fingerprint(text, normalise_language(doc.language)) != decision.fingerprint:
        raise GateBlocked(
            _("the letter is not the text that was proofed: it changed after the check"),
            hint=_("Proof it again, then issue it."),
        )
    if decision.blocking and not (decision.override_reason or "").strip():
        raise GateBlocked(
            _("{n} blocking proofing issue(s) and no reason to issue anyway").format(
                n=decision.blocking
            ),
            hint=_("Fix them, or give a written reason (--accept-issues REASON)."),
        )


def _claim(pairs: list[tuple[Path, IssuedFile]], stem: str) -> list[Path]:
    """Give the written files their final names (a distinct ``(2)`` ... name if one is taken)."""
    try:
        return claim_names([(temp, item.path) for temp, item in pairs], stem)
    except OSError as exc:
        where = pairs[0][1].path if pairs else None
        raise RenderError(
            _("cannot give the issued file its name: {error}").format(
                error=exc.strerror or _("every distinct name is taken")
            ),
            file=where,
        ) from exc


def save_draft(
    ctx: AppContext,
    doc: Document,
    *,
    draft_id: int | None = None,
    channel: str = "post",
    note: str = "",
    extra_content: Mapping[str, Any] | None = None,
) -> int:
    """Save ``doc`` as a draft in the register (no number); update ``draft_id`` if given.

    ``extra_content`` (JSON-ready) is stored in the entry's content next to the composed text
    (the window keeps its form values there).
    """
    entry = entry_from_document(doc, channel=channel)
    entry.series = doc.series
    entry.content = {
        "title": doc.title,
        "field_values": dict(doc.field_values),
        "body_text": doc.body_text(),
        "date": doc.date.isoformat(),
        **dict(extra_content or {}),
    }
    register: Register = ctx.register
    if draft_id is None:
        return register.add_draft(entry, note=note)
    columns = [c.key for c in Entry.__table__.columns]
    values = {k: getattr(entry, k) for k in columns if k != "id" and getattr(entry, k) is not None}
    register.update_draft(draft_id, **values)
    return draft_id


def record_incoming(
    ctx: AppContext,
    *,
    sender: str,
    subject: str,
    received: dt.date | None = None,
    reply_by: dt.date | None = None,
    file: Path | None = None,
    email: str = "",
    organisation: str = "",
    text: str = "",
    channel: str = "post",
    kind: str = "letter",
) -> Entry:
    """Log an incoming item; copy its file (if any) into the data folder with its SHA-256.

    The reply-by date defaults to ``settings.reply_days`` working days after the received date.
    The copy is made under a temporary name inside the transaction and given its final name
    before the commit, never over an existing file (a distinct ``(2)`` name instead).
    """
    if not sender.strip():
        raise FieldError(_("the sender is required"), field="from")
    if not subject.strip():
        raise FieldError(_("the subject is required"), field="subject")
    if file is not None and not file.is_file():
        raise FieldError(_("the incoming file does not exist"), file=file, field="file")
    register: Register = ctx.register
    received = received or register.today()
    entry = Entry(
        kind=kind,
        subject=subject.strip(),
        correspondent_name=sender.strip(),
        correspondent_organisation=organisation.strip(),
        correspondent_email=email.strip(),
        channel=channel,
        received_at=received,
        reply_by=reply_by or add_working_days(received, ctx.settings.reply_days),
        content={"text": text} if text else None,
    )
    temps: list[Path] = []
    named: list[tuple[Path, Path]] = []

    def copy_file(reservation: Reservation, item: Entry) -> None:
        assert file is not None
        folder = ctx.paths.incoming_dir / f"{received.year:04d}"
        _prepare_folder(folder)
        stem = safe_file_stem(reservation.reference, sender)
        final = folder / f"{stem}{file.suffix.lower()}"
        temp = final.with_name(final.name + temp_marker())
        temps.append(temp)
        with file.open("rb") as source, temp.open("xb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
            copy.flush()
            os.fsync(copy.fileno())
        (final,) = claim_names([(temp, final)], stem)  # never over a file already there
        named.append((temp, final))
        item.files.append(
            OutputFile(
                format=file.suffix.lower().lstrip(".") or "bin",
                path=str(final),
                sha256=file_sha256(temp),
                size=temp.stat().st_size,
                role="incoming",
            )
        )

    try:
        recorded = register.add_incoming(entry, before_record=copy_file if file else None)
    except BaseException:
        release_names(named)
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp in temps:
        temp.unlink(missing_ok=True)
    return register.get(recorded.id)
