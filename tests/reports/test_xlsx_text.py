"""XLSX cells give back the text exactly as typed: the characters XML 1.0 cannot hold (and a
carriage return, which XML readers turn into a line feed) travel as the format's ``_xHHHH_``
escapes (ECMA-376 Part 1 §22.9.2.19), text that looks like an escape is escaped itself, and a
lone surrogate or the noncharacters U+FFFE/U+FFFF, which are no characters, become U+FFFD."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from audit_tool import xlsx_read_text, xlsx_text

# XML 1.0 §2.2 Char, less the carriage return XML readers do not keep
XML_KEEPS = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(["_", "x", "0", "4", "1", "F", "_x0041_", "_x005F_", "\r", "\x01"]),
    )
).map("".join)


@given(TEXT)
@example("_x0041_x0042_")
@example("_x0001\x01")
@example("a\x01b\rc\x00")
def test_xlsx_text_round_trips_and_is_valid_xml(typed: str) -> None:
    written = xlsx_text(typed)
    assert not XML_KEEPS.search(written)
    assert xlsx_read_text(written) == typed.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")


def test_the_rule_for_each_kind_of_character() -> None:
    assert xlsx_text("Łucja 😊 =1+1") == "Łucja 😊 =1+1"  # nothing added to ordinary text
    assert xlsx_text("a\x01b") == "a_x0001_b"
    assert xlsx_text("a\rb") == "a_x000D_b"
    assert xlsx_text("a\nb\tc") == "a\nb\tc"  # XML holds these
    assert xlsx_text("see _x0041_") == "see _x005F_x0041_"
    assert xlsx_text("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert xlsx_text("\ufffe\uffff") == "\ufffd\ufffd"  # noncharacters
