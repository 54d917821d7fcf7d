"""One sentence for a full disk: the home (database, lock, keys) and a file being written say
the disk is full in the same words, each naming its own place and remedy."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from desktop_app.full_disk import full_disk_sentence
from desktop_app.home import describe_os_error
from desktop_app.output_files import describe_write_error
from desktop_app.store.schema import disk_full_sentence


def test_the_home_the_database_and_a_written_file_say_the_disk_is_full_in_one_voice(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    out = tmp_path / "reports" / "visit.pdf"
    for code in (errno.ENOSPC, errno.EDQUOT):
        assert describe_os_error(OSError(code, "full"), home) == (
            f"The disk holding {home} is full; free some space and try again."
        )
        assert describe_write_error(OSError(code, "full"), out) == (
            f"The disk holding {out.parent} is full, so {out} was not written: free some space "
            "and try again; nothing was changed."
        )
    full = sqlite3.OperationalError("database or disk is full")
    assert disk_full_sentence(full, home / "critical-friend.db") == full_disk_sentence(home)


def test_other_errors_keep_their_own_sentences(tmp_path: Path) -> None:
    out = tmp_path / "visit.pdf"
    assert "is full" not in describe_os_error(OSError(errno.EACCES, "denied"), tmp_path)
    assert "is full" not in describe_write_error(OSError(errno.EIO, "I/O error"), out)
    assert disk_full_sentence(sqlite3.DatabaseError("file is not a database"), out) is None
