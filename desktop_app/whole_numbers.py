"""Whole numbers given on the command line must fit SQLite's integers (64-bit signed, per
https://www.sqlite.org/datatype3.html), or every lookup by id or stored seed fails with a
traceback; a number outside that range is a usage error in one sentence."""

from __future__ import annotations

import argparse

SQLITE_INTEGER_MIN = -(2**63)
SQLITE_INTEGER_MAX = 2**63 - 1


def out_of_range_option(args: argparse.Namespace) -> str | None:
    """The sentence for the first whole-number option outside SQLite's range, else None."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for number in values:
            if type(number) is int and not SQLITE_INTEGER_MIN <= number <= SQLITE_INTEGER_MAX:
                option = "--" + name.replace("_", "-")
                return f"argument {option}: {number} is out of range (at most {SQLITE_INTEGER_MAX})"
    return None
