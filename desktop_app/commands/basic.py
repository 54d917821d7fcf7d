"""Foundation commands: demo, doctor, screenshots (`list` is in list_cmd)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.commands.context import CommandContext
from desktop_app.errors import UserError


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo", help="fill the home with realistic fictional data (a trio of councils)"
    )
    demo.set_defaults(handler=cmd_demo)

    doctor = subparsers.add_parser(
        "doctor", help="print paths, versions, schema, keyring and an integrity check"
    )
    doctor.set_defaults(handler=cmd_doctor)

    shots = subparsers.add_parser("screenshots", help="render each main screen to PNG (offscreen)")
    shots.add_argument("outdir", metavar="OUTDIR", type=Path)
    shots.add_argument(
        "--screen",
        metavar="WxH",
        help="draw the window at the size it first opens on a screen this big, e.g. 1366x768 "
        "(default: a 1280x800 window)",
    )
    shots.set_defaults(handler=cmd_screenshots)


def cmd_demo(context: CommandContext) -> int:
    from desktop_app.app.settings import fill_with_demo

    context.lock_home()
    print(fill_with_demo(context.app).summary)
    return 0


def cmd_doctor(context: CommandContext) -> int:
    from desktop_app.app.health import check_database

    home = context.home
    lines: list[tuple[str, str]] = [
        ("Critical Friend", __version__),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("Platform", platform.platform()),
        ("Home", str(home.root)),
        ("Database", str(home.database)),
        ("Attachments", str(home.attachments)),
        ("Backups", str(home.backups)),
        ("Logs", str(home.logs)),
    ]
    try:
        from importlib.metadata import version

        lines.append(("PySide6 (Qt)", version("PySide6-Essentials")))
    except ImportError:
        lines.append(("PySide6 (Qt)", "not installed: the window cannot open"))
    lines.append(("Keyring backend", _keyring_backend()))
    health = check_database(context.app)
    lines.insert(3, ("SQLite", health.sqlite_version))
    revision = health.stored_revision or "none yet"
    lines.append(("Schema revision", f"{revision} (this version: {health.head_revision})"))
    lines.append(("Integrity check", health.integrity))
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        print(f"{name.ljust(width)}  {value}")
    return 0 if health.sound else 5


def _keyring_backend() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"
    except Exception as exc:  # keyring raises many kinds when no backend is usable
        return f"none usable ({exc})"


def cmd_screenshots(context: CommandContext) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    from desktop_app.ui.screenshots import render_screenshots

    outdir: Path = context.args.outdir
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Cannot create {outdir} ({exc.strerror}); choose another folder.") from exc
    context.app.reader()  # creates or migrates the database first
    size = (1280, 800)
    if context.args.screen:
        from desktop_app.ui.screenshots import window_size_for_screen

        size = window_size_for_screen(context.args.screen)
    for path in render_screenshots(context.home, outdir, size):
        print(path)
    return 0
