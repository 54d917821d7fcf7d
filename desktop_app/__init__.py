"""Critical Friend: offline self-assessment, case-file audit and signed peer challenge."""

__version__ = "0.1.0"
APP_NAME = "Critical Friend"
