"""10,000+ mutated bundles through verify and import: nothing but a refusal, never a traceback.

Three kinds of mutation, made cheaply from one small genuine bundle (seeded, so a failure is
reproducible from its number):
- byte flips anywhere in the ZIP file (the signature and CRCs stop most, early);
- edits of each entry's content, re-signed with the receiving home's trusted key, so that
  bag-info.txt, the manifests and bundle.json reach the parsers and the import itself;
- entry-level edits: entries removed, renamed, duplicated, added, junk before/after the ZIP.
Every mutated bundle is verified; every byte flip and entry edit, and one in six re-signed
edits, is also imported (as the user asking to keep it), each import rolled back; the rest are
checked as `verify` checks them. All in one process, in memory-backed files where the machine has
them; the only exceptions allowed are BundleError and ImportRefusedError.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session

from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
from desktop_app.exchange.import_bundle import checked_bundle, import_bundle_in_session
from desktop_app.exchange.imported_content import ImportRefusedError, check_document
from desktop_app.exchange.sshsig import fingerprint, public_key_line
from desktop_app.home import Home
from desktop_app.store.database import open_database
from desktop_app.store.repositories.exchange import trust_key
from forms import load_template_text
from tests.exchange.bundle_surgery import resign

from .builders import TEMPLATE as TINY_TEMPLATE

COUNCIL = "Oxtown Borough Council"
COMMENT = f"Fiona Grant, {COUNCIL}"
BYTE_FLIPS = 4_000
RESIGNED_EDITS = 4_500
ENTRY_EDITS = 1_500
TEMPLATE = (
    TINY_TEMPLATE.replace("tiny-form", "fuzz-form")
    + """
      - id: grade
        type: grade
        scale: ofsted4
      - id: twice
        type: text
        label: Twice
        calculate: name + name
      - id: why
        type: long_text
        label: Why
        relevant: grade in ['inadequate']
        constraint: len(value) >= 3
      - id: actions
        type: repeat
        label: Actions
        questions:
          - id: what
            type: text
            label: What
"""
)
ATTACHMENT = b"%PDF-1.4 a small attachment\n"
_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    "",
    "x",
    "\u202e\x1b[8m<b>",
    "\ud800",
    [],
    {},
    [None, {}],
    {"a": [1]},
    "a" * 3000,
]


def _document(snapshot: dict[str, Any], attachment_sha256: str) -> dict[str, Any]:
    record = {
        "title": "Self-assessment 2026-27",
        "period": "2026-27",
        "organisation": COUNCIL,
        "definition": "d1",
        "answers": {"name": "Ann", "grade": "good", "actions": [{"what": "x"}]},
    }
    return {
        "format": "critical-friend-bundle",
        "format_version": 1,
        "bundle_type": "self-assessment",
        "organisation": {"name": COUNCIL},
        "definitions": {"d1": snapshot},
        "assessments": [record, copy.deepcopy(record)],
        "visits": [{"title": "Visit", "audits": [copy.deepcopy(record)]}],
        "attachments": [
            {
                "name": "evidence.pdf",
                "sha256": attachment_sha256,
                "path": f"data/attachments/{attachment_sha256}",
                "mime": "application/pdf",
            }
        ],
        "data_profile": [],
    }


def _zip(entries: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    buffer = BytesIO()
    items = list(entries.items()) if isinstance(entries, dict) else entries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in items:
                archive.writestr(name, content)
    return buffer.getvalue()


def _mutate_json(rng: random.Random, document: Any) -> Any:
    """Replace one randomly chosen value (or key) somewhere in the document."""
    result = copy.deepcopy(document)
    node: Any = result
    for _depth in range(rng.randint(1, 6)):
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            if rng.random() < 0.15 or not isinstance(node[key], dict | list):
                if rng.random() < 0.1:
                    node[f"{key}\u0000"] = node.pop(key)
                else:
                    node[key] = copy.deepcopy(rng.choice(_VALUES))
                return result
            node = node[key]
        elif isinstance(node, list) and node:
            index = rng.randrange(len(node))
            if rng.random() < 0.2 or not isinstance(node[index], dict | list):
                node[index] = copy.deepcopy(rng.choice(_VALUES))
                return result
            node = node[index]
        else:
            break
    return result


def _edit_text(rng: random.Random, content: bytes) -> bytes:
    """An edit of a tag file: a line dropped, duplicated, altered or a field value swapped."""
    lines = content.split(b"\n")
    choice = rng.randrange(6)
    index = rng.randrange(len(lines))
    if choice == 0:
        del lines[index]
    elif choice == 1:
        lines.insert(index, lines[index])
    elif choice == 2 and lines[index]:
        position = rng.randrange(len(lines[index]))
        line = bytearray(lines[index])
        line[position] = rng.randrange(256)
        lines[index] = bytes(line)
    elif choice == 3:
        label = lines[index].split(b":", 1)[0]
        value = rng.choice(
            [b"", b"-1", b"99999999999", b"{abc}", b"\xc3\x28", b"x" * 500, b"urn:uuid:1"]
        )
        lines[index] = label + b": " + value
    elif choice == 4:
        lines.insert(index, b"Extra-Label: " + bytes([rng.randrange(32, 127)]) * 5)
    else:
        return content[: rng.randrange(len(content) + 1)]
    return b"\n".join(lines)


def _work_folder(tmp_path: Path) -> Path:
    """A folder on a RAM disk when there is one (10,000 small files), else pytest's tmp_path."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="cf-fuzz-", dir=shm))
    return tmp_path


# About 30 s of CPU; the generous wall-clock limit is for a machine shared by many test runs.
@pytest.mark.timeout(900)
def test_ten_thousand_mutated_bundles_are_refused_or_imported_never_crash(tmp_path: Path) -> None:
    work = _work_folder(tmp_path)
    try:
        _fuzz(work)
    finally:
        if work != tmp_path:
            shutil.rmtree(work, ignore_errors=True)


def _fuzz(tmp_path: Path, seed: int = 16, scale: int = 1) -> None:
    """Run the mutations (`scale` times as many of each kind) with `seed`; fails on a crash."""
    rng = random.Random(seed)
    key = Ed25519PrivateKey.generate()
    home = Home(tmp_path / "receiver")
    database = open_database(home)
    snapshot = load_template_text(TEMPLATE, "fuzz.yaml").to_snapshot()
    digest = hashlib.sha256(ATTACHMENT).hexdigest()
    document = _document(snapshot, digest)
    genuine = tmp_path / "genuine.cfbundle"
    write_bundle(
        genuine,
        name="oxtown-self-assessment",
        bag_info={"Source-Organization": COUNCIL, "Bundle-Type": "self-assessment"},
        payload=[
            PayloadItem("data/bundle.json", json.dumps(document).encode()),
            PayloadItem(f"data/attachments/{digest}", ATTACHMENT),
        ],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), COMMENT),
    )
    line = public_key_line(key.public_key(), COMMENT)
    with database.session() as session:
        trust_key(
            session,
            public_line=line,
            fingerprint=fingerprint(key.public_key()),
            organisation=COUNCIL,
            comment=COMMENT,
        )
    original = genuine.read_bytes()
    with zipfile.ZipFile(genuine) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    top = next(iter(entries)).split("/", 1)[0]
    json_name = f"{top}/data/bundle.json"
    target = tmp_path / "mutated.cfbundle"
    outcomes: dict[str, int] = {}
    crashes: list[str] = []

    def attempt(label: str, data: bytes, *, store: bool = True) -> None:
        target.write_bytes(data)
        with Session(database.engine, expire_on_commit=False) as session:
            try:
                if store:
                    import_bundle_in_session(session, home, target, keep_untrusted=True)
                else:
                    with checked_bundle(database, target) as checked:
                        check_document(json.loads(json.dumps(checked.bundle.document)))
                outcome = "imported"
            except (BundleError, ImportRefusedError) as error:
                assert error.message and "\n" not in error.message, error.message
                outcome = error.check
            except Exception as error:  # the finding this test exists for
                crashes.append(f"{label}: {type(error).__name__}: {error}"[:300])
                outcome = "CRASH"
            finally:
                session.rollback()
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    attempt("genuine", original)
    assert outcomes == {"imported": 1}

    for number in range(BYTE_FLIPS * scale):
        mutated = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        attempt(f"byte flip {number}", bytes(mutated))

    names = sorted(entries)
    for number in range(RESIGNED_EDITS * scale):
        edited = dict(entries)
        if number % 2 == 0:
            edited[json_name] = json.dumps(_mutate_json(rng, document)).encode()
        else:
            name = rng.choice([n for n in names if n.endswith((".txt", ".json"))])
            edited[name] = _edit_text(rng, edited[name])
        signed = resign(edited, key, COMMENT) if number % 7 else edited
        attempt(f"re-signed edit {number}", _zip(signed), store=number % 6 == 0)

    edits: list[Callable[[dict[str, bytes]], dict[str, bytes] | list[tuple[str, bytes]]]] = [
        lambda e: {n: c for n, c in e.items() if n != rng.choice(names)},
        lambda e: {**e, f"{top}/data/extra-{rng.randrange(9)}": b"unsigned"},
        lambda e: [*e.items(), (rng.choice(names), b"again")],
        lambda e: {
            re.sub(r"[a-z]", "A", n, count=1) if rng.random() < 0.2 else n: c for n, c in e.items()
        },
        lambda e: {
            n.replace(top, rng.choice(["CON", "a/..", "COM\u00b9", " x", "b."]), 1): c
            for n, c in e.items()
        },
        lambda e: resign(
            {**e, f"{top}/data/{rng.choice(['CONIN$', 'x:y', 'a' * 300])}": b"1"}, key, COMMENT
        ),
    ]
    for number in range(ENTRY_EDITS * scale):
        edit = edits[number % len(edits)]
        data = _zip(edit(dict(entries)))
        if number % 10 == 3:
            data = b"junk" * rng.randrange(1, 50) + data
        elif number % 10 == 7:
            data = data + b"\x00" * rng.randrange(1, 50)
        attempt(f"entry edit {number}", data)

    database.close()
    total = sum(outcomes.values())
    assert total >= 10_000 * scale
    assert crashes == [], f"{len(crashes)} of {total} crashed: {crashes[:10]}"
    assert outcomes.get("imported", 0) > 1  # the mutations reach the import, not only the ZIP
