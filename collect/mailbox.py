"""The consortium's mailbox as a source of partner files (IMAP, read with imap-tools).

A run reads the mailbox in two steps: first only the headers of every message (sender, size,
Message-ID), then, for messages from a partner's address within the intake limits, the whole
message. Nothing of a message from an unknown sender is read. Reading writes nothing: the
attachments are saved into the inbox afterwards (`save_attachments`), and the messages are moved
to the processed or review folder last (`file_away`), so a mailbox that fails half-way leaves
the workspace as it was, and a move that fails is simply done again by the next run.

Message bodies are never stored: only spreadsheet attachments, and a ledger line per attachment
(Message-ID and the Message-IDs it refers to, sender, arrival time, hash, where it was saved) in
`<workspace>/mail/`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage

from collect.formats import OLE2_MAGIC, ZIP_MAGIC
from collect.inbox import save_received
from collect.text import decode_text
from collect.unreadable import UnreadableFile
from core.config import Consortium, Mailbox, Workspace

SPREADSHEET_EXTENSIONS = {"xlsx", "xlsm", "xls", "ods", "csv", "tsv"}
# the declared types of an attachment named without an extension that are read, as which
SPREADSHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": "xlsm",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
EXTENSION = re.compile(r"\.([a-z0-9]{0,4}[a-z][a-z0-9]{0,4})$", re.IGNORECASE)
BASE64_GROWTH = 1.4
TIMEOUT_S = 30
MESSAGE_IDS = re.compile(r"<[^<>\s]+>")
INTERNALDATE = re.compile(rb'UID (\d+) INTERNALDATE "([^"]+)"|INTERNALDATE "([^"]+)" UID (\d+)')

Reason = str  # unknown_sender, no_spreadsheet, over_limits


class MailboxUnreachable(Exception):
    """The mailbox could not be reached or refused a command; the message says which."""


@dataclass(frozen=True)
class Attachment:
    """A spreadsheet attached to a message, under the name it was sent with, and the extension
    of what it is read as (its name's, or its declared type's when the name has none)."""

    name: str
    data: bytes = field(repr=False)
    extension: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Envelope:
    """What the headers of a message say, and when the server received it."""

    uid: str
    message_id: str
    sender: str
    received_at: datetime
    size_bytes: int
    # the thread it continues (its References, else its In-Reply-To), for an answer's References
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnerMessage:
    """A message from a partner's address, with its spreadsheet attachments."""

    envelope: Envelope
    partner_id: str
    attachments: tuple[Attachment, ...]


@dataclass(frozen=True)
class ForReview:
    """A message left for the consortium manager, and why."""

    envelope: Envelope
    reason: Reason


@dataclass(frozen=True)
class MailboxContents:
    messages: list[PartnerMessage]
    review: list[ForReview]


@dataclass(frozen=True)
class Collected:
    """One attachment saved into a partner's inbox folder: the ledger line of `mail/`. The name
    it was sent under stays out of the ledger (a name may be personal; received.csv holds it
    while the file is in the inbox)."""

    message_id: str
    sha256: str
    partner_id: str
    sender: str
    saved_as: str
    received_at: str
    name_as_received: str = field(default="", compare=False)
    references: tuple[str, ...] = ()

    def ledger_line(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "name_as_received"}

    @classmethod
    def from_ledger(cls, line: dict) -> Collected:
        return cls(**{**line, "references": tuple(line.get("references", ()))})


def mail_folder(ws: Workspace) -> Path:
    return ws.root / "mail"


def collected_path(ws: Workspace) -> Path:
    return mail_folder(ws) / "collected.jsonl"


def review_path(ws: Workspace) -> Path:
    return mail_folder(ws) / "review.jsonl"


# reading the mailbox


@contextmanager
def connected(box: Mailbox, password: str) -> Iterator[BaseMailBox]:
    """A logged-in connection to the mailbox; any failure becomes MailboxUnreachable."""
    where = f"{box.user} on {box.host}:{box.port} ({box.security})"
    try:
        client = {"tls": MailBox, "starttls": MailBoxStartTls, "none": MailBoxUnencrypted}[
            box.security
        ](box.host, box.port, timeout=TIMEOUT_S)
        mailbox = client.login(box.user, password, initial_folder=None)
    except Exception as exc:  # noqa: BLE001 - every cause of a failed connection is reported
        raise MailboxUnreachable(f"cannot open the mailbox {where}: {describe(exc)}") from exc
    try:
        yield mailbox
    except MailboxUnreachable:
        raise
    except Exception as exc:  # noqa: BLE001
        raise MailboxUnreachable(f"the mailbox {where} failed: {describe(exc)}") from exc
    finally:
        try:
            mailbox.logout()
        except Exception:  # noqa: BLE001, S110 - a connection already gone needs no goodbye
            pass


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")


def read_mailbox(config: Consortium, password: str, *, readonly: bool = False) -> MailboxContents:
    """Every message in the mailbox folder: partner messages read, the rest only listed.
    `readonly` opens the folder with EXAMINE, so not even a flag of a message can change (a
    dry run)."""
    box = config.collect.mailbox
    if box is None:
        return MailboxContents([], [])
    with connected(box, password) as mailbox:
        mailbox.folder.set(box.folder, readonly=readonly)
        envelopes = folder_envelopes(mailbox)
        review, wanted = [], {}
        for env in envelopes:
            partner = config.partner_of_sender(env.sender)
            if partner is None:
                review.append(ForReview(env, "unknown_sender"))
            elif env.size_bytes > message_limit(config):
                review.append(ForReview(env, "over_limits"))
            else:
                wanted[env.uid] = (env, partner.id)
        messages = []
        for msg in mailbox.fetch(uid_list=list(wanted), mark_seen=False, bulk=20) if wanted else []:
            env, partner_id = wanted[msg.uid]
            attachments = spreadsheets(msg, config.partner(partner_id).language)
            if not attachments:
                review.append(ForReview(env, "no_spreadsheet"))
            elif any(len(a.data) > config.intake.max_file_mb * 1e6 for a in attachments):
                review.append(ForReview(env, "over_limits"))
            else:
                messages.append(PartnerMessage(env, partner_id, attachments))
    return MailboxContents(sorted(messages, key=lambda m: m.envelope.received_at), review)


def message_limit(config: Consortium) -> float:
    """The largest message that can hold a file within the intake limits (base64 grows it)."""
    return config.intake.max_file_mb * 1e6 * BASE64_GROWTH + 1e6


def folder_envelopes(mailbox: BaseMailBox) -> list[Envelope]:
    """Headers of every message in the selected folder, with the server's arrival time."""
    arrived = internal_dates(mailbox)
    return [
        Envelope(
            uid=msg.uid,
            message_id=message_id(msg),
            sender=(msg.from_values.email if msg.from_values else msg.from_).lower(),
            received_at=arrived.get(msg.uid) or msg.date,
            size_bytes=msg.size_rfc822,
            references=thread_of(msg),
        )
        for msg in mailbox.fetch(mark_seen=False, headers_only=True, bulk=100)
    ]


def internal_dates(mailbox: BaseMailBox) -> dict[str, datetime]:
    """INTERNALDATE of every message by UID: when the server received it."""
    status, data = mailbox.client.uid("FETCH", "1:*", "(UID INTERNALDATE)")
    if status != "OK":
        return {}
    found = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        match = INTERNALDATE.search(line or b"")
        if match:
            uid = (match.group(1) or match.group(4)).decode()
            stamp = (match.group(2) or match.group(3)).decode().strip()
            found[uid] = datetime.strptime(stamp, "%d-%b-%Y %H:%M:%S %z")
    return found


def message_id(msg: MailMessage) -> str:
    """The Message-ID, or for a message without one a stable id made of its headers."""
    given = "".join(msg.headers.get("message-id", ())).strip()
    if given:
        return given
    digest = hashlib.sha256(f"{msg.from_}|{msg.date_str}|{msg.size_rfc822}".encode()).hexdigest()
    return f"<no-id-{digest[:32]}@consortium>"


def thread_of(msg: MailMessage) -> tuple[str, ...]:
    """The Message-IDs of the thread a message continues, oldest first: its References, else its
    In-Reply-To (RFC 5322 3.6.4)."""
    for header in ("references", "in-reply-to"):
        ids = MESSAGE_IDS.findall(" ".join(msg.headers.get(header, ())))
        if ids:
            return tuple(ids)
    return ()


def spreadsheets(msg: MailMessage, language: str | None = None) -> tuple[Attachment, ...]:
    """The attachments to read: named as a spreadsheet, or named without an extension and
    declared a spreadsheet type that their bytes agree with (`language`: the partner's, for
    telling text)."""
    found = []
    for att in msg.attachments:
        named = extension_of(att.filename or "")
        if not named and (declared := SPREADSHEET_TYPES.get(att.content_type.lower())):
            named = declared if bytes_agree(declared, att.payload, language) else ""
        if named in SPREADSHEET_EXTENSIONS:
            found.append(Attachment(att.filename, att.payload, named))
    return tuple(found)


def extension_of(name: str) -> str:
    """The extension of a file name, lower case; none for a name ending in a number
    ("Svetovanja 31.10.2026") or in words after a dot ("Report Nov. 2026")."""
    match = EXTENSION.search(name)
    return match.group(1).lower() if match else ""


def bytes_agree(extension: str, data: bytes, language: str | None) -> bool:
    """Whether the bytes are of the spreadsheet type they were declared: a zip for xlsx, xlsm
    and ods, an OLE file for xls, text for csv and tsv."""
    if extension in ("xlsx", "xlsm", "ods"):
        return data.startswith(ZIP_MAGIC[0])
    if extension == "xls":
        return data.startswith(OLE2_MAGIC)
    try:
        decode_text(data, language)
    except UnreadableFile:
        return False
    return True


# keeping what was read


def collected(ws: Workspace) -> list[Collected]:
    path = collected_path(ws)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Collected.from_ledger(json.loads(line)) for line in lines if line.strip()]


def mail_origins(ws: Workspace) -> dict[str, Collected]:
    """The message each file came in, by where it was saved in the inbox (`inbox/<partner>/...`)
    and, for a file known only by its bytes (an archived one), by its SHA-256: the first."""
    origins: dict[str, Collected] = {}
    for item in collected(ws):
        origins.setdefault(item.saved_as, item)
        origins.setdefault(item.sha256, item)
    return origins


def append_lines(path: Path, records: list[dict]) -> None:
    if not records:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def collected_before(ws: Workspace) -> set[tuple[str, str]]:
    """(Message-ID, SHA-256) of every attachment collected so far: seen again, it is not saved."""
    return {(c.message_id, c.sha256) for c in collected(ws)}


def save_attachments(ws: Workspace, contents: MailboxContents) -> list[Collected]:
    """Save each attachment not collected before (same Message-ID and hash) into its partner's
    inbox folder and the ledger; list the messages for review. The newly saved files."""
    done = collected_before(ws)
    saved = []
    for msg in contents.messages:
        env = msg.envelope
        for att in msg.attachments:
            if (env.message_id, att.sha256) in done:
                continue
            path = save_received(
                ws, msg.partner_id, att.data, att.name, env.received_at, extension=att.extension
            )
            item = Collected(
                message_id=env.message_id,
                sha256=att.sha256,
                partner_id=msg.partner_id,
                sender=env.sender,
                name_as_received=att.name,
                saved_as=path.relative_to(ws.root).as_posix(),
                received_at=env.received_at.isoformat(),
                references=env.references,
            )
            append_lines(collected_path(ws), [item.ledger_line()])
            done.add((env.message_id, att.sha256))
            saved.append(item)
    list_for_review(ws, contents.review)
    return saved


def list_for_review(ws: Workspace, review: list[ForReview]) -> None:
    known = {(r["message_id"], r["reason"]) for r in review_list(ws)}
    append_lines(
        review_path(ws),
        [
            {
                "message_id": r.envelope.message_id,
                "sender": r.envelope.sender,
                "received_at": r.envelope.received_at.isoformat(),
                "size_bytes": r.envelope.size_bytes,
                "reason": r.reason,
                "listed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            for r in review
            if (r.envelope.message_id, r.reason) not in known
        ],
    )


def review_list(ws: Workspace) -> list[dict]:
    """Messages moved to the review folder so far, oldest first."""
    path = review_path(ws)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# filing the messages away


def file_away(box: Mailbox, password: str, contents: MailboxContents) -> None:
    """Move collected messages to the processed folder and the others to the review folder."""
    with connected(box, password) as mailbox:
        for folder in (box.processed_folder, box.review_folder):
            if not mailbox.folder.exists(folder):
                mailbox.folder.create(folder)
        mailbox.folder.set(box.folder)
        processed = [m.envelope.uid for m in contents.messages]
        review = [r.envelope.uid for r in contents.review]
        if processed:
            mailbox.move(processed, box.processed_folder)
        if review:
            mailbox.move(review, box.review_folder)
