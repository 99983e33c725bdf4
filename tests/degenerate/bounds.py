"""What each degenerate submission earned beyond its bound, read from a graded batch.

    uv run python tests/degenerate/bounds.py GRADES     # GRADES: the --out of a grader batch

prints, part by part, each submission's score against its bound's and the tests it
passed that its bound failed (ALSO_EARNS not counted). tests/e2e/test_degenerate.py
asserts the same from the same functions.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from degenerate.catalog import DEGENERATE, Degenerate  # noqa: E402


def passed(result: dict, part: str) -> set[str]:
    """The scored tests of `part` that passed (node ids)."""
    return {t["nodeid"] for t in result["tests"]
            if t["part"] == part and t["outcome"] == "passed" and not t["informational"]}


def score(result: dict, part: str) -> float:
    return float(result["parts"][part]["score"])


def beyond(result: dict, bound: dict, part: str, also_earns: dict[str, str]) -> list[str]:
    """The tests of `part` that `result` passed and `bound` did not, except those ALSO_EARNS
    names (by test function, or by test name with its parameters)."""
    names = {t["nodeid"]: (t["function"], t["name"]) for t in result["tests"]}
    extra = passed(result, part) - passed(bound, part)
    return sorted(n for n in extra if not set(names[n]) & set(also_earns))


def read_results(grades: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((grades / "results").glob("*.json"))}


def report(results: dict[str, dict], catalog: tuple[Degenerate, ...] = DEGENERATE) -> str:
    lines = []
    for d in catalog:
        if d.name not in results:
            continue
        for part in d.parts:
            mine = results[d.name]
            line = f"{part:12} {d.name:40} {score(mine, part):6.1f}"
            if d.bound and d.bound in results:
                bound = results[d.bound]
                extra = beyond(mine, bound, part, d.also_earns)
                line += f"  bound {score(bound, part):6.1f}  passes {len(extra)} it fails"
                lines += [line] + [f"{'':14}{n}" for n in extra]
            else:
                lines.append(line + f"  of {results[d.name]['parts'][part]['max_score']}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(read_results(Path(sys.argv[1]))))
