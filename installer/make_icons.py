"""Make the installers' icons from resources/icons/*.svg: PNGs for Linux's hicolor theme, a
Windows .ico and a macOS .icns, all holding PNG images.

Formats: ICO with PNG entries (Microsoft, "Icons", Windows Vista and later); ICNS as a sequence of
(OSType, big-endian length, PNG) entries (Apple Icon Image format: icp4 16 px, icp5 32, icp6 64,
ic07 128, ic08 256, ic09 512, ic10 1024).

Usage: python installer/make_icons.py OUTDIR  (renders with Qt offscreen; no display needed)
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {
    16: b"icp4",
    32: b"icp5",
    64: b"icp6",
    128: b"ic07",
    256: b"ic08",
    512: b"ic09",
    1024: b"ic10",
}


def render_pngs(svg: Path) -> dict[int, bytes]:
    """The SVG drawn at each size in PNG_SIZES, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a drawable SVG")
    pngs = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: ICONDIR, one 16-byte ICONDIRENTRY per size, then the PNGs."""
    sizes = [size for size in ICO_SIZES if size in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns', total length, then (type, length, PNG) for each size."""
    body = b"".join(
        kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size]
        for size, kind in ICNS_TYPES.items()
        if size in pngs
    )
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(out: Path) -> None:
    app_pngs = render_pngs(ICONS / "app.svg")
    bundle_pngs = render_pngs(ICONS / "bundle.svg")
    out.mkdir(parents=True, exist_ok=True)
    (out / "critical-friend.ico").write_bytes(ico_bytes(app_pngs))
    (out / "critical-friend.icns").write_bytes(icns_bytes(app_pngs))
    (out / "critical-friend-bundle.ico").write_bytes(ico_bytes(bundle_pngs))
    (out / "critical-friend-bundle.icns").write_bytes(icns_bytes(bundle_pngs))
    for size in (16, 32, 48, 64, 128, 256, 512):
        (out / f"critical-friend-{size}.png").write_bytes(app_pngs[size])
        (out / f"critical-friend-bundle-{size}.png").write_bytes(bundle_pngs[size])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons")
