"""Benchmark: merging audit returns that hold 2,000 audits with their change logs, against the
floor of verifying the same bundles (decrypt, signature, every hash) without merging.

A lead's home gets a visit of 2,000 sampled cases shared between two auditors; each auditor's
return (1,000 audits, 16 answers and 16 change-log entries each, signed and encrypted to the
lead) is written from the lead's own audit states, as an auditor's laptop would send them. Then:
verify both returns without storing anything (the floor), and merge both into the visit.
Prints both times and the ratio merge / verify (target: at most 8), and exits 1 when missed.
Run from the project root: PYTHONPATH=. .venv/bin/python tests/bench/bench_team_merge.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

AUDITS = int(os.environ.get("BENCH_AUDITS", "2000"))
ANSWERS = 16
TARGET_RATIO = 8.0  # merging writes every answer and change-log entry durably; verifying only reads
PASSPHRASE = "bench-passphrase-123"


def main() -> int:
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    from desktop_app.app.context import AppContext
    from desktop_app.app.team import import_team_bundle
    from desktop_app.exchange import KeyStore
    from desktop_app.exchange.import_bundle import checked_bundle
    from desktop_app.exchange.team_bundle import (
        TeamBundleType,
        team_bundle_type,
        team_document,
        write_team_bundle,
    )
    from desktop_app.home import Home
    from desktop_app.store.database import open_database
    from desktop_app.store.repositories.organisations import ensure_organisation
    from desktop_app.store.repositories.team import (
        MemberKey,
        add_member,
        split_cases,
    )
    from desktop_app.store.repositories.team_merge import audit_states
    from desktop_app.store.repositories.visits import (
        VisitDetails,
        create_visit,
        draw_visit_sample,
        import_case_list,
    )
    from desktop_app.store.vocabulary import TeamRole

    with tempfile.TemporaryDirectory(prefix="cf-bench-team-") as temp:
        root = Path(temp)
        identities = {}
        for name in ("Lena Lead", "Ann Auditor", "Bob Auditor"):
            home = root / name.split()[0].lower()
            home.mkdir()
            identities[name] = KeyStore(home).create_identity(name, "Midthorpe Council", PASSPHRASE)
        cases = root / "cases.csv"
        cohorts = ["CIN", "CP", "CiC", "Early help"]
        cases.write_text(
            "Case reference,Cohort\n"
            + "".join(f"MC{i:05d},{cohorts[i % 4]}\n" for i in range(AUDITS)),
            encoding="utf-8",
        )
        lead_home = Home(root / "lena")
        database = open_database(lead_home)
        start = time.perf_counter()
        with database.session() as session:
            host = ensure_organisation(session, "Midthorpe Council", is_home=True)
            assert host.id is not None
            visit = create_visit(
                session, VisitDetails(title="Bench SAV", kind="sav", host_organisation_id=host.id)
            )
            assert visit.id is not None
            visit_id = visit.id
            import_case_list(session, visit_id, cases)
            draw_visit_sample(session, visit_id, AUDITS, 1, by="Cohort")
            for name, identity in identities.items():
                add_member(
                    session,
                    visit_id,
                    name,
                    TeamRole.LEAD if name == "Lena Lead" else TeamRole.AUDITOR,
                    MemberKey(identity.public_line, identity.fingerprint, identity.age_recipient),
                )
            split_cases(session, visit_id)
        print(f"{'set-up (2,000 sampled audits)':<40}{time.perf_counter() - start:8.2f} s")
        returns: list[Path] = []
        for name in ("Ann Auditor", "Bob Auditor"):
            with database.session() as session:
                states, definitions = audit_states(session, visit_id, assigned_to=name)
            filled = []
            for number, state in enumerate(states):
                answers = dict(state.answers)
                changes = list(state.changes)
                for q in range(ANSWERS):
                    key = f"q{q}" if q else "overall_grade"
                    value = json.dumps("good" if (number + q) % 3 else "requires_improvement")
                    answers[key] = value
                    changes.append(
                        [key, None, value, f"2026-11-30T10:{q:02d}:00.{number:06d}", name]
                    )
                filled.append(replace(state, answers=answers, changes=changes, status="complete"))
            document = team_document(
                TeamBundleType.RETURN,
                "Midthorpe Council",
                visit={"uuid": visit.uuid, "title": "Bench SAV"},
                auditor=name,
                definitions=definitions,
                audits=[state.to_json() for state in filled],
                attachments=[],
            )
            out = root / f"{name.split()[0].lower()}.return"
            auditor_db = open_database(Home(root / name.split()[0].lower()))
            try:
                write_team_bundle(
                    auditor_db,
                    identities[name],
                    document,
                    {},
                    out,
                    recipients=[("Lena Lead", identities["Lena Lead"].age_recipient)],
                    what="bench return",
                    audits=len(filled),
                )
            finally:
                auditor_db.close()
            returns.append(out)
        database.close()
        secret = identities["Lena Lead"].age_identity

        verify_home = root / "verify-copy"
        shutil.copytree(lead_home.root, verify_home)
        verify_db = open_database(Home(verify_home))
        start = time.perf_counter()
        for path in returns:
            with checked_bundle(verify_db, path, age_secret=lambda: secret) as checked:
                assert team_bundle_type(checked, path) is not None
        verify = time.perf_counter() - start
        verify_db.close()

        context = AppContext(lead_home)
        start = time.perf_counter()
        merged = [import_team_bundle(context, path, lambda: secret) for path in returns]
        merge = time.perf_counter() - start
        context.close()
        assert all(m is not None and m.replaced == AUDITS // 2 for m in merged), merged
    ratio = merge / verify
    print(f"{'verify 2 returns, 2,000 audits (floor)':<40}{verify:8.2f} s")
    print(f"{'merge 2 returns, 2,000 audits':<40}{merge:8.2f} s")
    print(f"{'ratio merge / verify':<40}{ratio:8.2f}   (target: at most {TARGET_RATIO:.0f})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
