"""The published outputs of a run (site/, exports/, feedback/), whole or not at all.

A run writes them into a staging folder in the workspace state and swaps them in only when every
stage succeeded, together with the staged warehouse. A commit record written before the first
swap lets whoever next holds the workspace finish a swap that a kill interrupted, so the outputs
and the warehouse never stay half old, half new. The site is written whole and the exports
carried over and added to, each swapped in as a folder; the feedback, which only ever grows by
the reports of new files, is staged as the files the run writes and merged in file by file, so a
run costs the reports it writes, not every report of the past.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.config import Workspace
from core.files import link_or_copy, replace_text

OUTPUTS = ("site", "exports", "feedback")
# Earlier runs and other commands add to these; the site is written whole by every run.
CARRIED_OVER = ("exports",)
# folders whose files are never written in place (an export into a new folder, the one it
# replaces renamed away): their staging copy shares the published files by hard links, so a run
# does not copy every export of the past
SHARED_BY_LINKS = frozenset({"exports"})
# folders staged as what the run adds, merged into the published one file by file
MERGED = frozenset({"feedback"})


@dataclass(frozen=True)
class StagedWorkspace(Workspace):
    """The workspace as the render stages see it: its outputs point into the staging folder.
    Its feedback folder holds the reports the run writes; the published ones are found beside
    them (`feedback_folders`)."""

    stage: Path = Path()

    @property
    def site(self) -> Path:
        return self.stage / "site"

    @property
    def exports(self) -> Path:
        return self.stage / "exports"

    @property
    def feedback(self) -> Path:
        return self.stage / "feedback"

    @property
    def feedback_folders(self) -> tuple[Path, ...]:
        return (self.root / "feedback", self.feedback)

    @property
    def seen_only_when_swapped_in(self) -> bool:
        return True


def staging_folder(ws: Workspace) -> Path:
    return ws.state / "outputs.staging"


@contextmanager
def staged_outputs(
    ws: Workspace, carried: tuple[str, ...] = CARRIED_OVER
) -> Iterator[StagedWorkspace]:
    """A staging copy of the outputs for a run to write, holding copies of the `carried` folders
    it adds to; removed if the run fails."""
    stage = staging_folder(ws)
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    staged = StagedWorkspace(ws.root, stage)
    staged.__dict__["config"] = ws.config
    try:
        for name in carried:
            if (ws.root / name).is_dir():
                copy = link_or_copy if name in SHARED_BY_LINKS else shutil.copy2
                shutil.copytree(ws.root / name, stage / name, symlinks=True, copy_function=copy)
        yield staged
    except BaseException:
        if not ws.commit_record.is_file():
            shutil.rmtree(stage, ignore_errors=True)
        raise


def swap_in_outputs(ws: Workspace, warehouse_stage: Path | None) -> None:
    """Swap the staged outputs in, after writing the commit record that names them and the
    staged warehouse (if any), so that a kill at any point from here on is finished by
    `finish_commit`. The caller replaces the warehouse, then calls `close_commit`."""
    stage = staging_folder(ws)
    staged = [name for name in OUTPUTS if (stage / name).is_dir()]
    record = {
        "outputs": [name for name in staged if name not in MERGED],
        "merged": [name for name in staged if name in MERGED],
        "warehouse": warehouse_stage.relative_to(ws.root).as_posix() if warehouse_stage else None,
    }
    check_writable([ws.root, stage, *(ws.root / name for name in staged)])
    replace_text(ws.commit_record, json.dumps(record), durable=True)
    apply_commit(ws, record)


def apply_commit(ws: Workspace, record: dict) -> None:
    for name in record["outputs"]:
        swap_in(ws, name)
    for name in record.get("merged", []):
        merge_in(ws, name)


def swap_in(ws: Workspace, name: str) -> None:
    """One output folder swapped in; each step is a rename skipped once done."""
    new, old = staging_folder(ws) / name, staging_folder(ws) / f"{name}.previous"
    if not new.exists():
        return
    if (ws.root / name).exists() or (ws.root / name).is_symlink():
        if old.exists():
            remove(ws.root / name)
        else:
            os.replace(ws.root / name, old)
    os.replace(new, ws.root / name)


def merge_in(ws: Workspace, name: str) -> None:
    """The staged folder moved into the published one, the published files it does not hold
    left as they are; an entry moved is not moved again."""
    new = staging_folder(ws) / name
    if new.is_dir():
        merge_tree(new, ws.root / name)


def merge_tree(new: Path, published: Path) -> None:
    """Each entry of `new` moved into `published` by one rename: a folder `published` does not
    hold yet moves whole (a new partner's or month's reports), one it holds is merged."""
    published.mkdir(parents=True, exist_ok=True)
    for entry in sorted(new.iterdir()):
        target = published / entry.name
        if entry.is_dir() and not entry.is_symlink() and target.is_dir():
            merge_tree(entry, target)
        else:
            os.replace(entry, target)


def check_writable(folders: list[Path]) -> None:
    """Fail before the commit, while nothing has moved, when a folder the swap renames in or
    out of refuses writing (a folder owned by another user, a read-only mount)."""
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(folder)) from None


def close_commit(ws: Workspace) -> None:
    ws.commit_record.unlink(missing_ok=True)
    shutil.rmtree(staging_folder(ws), ignore_errors=True)


def finish_commit(ws: Workspace) -> bool:
    """Complete a commit that a kill interrupted; whether there was one. Without a commit record
    the staging folder is a failed run's leftover and goes."""
    path = ws.commit_record
    interrupted = path.is_file()
    if interrupted:
        record = json.loads(path.read_text(encoding="utf-8"))
        apply_commit(ws, record)
        if record.get("warehouse") and (ws.root / record["warehouse"]).exists():
            from load.integrity import replace_warehouse

            replace_warehouse(ws, ws.root / record["warehouse"])
    close_commit(ws)
    return interrupted


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
