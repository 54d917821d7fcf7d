"""The Qt user interface. Every PySide6 import in the project lives under this package."""
