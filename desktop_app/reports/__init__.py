"""PDF reports (ReportLab): self-assessment, visit, single audit, challenge feedback."""
