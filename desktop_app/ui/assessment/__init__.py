"""Self-assessment pages: the list's rows, the new-assessment dialog, an assessment with its form,
the side-by-side comparison, and the data-profile grid."""
