"""Exchange with qualitative-analysis tools (REFI-QDA)."""
