"""The mail loop against a real dovecot (IMAP) and a real aiosmtpd (SMTP) on 127.0.0.1, with
real collect-mail flow runs (Prefect, GX, DuckDB): what lands in the workspace, what is left in
which mailbox folder, and what the SMTP server received."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import duckdb
import openpyxl
import pytest
import yaml
from conftest import DEMO
from typer.testing import CliRunner

from cli.app import app
from tests.mail_support import PASSWORD, USER, Dovecot, SmtpServer

ROOT = Path(__file__).resolve().parents[1]
PARTNER = "porocila@most-demo.example"  # Zavod Most (most-si), writes Slovenian
ARRIVED = datetime(2025, 4, 3, 9, 30, tzinfo=UTC)
NOT_A_REMINDER_DAY = "2025-04-03"
HEADER = ["Datum", "Šifra uporabnika", "Vrsta svetovanja", "Ure"]


@pytest.fixture(scope="module")
def dovecot():
    server = Dovecot()
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def servers(dovecot: Dovecot, smtp: SmtpServer, prefect_api: str):
    """Both servers, empty, for one test."""
    if dovecot.process is None:
        dovecot.start()
    if smtp.controller is None:
        smtp.start()
    dovecot.empty()
    smtp.reset()
    return dovecot, smtp


@pytest.fixture
def ws(tmp_path: Path, dovecot: Dovecot, smtp: SmtpServer) -> Path:
    """The demo consortium with a mailbox and an SMTP server on 127.0.0.1, reminders on the
    5th and 15th, short waits between tries; the IMAP password in the secrets file beside it."""
    root = tmp_path / "ws"
    (root / "inbox").mkdir(parents=True)
    config = yaml.safe_load((DEMO / "consortium.yaml").read_text("utf-8"))
    config["collect"] = {
        "mailbox": {
            "host": "127.0.0.1",
            "port": dovecot.port,
            "security": "none",
            "user": USER,
        },
        "retry_delays_s": [0.1],
    }
    config["mail"] = {
        "smtp": {"host": "127.0.0.1", "port": smtp.port, "security": "none"},
        "from": USER,
        "reminder_days": [5, 15],
        "retry_delays_s": [0.1, 0.1],
    }
    config["partners"][0]["senders"] = ["vodja@most-demo.example"]
    write_config(root, config)
    (tmp_path / ".ws.secrets").write_text(f"CONSORTIUM_IMAP_PASSWORD={PASSWORD}\n", "utf-8")
    return root


def write_config(root: Path, config: dict) -> None:
    (root / "consortium.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def counselling_csv(period: str, hours: str = "1:30") -> bytes:
    """One counselling session of Zavod Most in `period`, as partners export it from Excel."""
    year, month = period.split("-")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows([HEADER, [f"4. {int(month)}. {year}", "LJ-0001", "individualno", hours]])
    return out.getvalue().encode("utf-8")


def counselling_xlsx(period: str) -> bytes:
    """The session of `counselling_csv` as an Excel workbook."""
    year, month = (int(part) for part in period.split("-"))
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([datetime(year, month, 4), "LJ-0001", "individualno", 1.5])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def message(sender: str = PARTNER, **attachments: bytes) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, USER, "Poročilo"
    msg["Message-ID"] = make_msgid(domain="most-demo.example")
    msg.set_content("V prilogi je poročilo.")
    for name, data in attachments.items():
        msg.add_attachment(data, maintype="text", subtype="csv", filename=name)
    return msg


def run(ws: Path, today: str = NOT_A_REMINDER_DAY, **options):
    from flows.collect_mail import collect_mail

    return collect_mail(workspace=str(ws), today=today, **options)


def folder_counts(dovecot: Dovecot) -> dict[str, int]:
    return {name: len(messages) for name, messages in dovecot.folders().items()}


def registered(ws: Path) -> list[tuple]:
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(
            "select name_as_received, status, received_at from submissions order by 1"
        ).fetchall()


def text_of(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()


def test_good_attachment_is_collected_loaded_and_answered_in_slovenian_in_one_run(servers, ws):
    dovecot, smtp = servers
    sent = message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")})
    dovecot.deliver(sent, ARRIVED)

    result = run(ws)

    saved = list((ws / "inbox" / "most-si").iterdir())
    assert [p.name.startswith("received-") for p in saved] == [True]  # a generated name
    # the name as sent is kept as text, the server's arrival time as the received time
    assert registered(ws) == [("svetovanje_2025-03.csv", "accepted", ARRIVED)]
    assert "svetovanje" not in (ws / "mail" / "collected.jsonl").read_text()  # names stay out
    assert folder_counts(dovecot) == {"INBOX": 0, "Processed": 1, "Review": 0}
    [answer] = smtp.received.messages
    assert answer["To"] == PARTNER and answer["In-Reply-To"] == sent["Message-ID"]
    assert answer["Reply-To"] == USER
    assert "Povratna informacija" in answer["Subject"]  # Slovenian, the partner's language
    assert "Sprejeto" in text_of(answer)
    assert answer.get_body(("html",)) is not None
    assert result.answers and not result.review and result.unsent == 0
    # read once: the archived original is the inbox file, not a second arrival (a duplicate)
    report = next((ws / "feedback").rglob("svetovanje_2025-03*.txt")).read_text(encoding="utf-8")
    assert "Sprejeto" in report and "Že prejeto" not in report


def test_rejected_file_is_answered_with_its_reasons(servers, ws):
    dovecot, smtp = servers
    bad = counselling_csv("2025-03", hours="minus ena")
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": bad}), ARRIVED)

    run(ws)

    assert registered(ws)[0][1] == "rejected"
    [answer] = smtp.received.messages
    text = text_of(answer)
    assert "Zavrnjeno" in text and "Ure" in text  # the status and the column to fix


def test_answer_names_the_partner_by_its_name(servers, ws):
    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)

    run(ws)

    [answer] = smtp.received.messages
    html = answer.get_body(("html",)).get_content()
    # the name in consortium.yaml, as the partner's staff know it, never the id most-si
    assert "Partner: Zavod Most, Ljubljana" in text_of(answer)
    assert "Zavod Most, Ljubljana" in html and "most-si" not in text_of(answer) + html


def test_same_message_seen_twice_is_collected_once(servers, ws):
    dovecot, smtp = servers
    sent = message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")})
    dovecot.deliver(sent, ARRIVED)
    dovecot.deliver(sent, ARRIVED)

    run(ws)

    assert len(list((ws / "inbox" / "most-si").iterdir())) == 1
    assert folder_counts(dovecot)["Processed"] == 2
    assert len(smtp.received.messages) == 1


def test_the_same_file_sent_again_in_a_later_message_is_answered_as_a_duplicate(servers, ws):
    dovecot, smtp = servers
    data = counselling_csv("2025-03")
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": data}), ARRIVED)
    run(ws)
    again = message(**{"svetovanje_2025-03.csv": data})
    dovecot.deliver(again, ARRIVED + timedelta(days=2))

    run(ws)

    first, second = smtp.received.messages
    assert second["In-Reply-To"] == again["Message-ID"]
    assert "Že prejeto" in text_of(second)  # told: the same file for the same month


def test_message_of_unknown_sender_goes_to_review_unread(servers, ws):
    dovecot, smtp = servers
    dovecot.deliver(
        message("neznan@drugje.example", **{"svetovanje_2025-03.csv": counselling_csv("2025-03")}),
        ARRIVED,
    )

    result = run(ws)

    assert folder_counts(dovecot) == {"INBOX": 0, "Processed": 0, "Review": 1}
    assert not (ws / "inbox" / "most-si").exists() and not (ws / "warehouse.duckdb").exists()
    [listed] = [json.loads(line) for line in (ws / "mail" / "review.jsonl").open()]
    assert listed["reason"] == "unknown_sender" and listed["sender"] == "neznan@drugje.example"
    assert "svetovanje" not in json.dumps(listed)  # nothing of the message but its envelope
    assert [r.reason for r in result.review] == ["unknown_sender"]
    assert smtp.received.messages == []
    status = CliRunner().invoke(app, ["status", "--workspace", str(ws), "--period", "2025-03"])
    assert "neznan@drugje.example" in status.output and "unknown_sender" in status.output


def test_message_with_two_attachments_gives_two_files_and_two_answers(servers, ws):
    dovecot, smtp = servers
    dovecot.deliver(
        message(
            "vodja@most-demo.example",  # a sender listed under `senders`
            **{
                "svetovanje_2025-02.csv": counselling_csv("2025-02"),
                "svetovanje_2025-03.csv": counselling_csv("2025-03"),
            },
        ),
        ARRIVED,
    )

    run(ws)

    assert [r[0] for r in registered(ws)] == ["svetovanje_2025-02.csv", "svetovanje_2025-03.csv"]
    assert sorted(m["To"] for m in smtp.received.messages) == ["vodja@most-demo.example"] * 2


def test_attachment_over_the_size_limit_goes_to_review(servers, ws):
    dovecot, smtp = servers
    config = yaml.safe_load((ws / "consortium.yaml").read_text("utf-8"))
    config["intake"] = {"max_file_mb": 0.0001}  # 100 bytes
    write_config(ws, config)
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03") * 3}), ARRIVED)

    run(ws)

    assert folder_counts(dovecot)["Review"] == 1
    assert not (ws / "inbox" / "most-si").exists()
    assert json.loads((ws / "mail" / "review.jsonl").read_text())["reason"] == "over_limits"
    # the partner is told, in its language, not left waiting for a report
    [told] = smtp.received.messages
    assert told["To"] == PARTNER and "večje, kot ga nabiralnik" in text_of(told)


def test_a_partners_message_without_a_spreadsheet_is_answered_asking_for_the_file(servers, ws):
    dovecot, smtp = servers
    sent = message()
    sent.add_attachment(b"%PDF-1.7 ...", maintype="application", subtype="pdf", filename="p.pdf")
    dovecot.deliver(sent, ARRIVED)

    run(ws)
    run(ws)

    assert folder_counts(dovecot)["Review"] == 1
    [told] = smtp.received.messages  # once, however often the mailbox is read
    assert told["In-Reply-To"] == sent["Message-ID"]
    assert "ni imelo priložene preglednice" in text_of(told)


def test_an_answer_without_a_file_read_leaves_out_what_a_report_names(servers, ws):
    dovecot, smtp = servers
    sent = message()
    sent.add_attachment(b"%PDF-1.7 ...", maintype="application", subtype="pdf", filename="p.pdf")
    dovecot.deliver(sent, ARRIVED)

    run(ws)

    [told] = smtp.received.messages
    # no report came with it, so nothing names cells: only where to turn with questions
    assert "Vprašanja? Odgovorite vodji konzorcija." in text_of(told)
    assert "celice" not in text_of(told)


def test_an_answer_continues_the_thread_of_the_partners_message(servers, ws):
    dovecot, smtp = servers
    sent = message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")})
    sent["In-Reply-To"] = "<answer-2@consortium.example>"
    sent["References"] = "<report-1@most-demo.example> <answer-2@consortium.example>"
    dovecot.deliver(sent, ARRIVED)

    run(ws)

    [answer] = smtp.received.messages
    # RFC 5322 3.6.4: the partner message's References, then its own Message-ID
    assert answer["References"].split() == [
        "<report-1@most-demo.example>",
        "<answer-2@consortium.example>",
        sent["Message-ID"],
    ]
    assert answer["In-Reply-To"] == sent["Message-ID"]
    assert answer["Subject"].startswith("Povratna informacija")  # our words, not the partner's
    [ledger] = [json.loads(line) for line in (ws / "mail" / "collected.jsonl").open()]
    assert ledger["references"] == ["<report-1@most-demo.example>", "<answer-2@consortium.example>"]


def test_an_answer_to_a_message_with_in_reply_to_alone_references_that_message_first(servers, ws):
    dovecot, smtp = servers
    sent = message()
    sent["In-Reply-To"] = "<answer-2@consortium.example>"
    sent.add_attachment(b"%PDF-1.7 ...", maintype="application", subtype="pdf", filename="p.pdf")
    dovecot.deliver(sent, ARRIVED)

    run(ws)

    [told] = smtp.received.messages
    assert told["References"].split() == ["<answer-2@consortium.example>", sent["Message-ID"]]


def test_a_workbook_sent_without_an_extension_is_read_by_its_declared_type(servers, ws):
    dovecot, smtp = servers
    sent = message()
    sent.add_attachment(
        counselling_xlsx("2025-03"),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="svetovanje marec 2025",
    )
    dovecot.deliver(sent, ARRIVED)

    run(ws)

    [saved] = list((ws / "inbox" / "most-si").iterdir())
    assert saved.suffix == ".xlsx"  # saved as what it was declared, and its bytes are
    [(name, status, _)] = registered(ws)
    assert name == "svetovanje marec 2025" and status != "rejected"
    assert folder_counts(dovecot) == {"INBOX": 0, "Processed": 1, "Review": 0}
    [answer] = smtp.received.messages
    assert "Povratna informacija" in answer["Subject"]


def test_collect_says_how_many_new_files_were_loaded_and_how_many_rejected(servers, ws):
    dovecot, smtp = servers
    dovecot.deliver(
        message(
            **{
                "svetovanje_2025-02.csv": counselling_csv("2025-02"),
                "svetovanje_2025-03.csv": counselling_csv("2025-03", hours="minus ena"),
            }
        ),
        ARRIVED,
    )

    result = CliRunner().invoke(app, ["collect", "--workspace", str(ws)])

    assert result.exit_code == 0, result.output
    assert "2 new files: 1 loaded, 1 rejected;" in result.output


def lock_command(ws: Path, command: str, period: str) -> None:
    result = CliRunner().invoke(app, [command, "--period", period, "--workspace", str(ws)])
    assert result.exit_code == 0, result.output


def correction_held_then_released(dovecot: Dovecot, smtp: SmtpServer, ws: Path) -> EmailMessage:
    """March sent and locked; a correction of it mailed, collected and answered as held; March
    unlocked. The correction's message."""
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)
    run(ws)
    lock_command(ws, "lock", "2025-03")
    correction = message(
        **{"svetovanje_2025-03_popravek.csv": counselling_csv("2025-03", hours="2:00")}
    )
    dovecot.deliver(correction, ARRIVED + timedelta(days=3))
    run(ws)
    held = smtp.received.messages[-1]
    assert "bo upoštevana, ko bo mesec znova odprt" in text_of(held)  # told: held
    lock_command(ws, "unlock", "2025-03")
    return correction


def test_a_correction_held_for_a_locked_month_is_told_once_that_it_counts_after_the_unlock(
    servers, ws
):
    dovecot, smtp = servers
    correction = correction_held_then_released(dovecot, smtp, ws)

    run(ws)
    run(ws)

    _, _, counts = smtp.received.messages  # once, however many runs follow the unlock
    assert counts["To"] == PARTNER and counts["In-Reply-To"] == correction["Message-ID"]
    assert counts["References"].split() == [correction["Message-ID"]]
    assert counts["Subject"].endswith("svetovanje_2025-03_popravek.csv zdaj šteje")
    text = text_of(counts)
    # in Slovenian, the month named, then the file's report as a counted file's
    assert (
        "Mesec marec 2025 je znova odprt: vaša datoteka “svetovanje_2025-03_popravek.csv”" in text
    )
    assert "Stanje: Sprejeto, z opozorili" in text and "svetovanja: 1, ure: 2" in text
    # the earlier file is replaced now, not "once the month is reopened"
    assert "Zanje zdaj štejemo le to datoteko." in text
    assert "je znova odprt" in counts.get_body(("html",)).get_content()


def test_dry_run_says_a_released_correction_would_be_told_that_it_counts(servers, ws):
    dovecot, smtp = servers
    correction_held_then_released(dovecot, smtp, ws)

    result = CliRunner().invoke(app, ["collect", "--workspace", str(ws), "--dry-run"])

    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert f"most-si: svetovanje_2025-03_popravek.csv to {PARTNER}" in out
    assert "Would send 1 answer(s)" in out
    assert len(smtp.received.messages) == 2  # the first file's answer and the held one

    run(ws)

    assert len(smtp.received.messages) == 3  # the dry run queued nothing in its place


def test_smtp_refusal_is_retried_recorded_and_never_sent_twice(servers, ws):
    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)
    smtp.refuse(1)  # the first try gets "451 try again later"

    run(ws)
    run(ws)

    assert len(smtp.received.messages) == 1
    log = [json.loads(line) for line in (ws / "mail" / "sent.jsonl").open()]
    assert [e["outcome"] for e in log] == ["failed", "sent"]
    assert log[1]["attempts"] == 2


def test_unreachable_smtp_server_keeps_the_answer_for_the_next_run(servers, ws):
    from flows.runtime import StageFailed

    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)
    smtp.stop()
    try:
        with pytest.raises(StageFailed, match="send stage failed: the SMTP server"):
            run(ws)
    finally:
        smtp.start()
    assert len(list((ws / "mail" / "queue").glob("*.eml"))) == 1
    assert registered(ws)[0][1] == "accepted"  # the file itself is loaded
    status = CliRunner().invoke(app, ["status", "--workspace", str(ws), "--period", "2025-03"])
    assert "1 message(s) not yet sent" in status.output

    run(ws)

    assert len(smtp.received.messages) == 1
    assert list((ws / "mail" / "queue").glob("*.eml")) == []


def test_reminder_is_sent_once_per_configured_day_naming_missing_months_and_tables(servers, ws):
    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)

    run(ws, today="2025-04-05")
    first = reminders(smtp)
    run(ws, today="2025-04-05")
    run(ws, today="2025-04-06")  # not a reminder day
    after_same_day = reminders(smtp)
    run(ws, today="2025-04-15")

    # three demo partners report since January (the fourth from April) and owe January to
    # March; Zavod Most sent March's counselling sheet, so March lists its other tables only
    assert PARTNER in {m["To"] for m in first} and len(first) == 3
    most = next(m for m in first if m["To"] == PARTNER)
    assert "Opomnik" in most["Subject"]
    assert "- 2025-03: bivanje, izobraževanja, uporabniki" in text_of(most)
    assert "- 2025-02: bivanje, svetovanje," in text_of(most)
    assert len(after_same_day) == 3
    assert len(reminders(smtp)) == 6


def reminders(smtp: SmtpServer) -> list[EmailMessage]:
    return [m for m in smtp.received.messages if m["Auto-Submitted"] == "auto-generated"]


def test_reminder_left_unsent_on_its_day_is_not_sent_later(servers, ws):
    from flows.runtime import StageFailed

    dovecot, smtp = servers
    smtp.stop()
    try:
        with pytest.raises(StageFailed, match="send stage failed"):
            run(ws, today="2025-04-05")  # queued, not sent
    finally:
        smtp.start()
    run(ws, today="2025-04-06")

    assert reminders(smtp) == []
    assert list((ws / "mail" / "queue").glob("*.eml")) == []


def deliver_a_mixed_mailbox(dovecot: Dovecot) -> None:
    """A partner's good file (opened already by someone, so \\Seen), a partner's file that is
    rejected, a partner's PDF and a stranger's message."""
    good = message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")})
    dovecot.deliver(good, ARRIVED, flags=("\\Seen",))
    bad = message(**{"svetovanje_2025-02.csv": counselling_csv("2025-02", hours="minus ena")})
    dovecot.deliver(bad, ARRIVED + timedelta(minutes=1))
    pdf = message()
    pdf.add_attachment(b"%PDF-1.7 ...", maintype="application", subtype="pdf", filename="p.pdf")
    dovecot.deliver(pdf, ARRIVED + timedelta(minutes=2))
    dovecot.deliver(message("neznan@drugje.example"), ARRIVED + timedelta(minutes=3))


def workspace_files(ws: Path) -> dict[str, bytes]:
    return {p.relative_to(ws).as_posix(): p.read_bytes() for p in ws.rglob("*") if p.is_file()}


def test_dry_run_leaves_the_mailbox_and_the_workspace_as_they_were_and_sends_nothing(servers, ws):
    dovecot, smtp = servers
    deliver_a_mixed_mailbox(dovecot)
    mailbox_before, files_before = dovecot.flags(), workspace_files(ws)

    result = CliRunner().invoke(app, ["collect", "--workspace", str(ws), "--dry-run"])

    assert result.exit_code == 0, result.output
    # the same messages in the same folders, \\Seen where it was and nowhere else
    assert dovecot.flags() == mailbox_before
    assert list(mailbox_before) == ["INBOX"] and len(mailbox_before["INBOX"]) == 4
    # no file saved, no ledger line, no warehouse, nothing queued or written to outbox/
    assert workspace_files(ws) == files_before
    assert sorted(p.name for p in ws.iterdir()) == ["consortium.yaml", "inbox"]
    assert smtp.received.messages == []


def test_dry_run_says_what_a_collect_would_take_in_move_to_review_and_answer(servers, ws):
    dovecot, smtp = servers
    deliver_a_mixed_mailbox(dovecot)

    result = CliRunner().invoke(app, ["collect", "--workspace", str(ws), "--dry-run"])

    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    # each file with its partner and sender, and what the checks of `consortium check` say
    assert (
        f"most-si: svetovanje_2025-03.csv from {PARTNER}, received 2025-04-03 09:30: loaded; "
        "answered with its report" in out
    )
    assert "svetovanje_2025-02.csv" in out and ": rejected (" in out
    # the messages for review and why; the partner is told, the stranger is not
    assert f"{PARTNER}, received 2025-04-03 09:32: no_spreadsheet; its sender told why" in out
    assert "neznan@drugje.example, received 2025-04-03 09:33: unknown_sender" in out
    assert "unknown_sender; its sender told why" not in out
    assert "Would send 3 answer(s)" in out


def test_send_false_delivers_into_the_outbox_once(servers, ws):
    dovecot, smtp = servers
    config = yaml.safe_load((ws / "consortium.yaml").read_text("utf-8"))
    config["mail"]["send"] = False
    write_config(ws, config)
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)

    run(ws)
    [written] = list((ws / "outbox").glob("*.eml"))
    written.unlink()
    run(ws)

    assert list((ws / "outbox").glob("*.eml")) == []  # delivered once, not written again
    assert list((ws / "mail" / "queue").glob("*.eml")) == []
    assert smtp.received.messages == []


def test_imap_server_stopped_mid_run_leaves_the_workspace_and_the_next_run_completes(servers, ws):
    from flows.runtime import StageFailed, watching_stages

    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)

    def stop_mailbox(stage: str) -> None:
        if stage == "mailbox" and dovecot.process is not None:
            dovecot.stop()

    before = sorted(p.relative_to(ws) for p in ws.rglob("*") if ".state" not in p.parts)
    try:
        with watching_stages(stop_mailbox), pytest.raises(StageFailed, match="mailbox"):
            run(ws)
    finally:
        dovecot.start()
    after = sorted(p.relative_to(ws) for p in ws.rglob("*") if ".state" not in p.parts)
    assert after == before
    assert folder_counts(dovecot)["INBOX"] == 1

    run(ws)

    assert registered(ws)[0][0] == "svetovanje_2025-03.csv"
    assert folder_counts(dovecot)["INBOX"] == 0
    assert len(smtp.received.messages) == 1


def test_imap_server_gone_before_the_move_keeps_the_files_and_the_next_run_moves_only(servers, ws):
    from flows.runtime import StageFailed, watching_stages

    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")}), ARRIVED)

    def stop_mailbox(stage: str) -> None:
        if stage == "answer" and dovecot.process is not None:
            dovecot.stop()  # the files are read and saved; the messages are not moved yet

    try:
        with watching_stages(stop_mailbox), pytest.raises(StageFailed, match="mailbox"):
            run(ws)
    finally:
        dovecot.start()
    assert folder_counts(dovecot) == {"INBOX": 1}

    run(ws)

    # the message is seen again but its attachment was collected: moved, not saved twice
    assert len(list((ws / "inbox" / "most-si").iterdir())) == 1
    assert folder_counts(dovecot) == {"INBOX": 0, "Processed": 1, "Review": 0}
    assert len(smtp.received.messages) == 1


KILLED_WHILE_VALIDATING = """
import os, signal, sys
from flows.collect_mail import collect_mail
from flows.runtime import watching_stages

def kill(stage):
    if stage == "validate":
        os.kill(os.getpid(), signal.SIGKILL)

with watching_stages(kill):
    collect_mail(workspace=sys.argv[1], today=sys.argv[2])
"""


def collect_killed_after_saving(ws: Path, prefect_api: str) -> None:
    """A collect killed (the machine stopped, say) once it saved the attachments, while it
    validates them: nothing loaded, nothing answered, the messages still in the folder."""
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_VALIDATING, str(ws), NOT_A_REMINDER_DAY],
        cwd=ROOT,
        env={**os.environ, "PREFECT_API_URL": prefect_api},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (ws / "mail" / "collected.jsonl").is_file()
    assert not (ws / "mail" / "queue").exists()


def monthly_run(ws: Path):
    from flows.monthly_report import monthly_report

    return monthly_report(workspace=str(ws))


def test_a_file_the_monthly_run_read_after_a_killed_collect_is_answered_by_the_next_collect(
    servers, ws, prefect_api
):
    dovecot, smtp = servers
    name = "svetovanje_2025-03.csv"
    sent = message(**{name: counselling_csv("2025-03")})
    sent["In-Reply-To"] = "<answer-2@consortium.example>"
    sent["References"] = "<report-1@most-demo.example> <answer-2@consortium.example>"
    dovecot.deliver(sent, ARRIVED)
    collect_killed_after_saving(ws, prefect_api)
    monthly_run(ws)  # reads the file the collect saved
    assert registered(ws) == [(name, "accepted", ARRIVED)]

    run(ws)
    run(ws)

    # once, however many collects follow, in reply to the message and in its thread
    [answer] = smtp.received.messages
    assert answer["To"] == PARTNER and answer["In-Reply-To"] == sent["Message-ID"]
    assert answer["References"].split() == [
        "<report-1@most-demo.example>",
        "<answer-2@consortium.example>",
        sent["Message-ID"],
    ]
    # in Slovenian, the partner's language, naming the file
    assert answer["Subject"] == f"Povratna informacija o vašem mesečnem poročilu: {name}"
    assert "Stanje: Sprejeto" in text_of(answer)
    assert folder_counts(dovecot) == {"INBOX": 0, "Processed": 1, "Review": 0}


def test_a_file_the_monthly_run_read_after_a_collect_failed_to_load_it_is_answered(
    servers, ws, monkeypatch
):
    from flows.runtime import StageFailed
    from load.warehouse import KEY_ENV

    dovecot, smtp = servers
    dovecot.deliver(message(**{"svetovanje_2025-02.csv": counselling_csv("2025-02")}), ARRIVED)
    run(ws)  # February's people kept under codes made with the workspace's pseudonym key
    later = message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03")})
    dovecot.deliver(later, ARRIVED + timedelta(days=1))
    # the scheduled collect given another key: it saves March, then refuses to load it
    with monkeypatch.context() as wrong:
        wrong.setenv(KEY_ENV, "not the key the warehouse was built with")
        with pytest.raises(StageFailed, match="load stage failed"):
            run(ws)
    assert len(smtp.received.messages) == 1
    monthly_run(ws)  # the manager's run, with the right key, reads March

    run(ws)

    first, answer = smtp.received.messages
    assert first["Subject"].endswith("svetovanje_2025-02.csv")
    assert answer["In-Reply-To"] == later["Message-ID"]
    assert answer["Subject"].endswith("svetovanje_2025-03.csv")


def test_a_rejected_file_is_answered_once_though_the_monthly_run_that_read_it_failed(
    servers, ws, prefect_api
):
    from flows.monthly_report import NothingToReport

    dovecot, smtp = servers
    dovecot.deliver(
        message(**{"svetovanje_2025-03.csv": counselling_csv("2025-03", hours="minus ena")}),
        ARRIVED,
    )
    collect_killed_after_saving(ws, prefect_api)
    # the run answers the file it read, then finds no month to report: nothing is committed
    with pytest.raises(NothingToReport):
        monthly_run(ws)
    assert not (ws / "warehouse.duckdb").exists()

    run(ws)  # reads the file again: its answer was queued already
    run(ws)

    [answer] = smtp.received.messages
    assert "Zavrnjeno" in text_of(answer)
    assert registered(ws)[0][1] == "rejected"


def test_no_password_stops_the_mailbox_stage_naming_where_to_put_it(servers, ws, tmp_path):
    from flows.runtime import StageFailed

    shutil.move(tmp_path / ".ws.secrets", tmp_path / "elsewhere")
    with pytest.raises(StageFailed, match="CONSORTIUM_IMAP_PASSWORD is not set"):
        run(ws)


def test_mail_deployment_runs_hourly_on_collect_schedule(ws, prefect_api):
    from prefect.client.orchestration import get_client

    from core.config import Workspace
    from flows.schedule import mail_deployment

    deployment_id = mail_deployment(Workspace.open(ws)).apply()
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment(deployment_id)
    schedule = deployment.schedules[0].schedule
    assert deployment.name == "most-demo"
    assert (schedule.cron, schedule.timezone) == ("0 * * * *", "Europe/Ljubljana")
