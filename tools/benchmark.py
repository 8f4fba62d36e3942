"""Benchmark `briefs render` against the plain chain (papermill CLI, then jupyter nbconvert), and `briefs ingest` of a long PDF.

Both render chains run in the project's environment on the same inputs in a temporary folder,
alternating, and the script prints medians and ratios for: one brief (HTML and PDF), N briefs
with 2 jobs (against the plain chain run one brief after another), and a no-op rebuild. The
ingest case times `briefs ingest` of a generated 50-page official document (running headers and
footers, page numbers, job numbers, hyphenated line ends), whole command and median of
--rounds runs.

The corpus case generates sessions once with tools/generate_corpus.py (seeded); per round, it
renders the corpus brief cold (no cache), then warm (`--force`, nothing changed), then runs
`briefs validate` cold and warm: time, CPU time and peak memory (the resident memory of the
command and every process it starts, a render's kernel too, summed, sampled every 50 ms) and
the PDF's pages, as medians beside the targets. Usage:

    .venv/bin/python tools/benchmark.py [--briefs 10] [--rounds 3] [--cases render ingest corpus] [--corpus-sessions 1000] [--corpus-rounds 3]
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
TARGETS = {"one brief": 0.40, "N briefs, 2 jobs": 0.2}  # issue 14: one brief at most 0.40 of the plain chain
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


def make_long_pdf(path: Path, n_pages: int = 50) -> None:
    """An official document of ``n_pages`` A4 pages: masthead, running header and footer, numbered paragraphs, automatic hyphenation."""
    import weasyprint

    paragraph = (
        "Participants underlined that decent work, social protection and multi-stakeholder partnerships depend on "
        "institutions for social dialogue, on investment in skills and infrastructure, and on international cooperation "
        "that helps developing countries finance the transition to a digital and low-carbon economy."
    )
    pages, number = [], 0
    for page in range(1, n_pages + 1):
        body = []
        for _ in range(7):
            number += 1
            body.append(f"<p>{number}. {paragraph}</p>")
        pages.append(f'<section style="break-after: page"><h2>{page}. Discussion on page {page}</h2>{"".join(body)}</section>')
    html = f"""<html lang="en"><head><style>
@page {{ size: A4; margin: 2.4cm 2.5cm 2.8cm; @top-left {{ content: "E/HLPF/2025/99"; font: bold 8pt sans-serif }}
  @bottom-left {{ content: "25-09999"; font: 8pt sans-serif }} @bottom-right {{ content: counter(page) "/" counter(pages); font: 8pt sans-serif }} }}
body {{ font: 10pt/1.3 serif; text-align: justify; hyphens: auto }} h1 {{ font: bold 14pt sans-serif }} h2 {{ font: bold 11pt sans-serif }}
</style></head><body><h1>Summary of the {n_pages}-page benchmark document</h1>{"".join(pages)}</body></html>"""
    weasyprint.HTML(string=html).write_pdf(path)


def bench_ingest(root: Path, rounds: int) -> None:
    """Time `briefs ingest` of a generated 50-page PDF, whole command (start-up included), median of ``rounds``."""
    data_dir = root / "ingest-data"
    data_dir.mkdir()
    for name in ("codebook.yaml", "stakeholders.yaml"):
        shutil.copy(PROJECT / "data" / name, data_dir / name)
    pdf = root / "long-document.pdf"
    make_long_pdf(pdf)
    times = [timed([BIN / "briefs", "ingest", pdf, "--id", "bench-pdf", "--force", "--data-dir", data_dir]) for _ in range(rounds)]
    report(f"ingest {count_pdf_pages(pdf)}-page PDF", times, None)


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


def measure(command: list) -> tuple[float, float, float]:
    """Seconds a command takes, the CPU seconds it and every process it starts spent (a render's
    kernel too; less swayed by other work on a shared machine), and its peak memory in MB: the
    resident memory of all those processes, summed, sampled every 50 ms. It must succeed."""
    import resource

    import psutil

    with tempfile.TemporaryFile() as errors:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"error: {' '.join(map(str, command))} failed:\n{errors.read().decode(errors='replace')[-3000:]}")
    return seconds, cpu_seconds, peak / 1e6


def count_pdf_pages(pdf: Path) -> int | None:
    """Pages of a PDF, from poppler's pdfinfo (None where it is not installed)."""
    try:
        output = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return int(re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE).group(1))


def report_corpus(results: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
    """The corpus cases as a table: median, target, whether it is met, and the median CPU time."""
    print(f"{'case':<42} {'median':>12} {'target':>12} {'':8} {'CPU (all processes)':>20}")
    for name, (unit, target) in CORPUS_TARGETS.items():
        values = [value for value in results.get(name, []) if value is not None]
        if not values:
            print(f"{name:<42} {'n/a':>12}")
            continue
        median = statistics.median(values)
        shown = f"{median:.0f} {unit}" if unit != "seconds" else f"{median:.1f} s"
        limit = "" if target is None else (f"<= {target:.0f} {unit}" if unit != "seconds" else f"<= {target:.0f} s")
        verdict = "" if target is None else ("met" if median <= target else "MISSED")
        cpu_shown = f"{statistics.median(cpu[name]):.1f} s" if cpu.get(name) else ""
        print(f"{name:<42} {shown:>12} {limit:>12} {verdict:8} {cpu_shown:>20}")


def run_corpus_cases(root: Path, n_sessions: int, rounds: int) -> None:
    """Generate the sessions once; per round render the corpus brief cold and warm, then validate cold and warm."""
    from helpers.analysis.corpus import load_corpus
    from helpers.data import paths

    data_dir, out_dir = root / "corpus-data", root / "corpus-out"
    generate_corpus(data_dir, n_sessions, DEFAULT_SEED)
    render = [BIN / "briefs", "render", "--corpus", "--data-dir", data_dir, "--out-dir", out_dir, "--force"]
    validate = [BIN / "briefs", "validate", "--data-dir", data_dir]
    results: dict[str, list[float]] = {name: [] for name in CORPUS_TARGETS}
    cpu: dict[str, list[float]] = {name: [] for name in CORPUS_TARGETS}
    for _ in range(rounds):
        shutil.rmtree(paths.cache_dir(data_dir), ignore_errors=True)
        for temperature in ("cold (no cache)", "warm (--force, unchanged)"):
            seconds, cpu_seconds, peak_mb = measure(render)
            results[f"corpus brief, {temperature}"].append(seconds)
            cpu[f"corpus brief, {temperature}"].append(cpu_seconds)
            results[f"corpus brief, {temperature.split(' ')[0]}: peak memory"].append(peak_mb)
        results["corpus brief: PDF pages"].append(count_pdf_pages(paths.report_dir(out_dir, paths.CORPUS_REPORT_NAME) / "brief.pdf"))
        shutil.rmtree(paths.cache_dir(data_dir), ignore_errors=True)
        for name in ("briefs validate, cold (no cache)", "briefs validate, warm"):
            seconds, cpu_seconds, _ = measure(validate)
            results[name].append(seconds)
            cpu[name].append(cpu_seconds)
    n_statements = len(load_corpus(data_dir).coded)
    print(f"\nCorpus: {n_sessions:,} generated sessions, {n_statements:,} statements (tools/generate_corpus.py, seed {DEFAULT_SEED}); medians of {rounds} rounds")
    report_corpus(results, cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=10, help="briefs in the batch case (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds for the one-brief case, runs of the ingest case (default 3)")
    parser.add_argument("--cases", nargs="+", choices=("render", "ingest", "corpus"), default=["render", "ingest", "corpus"], help="which cases to run (default: all)")
    parser.add_argument("--corpus-sessions", type=int, default=1000, help="generated sessions in the corpus case (default 1000)")
    parser.add_argument("--corpus-rounds", type=int, default=3, help="rounds of the corpus case (default 3)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefs-bench-") as temporary:
        root = Path(temporary)
        if "ingest" in arguments.cases:
            bench_ingest(root, arguments.rounds)
        if "corpus" in arguments.cases:
            run_corpus_cases(root, arguments.corpus_sessions, arguments.corpus_rounds)
        if "render" not in arguments.cases:
            return 0
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
