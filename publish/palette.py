"""The one palette of every chart, on the site and in the exports: Okabe-Ito, distinguishable
with every common colour-vision deficiency. A partner keeps its colour on every chart."""

from __future__ import annotations

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, YELLOW, BLACK = PALETTE
# Months of the submission grid, by their status.
STATUS_COLOURS = {"on_time": GREEN, "late": ORANGE, "rejected": VERMILION, "missing": BLACK}


def colour(position: int) -> str:
    """The colour of the series at `position`, repeating after the last."""
    return PALETTE[position % len(PALETTE)]


def partner_colours(partners: list[str], also: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """A colour per partner from its place among the consortium's partners (then any other id
    found in the data, sorted), so a partner has the same colour on the site and in an export."""
    order = [*partners, *sorted(set(also) - set(partners))]
    return {p: colour(i) for i, p in enumerate(order)}
