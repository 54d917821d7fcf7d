"""Team bundles signed by a real team member but with a bundle.json of the wrong shape, or whose
bag-info and bundle.json disagree on the kind of bundle: one plain sentence, exit 1, nothing
stored, never a traceback (found by an attack on the import, session 3)."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.encryption import decrypt_file, encrypt_file
from desktop_app.exchange.keys import KeyStore
from tests.team.laptops import Laptop, audit_sheet, three_laptops


def _counts(home: Path) -> tuple[int, ...]:
    connection = sqlite3.connect(home / "critical-friend.db")
    try:
        return tuple(
            connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("audit", "answer", "team_return", "audit_conflict", "imported_bundle")
        )
    finally:
        connection.close()


def _resigned(
    source: Path,
    opener: Laptop,
    signer: Laptop,
    recipient: Laptop,
    out: Path,
    mutate: Callable[[dict[str, Any], dict[str, str]], Any],
    *,
    encrypt: bool = True,
) -> Path:
    """``source`` opened with ``opener``'s key, its bundle.json changed by ``mutate(document,
    bag_info)``, signed again with ``signer``'s key and encrypted for ``recipient``."""
    opened = KeyStore(opener.root).load_identity(lambda: "")
    signing = KeyStore(signer.root).load_identity(lambda: "")
    receiving = KeyStore(recipient.root).load_identity(lambda: "")
    work = Path(tempfile.mkdtemp(dir=out.parent))
    decrypt_file(source, work / "plain.zip", opened.age_identity)
    files: dict[str, bytes] = {}
    bag: dict[str, str] = {}
    with zipfile.ZipFile(work / "plain.zip") as archive:
        for name in archive.namelist():
            inside = name.split("/", 1)[1] if "/" in name else ""
            if inside.startswith("data/"):
                files[inside] = archive.read(name)
            elif inside == "bag-info.txt":
                for line in archive.read(name).decode().splitlines():
                    key, _, value = line.partition(": ")
                    bag[key] = value
    document = json.loads(files["data/bundle.json"])
    changed = mutate(document, bag)
    files["data/bundle.json"] = json.dumps(document if changed is None else changed).encode()
    bag_info = {k: bag[k] for k in ("Source-Organization", "Bundle-Type", "Bundle-Sequence")}
    signed = out if not encrypt else work / "signed.cfbundle"
    write_bundle(
        signed,
        name="crafted",
        bag_info=bag_info,
        payload=[PayloadItem(name, data) for name, data in files.items()],
        signing_key=signing.private_key,
        signer_line=signing.public_line,
    )
    if encrypt:
        encrypt_file(signed, out, [receiving.age_recipient])
    return out


@pytest.fixture
def team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Laptop, Path, Path]:
    """Lead and Ann after one assignment and one return (lead's home, Ann's home, the files)."""
    lead, ann, _bob = three_laptops(
        tmp_path, capsys, title="SAV: hostile", kind="SAV", size=4, seed=3
    )
    lead.ok("visits", "assign", "--visit", "1", "--split")
    assignment = tmp_path / "ann.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(assignment))
    ann.ok("import", str(assignment))
    cases = {row["case_reference"]: "Good" for row in ann.audits()}
    sheet = audit_sheet(tmp_path, "a.csv", ann.name, cases)
    ann.ok("audits", "import", "--visit", "1", str(sheet))
    returned = tmp_path / "ann.return"
    ann.ok("audits", "return", "--visit", "1", "--out", str(returned))
    return lead, ann, assignment, returned


def _set(path: str, value: Any) -> Callable[[dict[str, Any], dict[str, str]], None]:
    def mutate(document: dict[str, Any], bag: dict[str, str]) -> None:
        bag["Bundle-Sequence"] = str(int(bag["Bundle-Sequence"]) + 10)  # newer, not a replay
        target = document
        *parents, last = path.split(".")
        for key in parents:
            target = target[key]
        target[last] = value

    return mutate


def _first_audit(key: str, value: Any) -> Callable[[dict[str, Any], dict[str, str]], None]:
    def mutate(document: dict[str, Any], bag: dict[str, str]) -> None:
        bag["Bundle-Sequence"] = str(int(bag["Bundle-Sequence"]) + 10)  # newer, not a replay
        document["audits"][0][key] = value

    return mutate


RETURN_SHAPES = {
    "audits a number": _set("audits", 5),
    "attachments not tables": _set("attachments", [5]),
    "escalated as text": _first_audit("escalated", "false"),
    "unknown status": _first_audit("status", "weird"),
}
ASSIGNMENT_SHAPES = {
    "start date not a date": _set("visit.start_date", "garbage"),
    "organisation not a table": _set("organisation", "x"),
    "audits a number": _set("audits", 3),
}


def test_misshapen_team_bundles_are_refused_in_one_sentence(
    team: tuple[Laptop, Laptop, Path, Path], tmp_path: Path
) -> None:
    lead, ann, assignment, returned = team
    for shape, mutate in RETURN_SHAPES.items():
        crafted = _resigned(returned, lead, ann, lead, tmp_path / f"{shape}.return", mutate)
        before = _counts(lead.root)
        result = lead.cli("import", str(crafted))
        assert result.code == 1, (shape, result.out)
        assert "Traceback" not in result.err and "REFUSED" in result.err, (shape, result.err)
        assert len(result.err.strip().splitlines()) == 1, (shape, result.err)
        assert "CHILD AT RISK" not in result.err + result.out, shape
        assert _counts(lead.root) == before, shape
    for shape, mutate in ASSIGNMENT_SHAPES.items():
        crafted = _resigned(assignment, ann, lead, ann, tmp_path / f"{shape}.assign", mutate)
        before = _counts(ann.root)
        result = ann.cli("import", str(crafted))
        assert result.code == 1, (shape, result.out)
        assert "Traceback" not in result.err and "REFUSED" in result.err, (shape, result.err)
        assert _counts(ann.root) == before, shape


def test_a_return_posing_as_a_self_assessment_is_refused(
    team: tuple[Laptop, Laptop, Path, Path], tmp_path: Path
) -> None:
    """bag-info decides where a bundle goes; a plain bundle whose bag-info says self-assessment
    but whose signed bundle.json is an audit return (real case references) is refused."""
    lead, ann, _assignment, returned = team

    def pose(_document: dict[str, Any], bag: dict[str, str]) -> None:
        bag["Bundle-Type"] = "self-assessment"

    crafted = _resigned(returned, lead, ann, lead, tmp_path / "pose.cfbundle", pose, encrypt=False)
    before = _counts(lead.root)
    result = lead.cli("import", "--keep-untrusted", str(crafted))
    assert result.code != 0
    assert "type-mismatch" in result.err and "Traceback" not in result.err
    assert _counts(lead.root) == before
    assert not list((lead.root / "bundles").glob("*.cfbundle"))
