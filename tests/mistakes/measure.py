"""How well the feedback names each mistake, on any half of the catalog, from either source.

    uv run python tests/mistakes/measure.py [--half tuning|validation|holdout|unseen|fresh]
        [--source visible|grader] [--jobs 2] [--json out.json] [--mnist DIR] [--workdir DIR]
        [NAME ...]

Halves (tests/mistakes/catalog.py): `tuning`, the catalog the diagnoses are tuned on, with
its words in tests/mistakes/named.py (parts named.PARTS_NAMED; a mistake without words is
left out); `validation`, `holdout`, `unseen` and `fresh`, the frozen mistakes of
tests/mistakes/<half>/, written apart from the diagnosis code, with their words in
each file's NAMED_BY line.

Sources: `visible`, the learner's loop, `pytest stages/s13_cnn -m PART --impl MUTANT`, one
run per mistake; `grader`, the feedback of `grader run BATCH --batch --part PART` (visible
and hidden suites), one batch per part. The grader grades with MNIST_DIR set to --mnist
(default: an empty folder, so the training tests run on scikit-learn's digits, in seconds).

For every mistake: build the mutant, run the source on its part, read every failure's
feedback lines (`feedback_lines`), and classify (`classify`, the one definition):

- named: some line names it (holds one of its words) and no claim is wrong;
- mixed: some line names it, and some claim is wrong;
- misnamed: some claim is wrong, and no line names it;
- silent: no claim and no naming line (the feedback says only where and by how much);
- not caught: no test failed (grader: the mistake lost no point in its part).

A claim is a "likely mistake: ..." line or a "... matches the '...' variant" line; it is
wrong when it holds none of the mistake's words (case-insensitive substrings). Every mistake
of a group is in its denominator, "not caught" included. Groups: level 1 (parts 1-5) and
levels 2-3 with the exercises (parts 6-8). Targets, per group: named >= 80%,
misnamed + mixed <= 5%.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from commands import run_grader, run_visible_suite  # noqa: E402

from grader.core.outcomes import FAILING  # noqa: E402
from mistakes.catalog import HALVES, Mistake, build_submission, load_half  # noqa: E402
from mistakes.named import NAMED_BY, PARTS_NAMED  # noqa: E402

SOURCES = ("visible", "grader")
VERDICTS = ("named", "mixed", "misnamed", "silent", "not caught")
LEVEL_1 = ("padding", "im2col", "conv", "pooling", "lenet")
GROUPS = {"level 1": LEVEL_1, "levels 2-3 + exercises": ("lenet_torch", "lenet_paper", "exercises")}
TARGETS = {"named": 0.80, "misnamed + mixed": 0.05}
BATCH_TIMEOUT = 1800

LIKELY = re.compile(r"likely mistake:\s*(.*)", re.IGNORECASE)
VARIANT = re.compile(r"matches the .+ variant", re.IGNORECASE)
# pytest's traceback in a JUnit failure: the assertion message is on its "E   " lines
PYTEST_E = re.compile(r"^E\s{1,}(.*)$")
# lines of the grader's feedback that locate or reproduce a test, not explain it
NOT_FEEDBACK = re.compile(r"^\s*(reproduce:|uv run pytest|stages/\S+::|grader/hidden/\S+::)")
# the grader clips long feedback: the line before this marker may be cut anywhere
TRUNCATED = re.compile(r"^\s*\.\.\. \(truncated\)\s*$")


def words_of(mistake: Mistake) -> tuple[str, ...] | None:
    """The words whose presence in a line names the mistake: a frozen half's NAMED_BY
    line, or named.py's entry for the tuning half (None: no words, not
    measured)."""
    if mistake.half != "tuning":
        return tuple(mistake.meta["NAMED_BY"])
    if mistake.part not in PARTS_NAMED:
        return None
    return NAMED_BY.get(mistake.name)


def feedback_lines(message: str, source: str) -> list[str]:
    """The lines of one failure that a learner reads as feedback. visible: the exception
    message (JUnit's `message`, first line of the text) and pytest's "E" lines, not the
    source lines of the traceback; grader: the feedback text less the lines that only
    locate or reproduce the test, and less a clipped text's marker and the line it cut (a
    claim cut to "likely mistake: you" claims nothing)."""
    lines = message.splitlines()
    if source == "visible":
        head, *rest = lines or [""]
        found = [head] + [m.group(1) for line in rest if (m := PYTEST_E.match(line))]
    else:
        if lines and TRUNCATED.match(lines[-1]):
            lines = lines[:-2]
        found = [line for line in lines if not NOT_FEEDBACK.match(line)]
    return [line.strip() for line in found if line.strip()]


def claims_of(lines: Iterable[str]) -> list[str]:
    """The claims among feedback lines: the text after "likely mistake:", or a whole line
    that says the result "matches the '...' variant"."""
    claims = []
    for line in lines:
        if m := LIKELY.search(line):
            claims.append(m.group(1).strip() or line.strip())
        elif VARIANT.search(line):
            claims.append(line.strip())
    return claims


def holds(line: str, words: Sequence[str]) -> bool:
    return any(w.lower() in line.lower() for w in words)


@dataclass(frozen=True)
class Verdict:
    verdict: str  # named | mixed | misnamed | silent (not caught is decided by the caller)
    claims: list[str]  # the distinct claims, sorted
    wrong: list[str]  # the claims that hold none of the words
    evidence: str  # the first naming line, else the first wrong claim
    right: list[str] = field(default_factory=list)  # the claims that hold a word


def classify(words: Sequence[str], lines: Iterable[str]) -> Verdict:
    """The one classification: lines are every feedback line of every failure."""
    lines = [line for line in lines if line.strip()]
    claims = sorted(set(claims_of(lines)))
    wrong = [c for c in claims if not holds(c, words)]
    naming = next((line for line in lines if holds(line, words)), "")
    if naming:
        verdict = "mixed" if wrong else "named"
    else:
        verdict = "misnamed" if wrong else "silent"
    right = [c for c in claims if c not in wrong]
    return Verdict(verdict, claims, wrong, naming or (wrong[0] if wrong else ""), right)


@dataclass
class Measured:
    name: str
    part: str
    half: str
    source: str
    verdict: str  # one of VERDICTS
    failed: int  # failing tests of its part
    score: float | None  # grader: the part's score (None for the visible loop)
    max_score: float | None
    claims: list[str]
    wrong: list[str]
    evidence: str
    concept: str  # what a right diagnosis says (validation: CONCEPT; tuning: the description)
    right: list[str] = field(default_factory=list)  # claims that name it
    messages: list[str] = field(default_factory=list)  # every failure's feedback (clipped)


def judged(mistake: Mistake, source: str, messages: list[str], caught: bool,
           score: float | None = None, max_score: float | None = None) -> Measured:
    words = words_of(mistake) or ()
    lines = [line for m in messages for line in feedback_lines(m, source)]
    v = classify(words, lines)
    verdict = v.verdict if caught else "not caught"
    concept = str(mistake.meta.get("CONCEPT", mistake.description))
    clipped = [m[:4000] for m in messages]
    return Measured(mistake.name, mistake.part, mistake.half, source, verdict, len(messages),
                    score, max_score, v.claims, v.wrong, v.evidence, concept, v.right, clipped)


def measure_visible(mistakes: Sequence[Mistake], jobs: int = 2) -> list[Measured]:
    """The learner's loop, one pytest run per mutant, `jobs` at a time."""

    def one(mistake: Mistake) -> Measured:
        with tempfile.TemporaryDirectory() as tmp:
            root = build_submission(mistake, Path(tmp))
            _, cases, _ = run_visible_suite(str(root), Path(tmp), "-m", mistake.part)
        failed = [c.message for c in cases if c.outcome in ("failed", "error")]
        return judged(mistake, "visible", failed, caught=bool(failed))

    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(one, mistakes))


def graded_before(part: str, mistakes: Sequence[Mistake], workdir: Path) -> dict[str, dict]:
    """The result JSONs of an earlier grade_part into workdir, if it graded all of them."""
    results = workdir / part / "grades" / "results"
    paths = [results / f"{m.name}.json" for m in mistakes]
    if not all(p.is_file() for p in paths):
        return {}
    return {m.name: json.loads(p.read_text()) for m, p in zip(mistakes, paths, strict=True)}


def grade_part(part: str, mistakes: Sequence[Mistake], workdir: Path, jobs: int,
               mnist: str) -> dict[str, dict]:
    """One `grader run --batch --part PART` over the mutants: result JSON by name."""
    shutil.rmtree(workdir / part, ignore_errors=True)
    submissions = workdir / part / "submissions"
    submissions.mkdir(parents=True)
    for mistake in mistakes:
        build_submission(mistake, submissions)
    out = workdir / part / "grades"
    proc = run_grader(
        "run", str(submissions), "--batch", "--jobs", str(jobs), "--part", part,
        "--out", str(out), "--no-progress", "-q",
        env={"MNIST_DIR": mnist}, timeout=BATCH_TIMEOUT,
    )  # fmt: skip
    gradebook = out / "gradebook.csv"
    if proc.returncode not in (0, 1) or not gradebook.is_file():
        raise RuntimeError(f"grader run --batch --part {part} failed:\n{proc.stderr[-3000:]}")
    with gradebook.open(newline="") as f:
        names = [row["submission"] for row in csv.DictReader(f)]
    return {n: json.loads((out / "results" / f"{n}.json").read_text()) for n in names}


def measure_grader(mistakes: Sequence[Mistake], jobs: int = 2, mnist: str | None = None,
                   workdir: Path | None = None, reuse: bool = False) -> list[Measured]:
    """The grader's feedback, one batch per part; caught = a point lost in its part.
    workdir keeps the batches; with reuse, a part already graded there is only read."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(workdir or tmp)
        if mnist is None:
            mnist = str(work / "no-mnist")
            os.makedirs(mnist, exist_ok=True)
        results = {}
        for part in dict.fromkeys(m.part for m in mistakes):
            chosen = [m for m in mistakes if m.part == part]
            earlier = graded_before(part, chosen, work) if reuse else {}
            results |= earlier or grade_part(part, chosen, work, jobs, mnist)
    measured = []
    for mistake in mistakes:
        result = results[mistake.name]
        scored = result["parts"][mistake.part]
        failing = [
            t for t in result["tests"] if t["part"] == mistake.part and t["outcome"] in FAILING
        ]
        messages = [t["feedback"] or "" for t in failing]
        caught = scored["score"] < scored["max_score"]
        measured.append(judged(mistake, "grader", messages, caught, scored["score"],
                               scored["max_score"]))
    return measured


def measurable(half: str, names: Sequence[str] = ()) -> list[Mistake]:
    """The half's mistakes that have words (and are among names, if given)."""
    chosen = [m for m in load_half(half) if words_of(m) and (not names or m.name in names)]
    unknown = set(names) - {m.name for m in chosen}
    assert not unknown, f"not measurable in the {half} half: {sorted(unknown)}"
    return chosen


def measure(half: str, source: str, jobs: int = 2, names: Sequence[str] = (),
            mnist: str | None = None, workdir: Path | None = None) -> list[Measured]:
    mistakes = measurable(half, names)
    if source == "visible":
        return measure_visible(mistakes, jobs)
    return measure_grader(mistakes, jobs, mnist, workdir, reuse=workdir is not None)


def tally(results: Sequence[Measured]) -> dict[str, dict]:
    """Counts and fractions per group, every mistake in its group's denominator."""
    table = {}
    for group, parts in GROUPS.items():
        rows = [r for r in results if r.part in parts]
        n = len(rows)
        counts = {v: sum(r.verdict == v for r in rows) for v in VERDICTS}
        fractions = {v: (k / n if n else 0.0) for v, k in counts.items()}
        bad = fractions["misnamed"] + fractions["mixed"]
        by_claim = sum(r.verdict == "named" and bool(r.right) for r in rows)
        table[group] = {
            "n": n, "counts": counts, "fractions": fractions, "named_by_a_claim": by_claim,
            "meets_targets": bool(n) and fractions["named"] >= TARGETS["named"]
            and bad <= TARGETS["misnamed + mixed"],
        }  # fmt: skip
    return table


def format_table(results: Sequence[Measured], title: str = "") -> str:
    head = f"{'group':24} {'n':>3}" + "".join(f"{v:>13}" for v in VERDICTS)
    lines = [title, head] if title else [head]
    for group, row in tally(results).items():
        counts, fractions = row["counts"], row["fractions"]
        cells = "".join(f"{f'{counts[v]} ({100 * fractions[v]:.0f}%)':>13}" for v in VERDICTS)
        lines.append(f"{group:24} {row['n']:>3}{cells}")
    for group, row in tally(results).items():
        named = row["counts"]["named"]
        lines.append(f"  {group}: of the {named} named, {row['named_by_a_claim']} by a right "
                     f"claim, {named - row['named_by_a_claim']} by another line only")
    return "\n".join(lines)


def format_rows(results: Sequence[Measured]) -> str:
    return "\n".join(
        f"{r.verdict:10} {r.part:11} {r.name:42} {r.evidence[:100]}" for r in results
    )


def wrong_claims(results: Sequence[Measured]) -> dict[str, list[str]]:
    """Each wrong claim, with the mistakes it was made on, most frequent first."""
    seen: dict[str, list[str]] = {}
    for r in results:
        for claim in r.wrong:
            seen.setdefault(claim, []).append(r.name)
    return dict(sorted(seen.items(), key=lambda kv: -len(kv[1])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these mistakes")
    parser.add_argument("--half", choices=HALVES, default="tuning")
    parser.add_argument("--source", choices=SOURCES, default="visible")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mnist", help="MNIST_DIR for the grader (default: none, digits)")
    parser.add_argument("--json", help="write every measurement to this file")
    parser.add_argument(
        "--workdir", type=Path,
        help="grader: keep the graded batches here; a rerun with the same folder only "
        "reclassifies the parts graded there (use a fresh one after changing any code)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    results = measure(args.half, args.source, args.jobs, args.names, args.mnist, args.workdir)
    print(format_rows(results))
    print()
    print(format_table(results, f"{args.half} half, {args.source} feedback:"))
    claims = wrong_claims(results)
    if claims:
        print("\nwrong claims, most frequent first:")
        for claim, names in claims.items():
            print(f"  {len(names):2}x {claim[:100]}  ({', '.join(names)[:120]})")
    if args.json:
        payload = {"half": args.half, "source": args.source, "table": tally(results),
                   "wrong_claims": claims, "results": [asdict(r) for r in results]}
        Path(args.json).write_text(json.dumps(payload, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
