"""Turn session summaries into coded statements, tables and rendered briefs."""
