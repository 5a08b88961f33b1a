"""Logs under the same rule as what is published: no national identity number or e-mail
address ever reaches Prefect's database, its console or the run log, even inside the message
of an error raised deep in a library."""

from __future__ import annotations

import logging

from core.identifiers import redacted

LOGGERS = (
    "",
    "prefect",
    "prefect.flow_runs",
    "prefect.task_runs",
    "prefect.engine",
    "prefect.flow_engine",
    "prefect.task_engine",
    "great_expectations",
)


class PersonalDataFilter(logging.Filter):
    """Masks personal identifiers in a record's message and traceback before any handler sees
    it; the record is changed in place, so every handler it propagates to gets the masked one."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redacted(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redacted(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redacted(record.exc_text)
        return True


def install_log_privacy() -> None:
    """Put the filter on every logger a run writes through (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PersonalDataFilter) for f in logger.filters):
            logger.addFilter(PersonalDataFilter())
