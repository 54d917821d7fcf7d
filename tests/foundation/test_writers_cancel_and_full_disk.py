"""Every writer of a file the user asked for behaves the same at its two edges.

- Cancel: honoured only before the finished file is put in place (the old file untouched, no
  temporary file left); a cancel that arrives once the file is in place is too late, and the
  operation reports success (issue 17's attack: ``audits export`` cancelled at its last step had
  replaced the file yet said "cancelled").
- A full disk (ENOSPC while writing): one sentence, from ``describe_write_error``, for bundles,
  reports, audit exports, the improvement plan workbook and the data template; the old file as it
  was and no half-written file beside it.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop_app.app.audit_export import export_audits
from desktop_app.app.context import AppContext
from desktop_app.app.exports import write_signed_export
from desktop_app.app.plan import ExportPlan, export_plan
from desktop_app.app.profile_template import WriteProfileTemplate, write_profile_template
from desktop_app.app.reports import write_report
from desktop_app.errors import Cancelled, UserError
from desktop_app.exchange import KeyStore
from desktop_app.exchange.export import ExportRequest, prepare_export
from desktop_app.home import Home
from desktop_app.output_files import describe_write_error
from desktop_app.progress import Progress
from desktop_app.reports.registry import ReportKind
from desktop_app.store.database import open_database
from tests.security.test_full_disk_writers import demo_home  # noqa: F401 - the fixture

OLD = b"the file from last week"


@pytest.fixture
def context(demo_home: Path, tmp_path: Path) -> Iterator[AppContext]:  # noqa: F811
    root = tmp_path / "home"
    shutil.copytree(demo_home, root)
    database = open_database(Home(root))
    yield AppContext(database.home, _database=database)
    database.close()


@pytest.fixture
def out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _visit_with_audits(context: AppContext) -> int:
    row = context.reader().execute("SELECT visit_id FROM audit LIMIT 1").fetchone()
    return int(row[0])


def _signed_bundle(context: AppContext) -> Callable[[Path, Any], object]:
    identity = KeyStore(context.home.root).create_identity(
        "Priya Lambert", "Midthorpe Council", None
    )
    prepared = prepare_export(
        context.database,
        ExportRequest(assessment_ids=(1,), include_drafts=True, with_reports=False),
    )
    return lambda out, progress: write_signed_export(
        context, prepared, identity, out, [], progress=progress.report if progress else None
    )


def _writers(context: AppContext) -> dict[str, tuple[str, Callable[[Path, Any], object]]]:
    """Each writer kind: (file suffix, write(out, progress or None))."""
    visit = _visit_with_audits(context)
    return {
        "audits export (csv)": (
            ".csv",
            lambda out, progress: export_audits(context, visit, "csv", out, progress),
        ),
        "audits export (xlsx)": (
            ".xlsx",
            lambda out, progress: export_audits(context, visit, "xlsx", out, progress),
        ),
        "report": (
            ".pdf",
            lambda out, progress: write_report(context, ReportKind.ASSESSMENT, 1, out, progress),
        ),
        "bundle export": (".cfbundle", _signed_bundle(context)),
        "plan workbook": (
            ".xlsx",
            lambda out, _progress: export_plan(context, ExportPlan(format="xlsx", out=out)),
        ),
        "data template": (
            ".csv",
            lambda out, _progress: write_profile_template(context, WriteProfileTemplate(out)),
        ),
    }


CANCELLABLE = ("audits export (csv)", "audits export (xlsx)", "report", "bundle export")
# where each cancellable writer puts its finished file in place
PUT_IN = {
    "audits export (csv)": "desktop_app.reports.audit_export",
    "audits export (xlsx)": "desktop_app.reports.audit_export",
    "report": "desktop_app.reports.base",
    "bundle export": "desktop_app.exchange.bundle_write",
}


@pytest.mark.parametrize("kind", CANCELLABLE)
def test_a_cancel_before_the_file_is_in_place_leaves_the_old_file_and_no_temporary(
    context: AppContext, out_folder: Path, kind: str
) -> None:
    suffix, write = _writers(context)[kind]
    out = out_folder / f"visit{suffix}"
    out.write_bytes(OLD)
    progress = Progress(lambda _done, _total, _text: None)
    progress.cancel()  # pressed at once
    with pytest.raises(Cancelled):
        write(out, progress)
    assert out.read_bytes() == OLD
    assert sorted(out_folder.iterdir()) == [out]


@pytest.mark.parametrize("kind", CANCELLABLE)
def test_a_cancel_once_the_file_is_in_place_is_too_late_and_the_work_succeeds(
    context: AppContext, out_folder: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import importlib

    from desktop_app import output_files

    suffix, write = _writers(context)[kind]
    out = out_folder / f"visit{suffix}"
    out.write_bytes(OLD)
    steps: list[tuple[int, int]] = []
    progress = Progress(lambda done, total, _text: steps.append((done, total)))

    def put_then_cancel(temporary: str | Path, destination: str | Path) -> None:
        output_files.put_in_place(temporary, destination)
        if Path(destination) == out:
            progress.cancel()  # the user presses Cancel just as the file lands

    monkeypatch.setattr(importlib.import_module(PUT_IN[kind]), "put_in_place", put_then_cancel)
    result = write(out, progress)
    assert result  # the operation's own result: done, not "cancelled"
    assert progress.cancelled
    assert out.read_bytes() != OLD and out.stat().st_size > 0
    assert sorted(out_folder.iterdir()) == [out]
    assert steps[-1][0] == steps[-1][1]  # the bar reached its end


class _FullDiskFile:
    """A file on a disk that fills up: each write stores half of its data, then fails."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: Any) -> int:
        self._handle.write(data[: max(1, len(data) // 2)])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self) -> _FullDiskFile:
        self._handle.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


@contextmanager
def _disk_full_under(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    """Files opened for writing in `folder` (and files opened from a descriptor, as the bundle
    writer's) fill the disk at their first write."""
    real_open, real_fdopen = io.open, os.fdopen

    def writing(mode: Any) -> bool:
        return isinstance(mode, str) and any(flag in mode for flag in "wax+")

    def opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        inside = not isinstance(file, int) and Path(file).resolve().parent == folder.resolve()
        return _FullDiskFile(handle) if writing(mode) and inside else handle

    def fdopening(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return _FullDiskFile(handle) if writing(mode) else handle

    with monkeypatch.context() as patch:
        patch.setattr("builtins.open", opening)
        patch.setattr(io, "open", opening)
        patch.setattr(os, "fdopen", fdopening)
        yield


@pytest.mark.parametrize(
    "kind",
    [
        "audits export (csv)",
        "audits export (xlsx)",
        "report",
        "bundle export",
        "plan workbook",
        "data template",
    ],
)
def test_a_full_disk_says_one_sentence_for_every_writer_and_leaves_the_old_file(
    context: AppContext, out_folder: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    suffix, write = _writers(context)[kind]
    out = out_folder / f"written{suffix}"
    out.write_bytes(OLD)
    with _disk_full_under(monkeypatch, out_folder), pytest.raises(UserError) as refused:
        write(out, None)
    assert refused.value.message == describe_write_error(OSError(errno.ENOSPC, "full"), out)
    assert refused.value.message == (
        f"The disk holding {out_folder} is full, so {out} was not written: free some space "
        "and try again; nothing was changed."
    )
    assert out.read_bytes() == OLD
    assert sorted(out_folder.iterdir()) == [out]  # no half-written temporary file
