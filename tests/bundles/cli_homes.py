"""Two homes on one laptop for CLI round trips: Midthorpe exports, Oxtown imports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.home import Home
from desktop_app.store.database import open_database
from tests.helpers import CliResult, run_cli

from .content import StoredContent, add_content


@dataclass
class Peer:
    root: Path
    card: Path
    capsys: pytest.CaptureFixture[str]

    def cli(self, *args: str) -> CliResult:
        return run_cli(self.capsys, "--home", str(self.root), *args)


def make_peer(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, council: str) -> Peer:
    root = tmp_path / council.split()[0].lower()
    peer = Peer(root, tmp_path / f"{root.name}.card", capsys)
    assert peer.cli("keys", "init", "--name", name, "--org", council).code == 0
    assert peer.cli("keys", "export-public", str(peer.card)).code == 0
    return peer


def fill(peer: Peer, council: str) -> StoredContent:
    database = open_database(Home(peer.root))
    try:
        return add_content(database, council)
    finally:
        database.close()
