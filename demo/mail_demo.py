"""`make mail-demo`: the mail loop on this machine, end to end.

Starts a throw-away dovecot (IMAP) and aiosmtpd (SMTP) on 127.0.0.1, makes a workspace of the
demo consortium that reads that mailbox, delivers the demo's latest month by e-mail (each file
from its partner's address, plus one message from a stranger), runs `consortium collect`, and
prints the answers the SMTP server received. Nothing leaves the machine.

    .venv/bin/python -m demo.mail_demo [--out DIR] [--month YYYY-MM]
"""

from __future__ import annotations

import argparse
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import yaml

from demo.generator import DEMO_ROOT as DEMO
from demo.generator import plan_workspace
from tests.mail_support import PASSWORD, USER, Dovecot, SmtpServer


def latest_month() -> str:
    return plan_workspace().periods[-1]


def month_files(partner_id: str, month: str) -> list[Path]:
    """The partner's files for the month, as the generator planned them (partners name the
    month their own way: `maj 2025`, `05_2025`, `2025-05`)."""
    planned = plan_workspace().deliveries
    return sorted(
        DEMO / "inbox" / d.path for d in planned if d.partner == partner_id and d.period == month
    )


def demo_workspace(root: Path, imap_port: int, smtp_port: int) -> Path:
    """The demo consortium reading the local mailbox; the password in the file beside it."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "inbox").mkdir(parents=True)
    config = yaml.safe_load((DEMO / "consortium.yaml").read_text(encoding="utf-8"))
    config["collect"] = {
        "mailbox": {"host": "127.0.0.1", "port": imap_port, "security": "none", "user": USER},
        "retry_delays_s": [1],
    }
    config["mail"] = {
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none"},
        "from": USER,
        "retry_delays_s": [1],
    }
    (root / "consortium.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (root.parent / f".{root.name}.secrets").write_text(
        f"CONSORTIUM_IMAP_PASSWORD={PASSWORD}\n", encoding="utf-8"
    )
    return root


def partner_message(sender: str, files: list[Path]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, USER, "Monthly report"
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    msg.set_content("Attached: this month's report.")
    for path in files:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/")
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    return msg


def deliver_month(dovecot: Dovecot, month: str) -> int:
    config = yaml.safe_load((DEMO / "consortium.yaml").read_text(encoding="utf-8"))
    delivered = 0
    for partner in config["partners"]:
        files = month_files(partner["id"], month)
        if files:
            dovecot.deliver(partner_message(partner["email"], files), datetime.now(UTC))
            print(f"  {partner['email']}: {', '.join(p.name for p in files)}")
            delivered += 1
    stranger = partner_message("someone@elsewhere.example", [])
    dovecot.deliver(stranger, datetime.now(UTC))
    print("  someone@elsewhere.example: no attachment (goes to the review folder, unread)")
    return delivered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "mail-demo")
    parser.add_argument("--month", default=None, help="YYYY-MM; default: the demo's latest")
    args = parser.parse_args(argv)
    month = args.month or latest_month()
    dovecot, smtp = Dovecot(), SmtpServer()
    dovecot.start()
    smtp.start()
    try:
        ws = demo_workspace(args.out.resolve() / "ws", dovecot.port, smtp.port)
        print(f"Mailbox {USER} on 127.0.0.1:{dovecot.port}, SMTP on 127.0.0.1:{smtp.port}")
        print(f"Delivering {month} by e-mail:")
        deliver_month(dovecot, month)
        print(f"\n$ consortium collect --workspace {ws}")
        env = {
            "CONSORTIUM_PSEUDONYM_KEY": "mail-demo-key-not-secret",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",  # a loaded machine
            **os.environ,
        }
        done = subprocess.run(
            [str(Path(sys.executable).with_name("consortium")), "collect", "--workspace", str(ws)],
            env=env,
            check=False,
        )
        print(f"\nThe SMTP server received {len(smtp.received.messages)} message(s):")
        for msg in smtp.received.messages:
            text = msg.get_body(("plain",)).get_content()
            print(f"\n--- To: {msg['To']}\n    Subject: {msg['Subject']}")
            print("    " + "\n    ".join(text.splitlines()[:12]))
        print(f"\nFolders now: { {k: len(v) for k, v in dovecot.folders().items()} }")
        print(f"Workspace: {ws} (feedback/, mail/, warehouse.duckdb)")
        return done.returncode
    finally:
        smtp.stop()
        dovecot.close()


if __name__ == "__main__":
    raise SystemExit(main())
