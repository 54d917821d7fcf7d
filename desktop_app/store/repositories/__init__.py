"""Repositories: the only place that speaks SQL for a kind of thing."""
