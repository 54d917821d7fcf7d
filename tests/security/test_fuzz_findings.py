"""Inputs that a larger fuzz round than the suite's (20,000 mutations a seed, outside the suite)
found crashing on main, each kept here as a test.

- Seed 1616, re-signed edit 6432: a form definition whose ``version`` is 2**70 (or 2**63) passed
  every check and crashed the import with "OverflowError: Python int too large to convert to
  SQLite INTEGER". A form version is now a whole number from 1 to 2**31 - 1, in a snapshot and in
  a template alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from desktop_app.exchange.import_bundle import ImportRefusedError, import_bundle
from desktop_app.store.database import Database
from desktop_app.store.models import ImportedBundle, Record
from forms import TemplateError, load_template_text
from forms.model import MAX_FORM_VERSION

from .builders import TEMPLATE, document, signed_bundle, trust


@pytest.mark.parametrize("version", [2**70, 2**63, MAX_FORM_VERSION + 1, 0, -5])
def test_a_form_version_no_column_can_hold_is_refused_in_one_sentence(
    database: Database, tmp_path: Path, version: int
) -> None:
    key = Ed25519PrivateKey.generate()
    with database.session() as session:
        trust(session, key)
    content = document()
    content["definitions"]["d1"]["version"] = version
    bundle = signed_bundle(tmp_path / "version.cfbundle", key, content=content)
    with pytest.raises(ImportRefusedError) as refused:
        import_bundle(database, bundle)
    assert refused.value.check == "document"
    assert "form definition d1 cannot be read" in refused.value.message
    with database.session() as session:
        assert session.exec(select(ImportedBundle)).first() is None
        assert session.exec(select(Record)).first() is None


def test_the_highest_form_version_is_stored(database: Database, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    with database.session() as session:
        trust(session, key)
    content = document()
    content["definitions"]["d1"]["version"] = MAX_FORM_VERSION
    result = import_bundle(database, signed_bundle(tmp_path / "top.cfbundle", key, content=content))
    assert len(result.record_ids) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers())
def test_a_template_version_is_a_storable_whole_number_or_a_problem(version: int) -> None:
    text = TEMPLATE.replace("version: 1", f"version: {version}")
    assert f"version: {version}" in text
    try:
        definition = load_template_text(text, "tiny.yaml")
    except TemplateError as error:
        assert not 1 <= version <= MAX_FORM_VERSION
        assert "version must be a whole number" in str(error)
    else:
        assert 1 <= definition.version <= MAX_FORM_VERSION
