"""Ingest: turn a session record as published into raw source plus a validated draft session.

The modules follow the flow: ``read`` (bytes from a file or an address, checked, parsed by the
library for their format), ``clean`` (the text statements quote: page furniture, columns and
hyphenation dealt with, shaped like a summary), ``structure`` (blocks, headings and sections),
``genres`` (the kind of record and the role of each block), ``metadata`` (symbol, stated date,
forum, SDGs), ``cues`` and ``people`` (participants in lists and background prose), ``speakers``
(people introduced in running text, and who said what), ``groups`` (stakeholder group with its
reason), ``draft`` (the session as reviewable YAML), ``edits`` (what re-ingesting keeps) and
``pipeline`` (the command).
"""

from helpers.ingest.pipeline import IngestReport, describe_ingest_report, ingest_summary

__all__ = ["IngestReport", "describe_ingest_report", "ingest_summary"]
