"""Briefs: the building blocks, figures and templates of the session, corpus and quality briefs."""
