"""A deterministic demo workspace: the demo consortium and two years of its partners' files.

The pipeline is built against what partners really send, so the files imitate their habits:
each partner writes its own language in its own layout (demo/profiles/*.yaml), in Excel,
LibreOffice, old .xls or Windows-1250 CSV, with titles, totals rows, free-text kinds, months in
words, a file re-sent unchanged, and a few faulty submissions the pipeline must reject, each with
the feedback rule it must raise (FAULTS). Everything follows from one seed and the files are
byte-identical between runs, so the committed demo in demo/consortium can be rebuilt and
compared: `python -m demo`. `make run` copies it into data/demo and runs there, so runs never
change it.

With more than four partners the four profiles repeat under new ids, and `scale` multiplies the
people and counselling rows, which makes the same generator a benchmark load.
"""

from __future__ import annotations

import argparse
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from demo.layouts import render
from demo.months import add_months, days_of
from demo.planning import (
    Delivery,
    Fault,
    Partial,
    Plan,
    Resent,
    Resubmission,
    consortium_yaml,
    plan_workspace,
)
from demo.profiles import PROFILES, Profile
from demo.simulation import emso_check_digit, simulate

__all__ = [
    "FAULTS",
    "MISSING",
    "PARTIALS",
    "PROFILES",
    "RESENT",
    "RESUBMISSIONS",
    "Delivery",
    "Fault",
    "Plan",
    "Profile",
    "add_months",
    "consortium_yaml",
    "days_of",
    "emso_check_digit",
    "plan_workspace",
    "simulate",
    "write_workspace",
]

DEMO_ROOT = Path(__file__).resolve().parent / "consortium"
LEDGER = "received.csv"


def received_csv(deliveries: list[Delivery]) -> bytes:
    """When each file arrived, since git keeps no modification times."""
    arrived = sorted(deliveries, key=lambda d: (d.received_at, d.path))
    lines = ["file,received_at"] + [f"{d.path},{d.received_at.isoformat()}" for d in arrived]
    return ("\n".join(lines) + "\n").encode()


def refuse_foreign_files(inbox: Path, planned: set[Path]) -> None:
    """A file left from another run or put there by hand would silently join the demo."""
    if not inbox.is_dir():
        return
    foreign = sorted(p for p in inbox.rglob("*") if p.is_file() and p not in planned)
    if foreign:
        listed = "\n  ".join(str(p) for p in foreign[:10])
        raise FileExistsError(
            f"{inbox} holds files this generator would not write; remove them first:\n  {listed}"
        )


def write_file(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_workspace(
    root: Path,
    *,
    partners: int = 4,
    months: int = 22,
    first_period: str = "2025-01",
    scale: float = 1.0,
    seed: int = 20251,
    workers: int = 1,
) -> list[Path]:
    """Write root/consortium.yaml, the partners' files under root/inbox and inbox/received.csv,
    and return the paths written; refuses an inbox holding files it would not write itself.
    `workers` processes write the partners' files side by side (each partner has its own
    random stream, so the bytes are the same however many)."""
    plan = plan_workspace(partners, months, first_period, seed)
    root, inbox = Path(root), Path(root) / "inbox"
    refuse_foreign_files(inbox, {inbox / d.path for d in plan.deliveries} | {inbox / LEDGER})
    written = [
        write_file(root / "consortium.yaml", consortium_yaml(partners, first_period).encode())
    ]
    ids = [partner.id for partner in plan.config.partners]
    if workers > 1 and len(ids) > 1:
        global _PLANNED  # noqa: PLW0603 - handed to the forked workers, not pickled per partner
        _PLANNED = (plan, root, scale, seed)
        try:
            with ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")
            ) as pool:
                for files in pool.map(write_planned_partner, ids):
                    written += files
        finally:
            _PLANNED = None
    else:
        for partner_id in ids:
            written += write_partner(plan, root, partner_id, scale, seed)
    written.append(write_file(inbox / LEDGER, received_csv(plan.deliveries)))
    return written


def write_partner(plan: Plan, root: Path, partner_id: str, scale: float, seed: int) -> list[Path]:
    """One partner's files, month after month from its own random stream."""
    partner = plan.config.partner(partner_id)
    profile = plan.profiles[partner_id]
    due = [d for d in plan.deliveries if d.partner == partner_id]
    sent: dict[str, bytes] = {}
    written = []
    for index, month in enumerate(simulate(partner, profile, plan.periods, scale, seed)):
        for d in (d for d in due if d.index == index):
            sent[d.path] = sent[d.same_as] if d.same_as else render(d, month, profile)
            written.append(write_file(root / "inbox" / d.path, sent[d.path]))
    return written


_PLANNED: tuple[Plan, Path, float, int] | None = None


def write_planned_partner(partner_id: str) -> list[Path]:
    plan, root, scale, seed = _PLANNED
    return write_partner(plan, root, partner_id, scale, seed)


_DEMO = plan_workspace()
FAULTS: tuple[Fault, ...] = tuple(_DEMO.faults())
RESUBMISSIONS: tuple[Resubmission, ...] = tuple(_DEMO.resubmissions())
RESENT: tuple[Resent, ...] = tuple(_DEMO.resent())
PARTIALS: tuple[Partial, ...] = tuple(_DEMO.partials())
MISSING: tuple[tuple[str, str], ...] = tuple(_DEMO.missing())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEMO_ROOT, help="workspace folder (default: demo/consortium)"
    )
    parser.add_argument(
        "--partners",
        type=int,
        default=4,
        help="4 is the demo; more repeat its partners under new ids",
    )
    parser.add_argument("--months", type=int, default=22)
    parser.add_argument("--first-period", default="2025-01")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies the people and counselling rows"
    )
    parser.add_argument("--seed", type=int, default=20251)
    args = parser.parse_args(argv)
    try:
        files = write_workspace(
            args.out,
            partners=args.partners,
            months=args.months,
            first_period=args.first_period,
            scale=args.scale,
            seed=args.seed,
        )
    except FileExistsError as exc:
        raise SystemExit(str(exc)) from None
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files, {size / 1e6:.2f} MB, under {args.out}")


if __name__ == "__main__":
    main()
