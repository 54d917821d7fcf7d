"""`import` on a full disk: the private copy of the bundle, the kept bundle and the rows all go,
or none of them; one sentence and exit 2; the same import works once there
is space again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.app.context import AppContext
from desktop_app.app.keys import TrustRequest, read_public_identity, trust_key
from desktop_app.home import Home
from desktop_app.store.database import open_database
from tests.bundles.content import add_content
from tests.bundles.fake_reports import fake_report_writer
from tests.bundles.test_import import _attach, _export
from tests.helpers import run_cli

from .test_full_disk_writers import FAIL, _fails_cleanly


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Midthorpe's bundle with an attachment, and a receiving home that has never seen it."""
    root = tmp_path_factory.mktemp("sent")
    database = open_database(Home(root / "midthorpe"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("desktop_app.exchange.export.report_writer", fake_report_writer)
        stored = add_content(database, "Midthorpe Council")
        _attach(database, stored.assessment_id)
        _export(database, root / "midthorpe.cfbundle", assessment_ids=(stored.assessment_id,))
    database.close()
    identity = read_public_identity(root / "midthorpe")
    assert identity is not None
    receiver = AppContext(Home(root / "oxtown"))
    trust_key(  # Oxtown compared the fingerprint: the import succeeds with exit 0
        receiver,
        TrustRequest(
            identity.public_line, identity.fingerprint, "Midthorpe Council", "Priya Lambert"
        ),
    )
    receiver.close()
    return root / "midthorpe.cfbundle", root / "oxtown"


@FAIL
@given(fail_at=st.integers(min_value=0, max_value=30))  # an import has about 28 write points
def test_an_import_on_a_full_disk_stores_nothing_and_works_once_there_is_space(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    sent: tuple[Path, Path],
    fail_at: int,
) -> None:
    bundle, receiver = sent
    home = Home(tmp_path_factory.mktemp("full") / "home")
    shutil.copytree(receiver, home.root)
    out = tmp_path_factory.mktemp("out")  # import writes nothing outside the home
    args = ["import", str(bundle)]
    failed = _fails_cleanly(capsys, monkeypatch, home, out, fail_at, lambda: args)
    assert not [p for p in home.root.iterdir() if p.name.startswith(".bundle-check")]
    if failed is not None:
        again = run_cli(capsys, "--home", str(home.root), *args)
        assert again.code == 0, again.err
        assert list(home.attachments.iterdir()) == []  # read out of the kept bundle when opened
        assert len(list(home.bundles.iterdir())) == 1
