"""How well `briefs ingest` reads the record corpus (tests/records): per field, share right, n, target.

Builds every record's file (PDFs with WeasyPrint, Word files with python-docx) in a temporary
folder, ingests each with the real command into a temporary copy of the data folder, scores the
session files against the gold and prints a table, then what was missed, record by record.
Exits 1 when a field with a target is below it. Usage:

    .venv/bin/python tools/ingest_accuracy.py [--record NAME ...] [--no-misses] [--keep DIR]
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the corpus and scoring are test support code

from record_corpus import build_corpus, load_forum_spellings, load_records  # noqa: E402
from record_scoring import TARGETS, describe_scores, make_data_copy, score_corpus, sum_scores  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="append", default=[], metavar="NAME", help="score only this record (repeatable)")
    parser.add_argument("--no-misses", action="store_true", help="print the table only")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="build the files and the data folder in DIR and keep them (to open a PDF, or read a session)")
    arguments = parser.parse_args(argv)

    records = load_records()
    if arguments.record:
        unknown = sorted(set(arguments.record) - {record.name for record in records})
        if unknown:
            print(f"error: no record named {', '.join(unknown)} in tests/records", file=sys.stderr)
            return 2
        records = [record for record in records if record.name in arguments.record]
    with tempfile.TemporaryDirectory(prefix="ingest-accuracy-") as temporary:
        work_dir = arguments.keep.resolve() if arguments.keep else Path(temporary)
        work_dir.mkdir(parents=True, exist_ok=True)
        files = build_corpus(work_dir / "files", records)
        data_dir = make_data_copy(work_dir / "data")
        scores = score_corpus(records, files, data_dir, load_forum_spellings())
    print(f"{len(records)} record(s), ingested with `briefs ingest`" + (f"; files and data kept in {work_dir}" if arguments.keep else ""))
    print(describe_scores(scores, show_misses=not arguments.no_misses))
    totals = sum_scores(scores)
    return 1 if any(totals[name].share is not None and totals[name].share < target for name, target in TARGETS.items()) else 0


if __name__ == "__main__":
    sys.exit(main())
