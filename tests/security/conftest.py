"""The receiving home and hostile inputs of ../shared/cases/security/ (see its README)."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest

from tests.helpers import SHARED_CASES

SECURITY_CASES = SHARED_CASES / "security"


def case(name: str) -> Path:
    """One hostile input by its name in the cases folder (skips when the folder is absent)."""
    path = SECURITY_CASES / name
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    return path


@pytest.fixture(scope="session")
def receiving_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = case("receiving-home.tgz")
    target = tmp_path_factory.mktemp("security-base")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "recv-base"


@pytest.fixture
def receiving_home(receiving_base: Path, tmp_path: Path) -> Path:
    """A fresh copy of the receiving home (trusts Midthorpe's and Oxtown's keys)."""
    home = tmp_path / "recv"
    shutil.copytree(receiving_base, home)
    return home
