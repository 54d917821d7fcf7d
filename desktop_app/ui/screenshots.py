"""Render every main screen, with the home's data, to PNG files (offscreen)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.home import Home

TASKBAR = 40  # pixels a desktop's taskbar or panel takes from the screen's height


def window_size_for_screen(screen: str) -> tuple[int, int]:
    """The window's first size on a screen of `screen` ("1366x768"), its taskbar left out (as
    MainWindow chooses it from the screen's available area). Raises UserError for another shape."""
    from PySide6.QtCore import QSize

    from desktop_app.errors import UserError
    from desktop_app.ui.main_window import first_size

    try:
        width, height = (int(part) for part in screen.lower().split("x"))
    except ValueError:
        raise UserError(
            f"{screen} is not a screen size; write it as WIDTHxHEIGHT, e.g. 1366x768."
        ) from None
    if not (640 <= width <= 10000 and 480 <= height <= 10000):
        raise UserError(
            f"{screen} is not a screen size Critical Friend supports (at least 640x480)."
        )
    size = first_size(QSize(width, height - TASKBAR))
    return size.width(), size.height()


def render_screenshots(home: Home, outdir: Path, size: tuple[int, int] = (1280, 800)) -> list[Path]:
    from desktop_app.ui.application import ensure_application
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.screens import SCREENS
    from desktop_app.ui.services import AppServices

    app = ensure_application()
    services = AppServices(home)
    window = MainWindow(services)
    window.resize(*size)
    window.show()
    written: list[Path] = []
    try:
        from desktop_app.ui.benchmark_screenshots import wait_for_background_work

        for index, spec in enumerate(SCREENS):
            window.show_screen(index)
            app.processEvents()
            wait_for_background_work()
            path = outdir / f"{index + 1:02d}-{spec.key}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
        from desktop_app.ui.screenshot_extras import EXTRA_SCREENSHOTS, renderer

        for extra_name, target in EXTRA_SCREENSHOTS:
            path = outdir / extra_name
            renderer(target)(window, services, path)
            app.processEvents()
            written.append(path)
    finally:
        window.close()
        services.close()
    return written
