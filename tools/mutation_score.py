"""Print mutmut's score per module after ``mutmut run`` (``make mutation``).

Killed (and timed out) mutants count as caught; survivors and mutants no test reached count
against the score. Reads mutmut's own result files under ``mutants/``.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}


def main(root=Path("mutants")):
    rows, total = [], Counter()
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text()).get("exit_code_by_key", {})
        statuses = Counter(status_by_exit_code[code] for code in codes.values())
        checked = sum(n for status, n in statuses.items() if status != "not checked")
        caught = sum(statuses[s] for s in CAUGHT)
        total.update(statuses)
        module = str(meta.relative_to(root)).removesuffix(".meta")
        score = f"{caught / checked:6.1%}" if checked else "   n/a"
        rows.append(f"{module:<40} {score}  {caught:>5} caught of {checked:>5}  survived {statuses['survived']:>4}"
                    f"  no tests {statuses['no tests']:>3}  not checked {statuses['not checked']:>4}")
    if not rows:
        sys.exit("No mutmut results under mutants/: run `make mutation`.")
    checked = sum(n for status, n in total.items() if status != "not checked")
    caught = sum(total[s] for s in CAUGHT)
    print("\n".join(rows))
    print(f"{'all':<40} {caught / checked:6.1%}  {caught:>5} caught of {checked:>5}" if checked else "nothing checked")


if __name__ == "__main__":
    main()
