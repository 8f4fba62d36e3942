"""`make mutants`, second half: the mutation score of each module from mutmut's results, then the survivors.

Score = killed (a test failed, or the mutant timed out) / mutants that some test reaches.
"""

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

MUTMUT = Path(sys.executable).parent / "mutmut"
LINE = re.compile(r"^\s*(?P<module>[\w.]+)\.x[_ΔǁŁ]?(?P<function>\w+?)__mutmut_\d+: (?P<status>.+)$")
KILLED = {"killed", "timeout"}


def main() -> int:
    output = subprocess.run([MUTMUT, "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    by_module: dict[str, Counter] = defaultdict(Counter)
    survivors = []
    for line in output.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        by_module[match["module"]][match["status"]] += 1
        if match["status"] == "survived":
            survivors.append(line.strip().split(":")[0])
    print(f"{'module':32} {'mutants':>8} {'killed':>7} {'survived':>9} {'no test':>8} {'score':>7}")
    for module, counts in sorted(by_module.items()):
        killed = sum(counts[s] for s in KILLED)
        reached = killed + counts["survived"]
        score = f"{100 * killed / reached:.1f}%" if reached else "-"
        print(f"{module:32} {sum(counts.values()):>8} {killed:>7} {counts['survived']:>9} {counts['no tests']:>8} {score:>7}")
    print(f"\n{len(survivors)} survivors (see one with: .venv/bin/mutmut show NAME):")
    print("\n".join(f"  {name}" for name in survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
