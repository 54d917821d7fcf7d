"""Can the window open here? Checked before Qt is imported, so that a missing display or a missing
system library is one plain sentence and an exit code, not Qt's abort (which names
libxcb-cursor0 whichever library is missing).

The libraries are those Qt's xcb platform plugin loads (Qt 6.5+ documentation, "Qt for X11
Requirements"), named by their Debian/Ubuntu packages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_app.errors import EXIT_USAGE, UserError

# Debian/Ubuntu package -> the shared library Qt's xcb plugin opens from it.
XCB_PACKAGES: dict[str, str] = {
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-image0": "libxcb-image.so.0",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
    "libegl1": "libEGL.so.1",
    "libgl1": "libGL.so.1",
}


class NoDisplayError(UserError):
    """The window cannot open on this machine (no display, or Qt's system libraries missing)."""

    exit_code = EXIT_USAGE


def missing_libraries(packages: dict[str, str] = XCB_PACKAGES) -> list[str]:
    """The Debian/Ubuntu packages whose library cannot be loaded (by the dynamic loader, or from
    the frozen build's own folder)."""
    import ctypes

    bundled = Path(getattr(sys, "_MEIPASS", "")) if getattr(sys, "frozen", False) else None
    missing = []
    for package, library in packages.items():
        if bundled is not None and any(bundled.rglob(library)):
            continue
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(package)
    return missing


def check_display(environ: dict[str, str] | None = None, platform: str = sys.platform) -> None:
    """Raise NoDisplayError (one sentence) when the window cannot open; an explicit
    QT_QPA_PLATFORM (e.g. offscreen for CI) is trusted as it is."""
    env = os.environ if environ is None else environ
    if env.get("QT_QPA_PLATFORM") or platform in ("win32", "darwin"):
        return
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        raise NoDisplayError(
            "There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window "
            "cannot open; start Critical Friend from a desktop session, or use its commands "
            "(critical-friend --help)."
        )
    if not env.get("WAYLAND_DISPLAY"):
        missing = missing_libraries()
        if missing:
            raise NoDisplayError(
                f"The window cannot open because system libraries that Qt needs are missing; "
                f"install them with: sudo apt-get install {' '.join(missing)}"
            )
