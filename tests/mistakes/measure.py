"""How well the visible tests' feedback names each mistake of the catalog.

    uv run python tests/mistakes/measure.py [--jobs 2] [--json out.json] [NAME ...]

For every mistake: build the mutant, run the learner's loop on its part
(`pytest stages/s13_cnn -m PART --impl MUTANT`), read every failure message, and classify:

- misnamed: some failure claims a "likely mistake" that is not this one (a wrong hint);
- named: no wrong claim, and some failure names this mistake (tests/mistakes/named.py
  says by which words);
- silent: neither (the tests fail, but say only what differs, not why).

Prints one line per mistake and the totals (target: >= 80% named, <= 5% misnamed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from commands import run_visible_suite  # noqa: E402

from mistakes.catalog import MISTAKES, Mistake, build_submission  # noqa: E402
from mistakes.named import NAMED_BY, PARTS_NAMED  # noqa: E402

CLAIM = re.compile(r"^(?:E\s+)?\s*likely mistake: (.*)$", re.MULTILINE)  # not source lines


@dataclass
class Measured:
    name: str
    part: str
    verdict: str  # named | misnamed | silent | not caught
    failed: int
    claims: list[str]  # the distinct "likely mistake" lines
    evidence: str  # the first message line that names it, or a wrong claim
    messages: list[str]  # every failure message (clipped), to classify again


def claims_of(message: str) -> list[str]:
    return [claim.strip() for claim in CLAIM.findall(message)]


def classify(mistake_name: str, messages: list[str]) -> tuple[str, list[str], str]:
    words = NAMED_BY[mistake_name]
    claims = sorted({c for m in messages for c in claims_of(m)})
    wrong = [c for c in claims if not any(w.lower() in c.lower() for w in words)]
    if wrong:
        return "misnamed", claims, wrong[0]
    for message in messages:
        for line in message.splitlines():
            if any(w.lower() in line.lower() for w in words):
                return "named", claims, line.strip()
    return "silent", claims, ""


def measure(mistake: Mistake) -> Measured:
    with tempfile.TemporaryDirectory() as tmp:
        root = build_submission(mistake, Path(tmp))
        _, cases, _ = run_visible_suite(str(root), Path(tmp), "-m", mistake.part)
    failed = [c.message for c in cases if c.outcome != "passed"]
    if not failed:
        return Measured(mistake.name, mistake.part, "not caught", 0, [], "", [])
    verdict, claims, evidence = classify(mistake.name, failed)
    clipped = [m[:4000] for m in failed]
    return Measured(mistake.name, mistake.part, verdict, len(failed), claims, evidence, clipped)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these mistakes")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", help="write every measurement to this file")
    args = parser.parse_args(argv)
    chosen = [
        m for m in MISTAKES if m.part in PARTS_NAMED and (not args.names or m.name in args.names)
    ]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(measure, chosen))
    for r in results:
        print(f"{r.verdict:10} {r.part:8} {r.name:42} {r.evidence[:110]}")
    n = len(results)
    verdicts = ("named", "misnamed", "silent", "not caught")
    counts = {v: sum(r.verdict == v for r in results) for v in verdicts}
    print(", ".join(f"{v} {k}/{n} ({100 * k / n:.0f}%)" for v, k in counts.items()))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
