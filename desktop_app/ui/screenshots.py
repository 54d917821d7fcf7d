"""Render every main screen, with the home's data, to PNG files (offscreen)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.home import Home


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
        for index, spec in enumerate(SCREENS):
            window.show_screen(index)
            app.processEvents()
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
