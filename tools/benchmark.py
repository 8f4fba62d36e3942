"""Benchmark `briefs render` against the plain chain (papermill CLI, then jupyter nbconvert),
and the corpus brief and `briefs validate` over a thousand generated sessions.

Session cases: both run in the project's environment on the same inputs in a temporary folder,
alternating, and the script prints medians and ratios for: one brief (HTML and PDF), N briefs
with 2 jobs (against the plain chain run one brief after another), and a no-op rebuild.

Corpus cases: sessions from tools/generate_corpus.py (seeded), generated once; per round, the
corpus brief cold (no cache), then warm (`--force`, nothing changed), then `briefs validate` cold
and warm; time, peak memory (the resident memory of the command and every process it starts,
summed, sampled every 50 ms) and the PDF's pages, as medians beside the targets. Usage:

    .venv/bin/python tools/benchmark.py [--briefs 10] [--rounds 3] [--corpus-sessions 1000] [--corpus-rounds 3] [--only session|corpus]
"""

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

from generate_corpus import DEFAULT_SEED, generate_corpus

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = PROJECT / "notebooks" / "session_brief.ipynb"
SEED = "ecosoc-pf-2025-sdg8"
SCHEMES = ("fine", "major_groups", "tripartite")
TARGETS = {"one brief": 0.5, "N briefs, 2 jobs": 0.2}
# Corpus cases: (what is measured, unit, target or None); lower is better for all.
CORPUS_TARGETS = {
    "corpus brief, cold (no cache)": ("seconds", 60.0),
    "corpus brief, cold: peak memory": ("MB", 1000.0),
    "corpus brief: PDF pages": ("pages", 20),
    "corpus brief, warm (--force, unchanged)": ("seconds", 20.0),
    "corpus brief, warm: peak memory": ("MB", 1000.0),
    "briefs validate, cold (no cache)": ("seconds", 10.0),
    "briefs validate, warm": ("seconds", None),
}


def timed(command: list, **kwargs) -> float:
    """Seconds a command takes; it must succeed."""
    start = time.perf_counter()
    subprocess.run([str(part) for part in command], check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def make_collection(root: Path, n_generated: int) -> tuple[Path, list[str]]:
    """A data folder: the project's data without gold standards, plus generated sessions.

    Each generated session takes a different subset of the seed's statements (they stay quotes
    of the seed's raw text), its own id and a date in 2024 or 2025.
    """
    data_dir = root / "data"
    shutil.copytree(PROJECT / "data", data_dir, ignore=shutil.ignore_patterns("gold", "schemas"))
    yaml = YAML()
    yaml.width = 4096
    seed = yaml.load((data_dir / "sessions" / f"{SEED}.yaml").read_text(encoding="utf-8"))
    chooser = random.Random(8)
    ids = []
    for number in range(1, n_generated + 1):
        session = yaml.load((data_dir / "sessions" / f"{SEED}.yaml").read_text(encoding="utf-8"))
        session_id = f"generated-{number:02d}"
        statements = list(seed["statements"])
        keep = sorted(chooser.sample(range(len(statements)), chooser.randint(10, len(statements))))
        session["id"] = session_id
        session["title"] = f"Generated session {number}"
        session["date"]["value"] = f"{2024 + number % 2}-0{1 + number % 9}-15"
        session["statements"] = [statements[i] for i in keep]
        with open(data_dir / "sessions" / f"{session_id}.yaml", "w", encoding="utf-8") as stream:
            yaml.dump(session, stream)
        ids.append(session_id)
    return data_dir, ids


def plain_chain(session_id: str, scheme: str, data_dir: Path, work: Path) -> float:
    """papermill CLI, then nbconvert to HTML (no input), then the PDF exporter through nbconvert."""
    executed = work / f"{session_id}-{scheme}.ipynb"
    return (
        timed([BIN / "papermill", NOTEBOOK, executed, "-p", "session_id", session_id, "-p", "grouping_scheme", scheme, "-p", "data_dir", data_dir, "--cwd", NOTEBOOK.parent])
        + timed([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed])
        + timed([BIN / "jupyter", "nbconvert", "--to", "brief_pdf", executed])
    )


def ours(session_ids: list[str], scheme: str, data_dir: Path, out_dir: Path, jobs: int, force: bool = True) -> float:
    command = [BIN / "briefs", "render", *session_ids, "--scheme", scheme, "--data-dir", data_dir, "--out-dir", out_dir, "--jobs", jobs]
    return timed(command + (["--force"] if force else []))


def report(name: str, ours_s: list[float], plain_s: list[float] | None) -> None:
    ours_median = statistics.median(ours_s)
    if plain_s is None:
        print(f"{name:<22} ours {ours_median:7.2f} s (median of {len(ours_s)})")
        return
    plain_median = statistics.median(plain_s)
    ratio = ours_median / plain_median
    target = TARGETS.get(name)
    verdict = f"target <= {target}: {'met' if ratio <= target else 'MISSED'}" if target else ""
    print(f"{name:<22} ours {ours_median:7.2f} s   plain {plain_median:7.2f} s   ratio {ratio:5.2f}   {verdict}   (medians of {len(ours_s)} and {len(plain_s)})")


def measure(command: list) -> tuple[float, float]:
    """Seconds a command takes and its peak memory in MB: the resident memory of it and every
    process it starts (a render's kernel), summed, sampled every 50 ms. It must succeed."""
    import psutil

    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen([str(part) for part in command], stdout=subprocess.DEVNULL, stderr=errors)
        watched, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            total = 0
            try:
                for member in [watched, *watched.children(recursive=True)]:
                    try:
                        total += member.memory_info().rss
                    except psutil.Error:  # a process that has just ended
                        continue
            except psutil.Error:
                pass
            peak = max(peak, total)
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"error: {' '.join(map(str, command))} failed:\n{errors.read().decode(errors='replace')[-3000:]}")
    return seconds, peak / 1e6


def count_pdf_pages(pdf: Path) -> int | None:
    """Pages of a PDF, from poppler's pdfinfo (None where it is not installed)."""
    try:
        output = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE).group(1))


def report_corpus(results: dict[str, list[float]]) -> None:
    """The corpus cases as a table: median, target and whether it is met."""
    print(f"{'case':<42} {'median':>12} {'target':>12}")
    for name, (unit, target) in CORPUS_TARGETS.items():
        values = [value for value in results.get(name, []) if value is not None]
        if not values:
            print(f"{name:<42} {'n/a':>12}")
            continue
        median = statistics.median(values)
        shown = f"{median:.0f} {unit}" if unit != "seconds" else f"{median:.1f} s"
        limit = "" if target is None else (f"<= {target:.0f} {unit}" if unit != "seconds" else f"<= {target:.0f} s")
        verdict = "" if target is None else ("met" if median <= target else "MISSED")
        print(f"{name:<42} {shown:>12} {limit:>12}   {verdict}")


def run_corpus_cases(root: Path, n_sessions: int, rounds: int) -> None:
    """Generate the sessions once; per round render the corpus brief cold and warm, then validate cold and warm."""
    from helpers.analysis.corpus import load_corpus
    from helpers.data import paths

    data_dir, out_dir = root / "corpus-data", root / "corpus-out"
    generate_corpus(data_dir, n_sessions, DEFAULT_SEED)
    render = [BIN / "briefs", "render", "--corpus", "--data-dir", data_dir, "--out-dir", out_dir, "--force"]
    validate = [BIN / "briefs", "validate", "--data-dir", data_dir]
    results: dict[str, list[float]] = {name: [] for name in CORPUS_TARGETS}
    for _ in range(rounds):
        shutil.rmtree(paths.cache_dir(data_dir), ignore_errors=True)
        for temperature in ("cold (no cache)", "warm (--force, unchanged)"):
            seconds, peak_mb = measure(render)
            results[f"corpus brief, {temperature}"].append(seconds)
            results[f"corpus brief, {temperature.split(' ')[0]}: peak memory"].append(peak_mb)
        results["corpus brief: PDF pages"].append(count_pdf_pages(paths.report_dir(out_dir, paths.CORPUS_REPORT_NAME) / "brief.pdf"))
        shutil.rmtree(paths.cache_dir(data_dir), ignore_errors=True)
        results["briefs validate, cold (no cache)"].append(measure(validate)[0])
        results["briefs validate, warm"].append(measure(validate)[0])
    n_statements = len(load_corpus(data_dir).coded)
    print(f"\nCorpus: {n_sessions:,} generated sessions, {n_statements:,} statements (tools/generate_corpus.py, seed {DEFAULT_SEED}); medians of {rounds} rounds")
    report_corpus(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=10, help="briefs in the batch case (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds for the one-brief case (default 3)")
    parser.add_argument("--corpus-sessions", type=int, default=1000, help="generated sessions in the corpus cases (default 1000)")
    parser.add_argument("--corpus-rounds", type=int, default=3, help="rounds of the corpus cases (default 3)")
    parser.add_argument("--only", choices=("session", "corpus"), help="run only the session cases or only the corpus cases")
    arguments = parser.parse_args()
    if arguments.only == "corpus":
        with tempfile.TemporaryDirectory(prefix="briefs-bench-") as temporary:
            print(f"Benchmark on {sys.platform}, Python {sys.version.split()[0]}")
            run_corpus_cases(Path(temporary), arguments.corpus_sessions, arguments.corpus_rounds)
        return 0
    with tempfile.TemporaryDirectory(prefix="briefs-bench-") as temporary:
        root = Path(temporary)
        data_dir, generated = make_collection(root, arguments.briefs)
        work = root / "plain"
        work.mkdir()
        print(f"Benchmark on {sys.platform}, Python {sys.version.split()[0]}; plain chain = papermill CLI + jupyter nbconvert --to html --no-input + jupyter nbconvert --to brief_pdf")

        one_ours, one_plain = [], []
        for round_number in range(arguments.rounds):
            scheme = SCHEMES[round_number % len(SCHEMES)]  # the seed under several parameter sets
            one_plain.append(plain_chain(SEED, scheme, data_dir, work))
            one_ours.append(ours([SEED], scheme, data_dir, root / f"one-{scheme}", jobs=1))
        report("one brief", one_ours, one_plain)

        batch_ours = [ours(generated, "fine", data_dir, root / "batch", jobs=2)]
        batch_plain = [sum(plain_chain(session_id, "fine", data_dir, work) for session_id in generated)]
        batch_ours.append(ours(generated, "fine", data_dir, root / "batch", jobs=2))
        report("N briefs, 2 jobs", batch_ours, batch_plain)
        print(f"{'':<22} (N = {len(generated)} generated sessions; the plain chain renders them one after another)")

        noop = [ours(generated, "fine", data_dir, root / "batch", jobs=2, force=False) for _ in range(5)]
        report("no-op rebuild", noop, None)
        print(f"{'':<22} target < 1 s: {'met' if statistics.median(noop) < 1 else 'MISSED'}")
        if arguments.only != "session":
            run_corpus_cases(root, arguments.corpus_sessions, arguments.corpus_rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
