"""Analysis: coding statements, the tables behind the briefs, coding quality, and corpora of sessions."""
