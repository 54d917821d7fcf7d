"""Extra screenshots beyond the main screens: (file name, render(window, services, path)) pairs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Render = Callable[[Any, Any, Path], None]

EXTRA_SCREENSHOTS: list[tuple[str, Render]] = []
