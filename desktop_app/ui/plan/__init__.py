"""The improvement plan screen's parts: the action form and the progress panel."""
