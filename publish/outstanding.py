"""The sentence naming the partners whose owed tables of a range no file in force brought
(transforms.figures.outstanding_tables), in the reader's language: the site and the export's
narrative say it alike, since a total without those tables is not the whole consortium's."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from core.messages import table_names


def outstanding_text(
    outstanding: pd.DataFrame,
    words: dict[str, str],
    partner_name: Callable[[str], str],
    month_name: Callable[[str], str],
    language: str,
) -> str:
    """Each partner (by name) with its outstanding tables and their months, the tables owed for
    the same months said together: "Not yet reported: Leith Recovery (trainings, October 2026)".
    `words` holds the templates `text`, `partner` and `item`."""
    owed: dict[str, dict[str, list[str]]] = {}
    for partner, table, period in zip(
        outstanding["partner_id"], outstanding["table_name"], outstanding["period"], strict=True
    ):
        owed.setdefault(partner, {}).setdefault(table, []).append(period)
    partners = []
    for partner in sorted(owed):
        by_months: dict[tuple[str, ...], list[str]] = {}
        for table, periods in owed[partner].items():
            by_months.setdefault(tuple(periods), []).append(table)
        items = [
            words["item"].format(
                tables=table_names(tables, language),
                months=", ".join(month_name(p) for p in sorted(periods)),
            )
            for periods, tables in by_months.items()
        ]
        partners.append(
            words["partner"].format(partner=partner_name(partner), items="; ".join(items))
        )
    return words["text"].format(partners="; ".join(partners))
