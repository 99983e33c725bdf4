"""Writes the evidence files: every subject's probes run on the reference and on each
tuning mistake that says what it is (a `DIAGNOSIS = "..."` line), stored in
stages/s13_cnn/<part>/evidence.npz (format: coursekit/evidence/store.py).

    uv run python tests/mistakes/variants.py            # rewrite every part's file
    uv run python tests/mistakes/variants.py --check    # exit 1 if one is stale

The tuning mistakes are the variants the feedback can name: a mistake is named when a
learner's output agrees with it on every probe (coursekit/evidence/judge.py). Each runs
as the grader would run it, a mutant of the reference (catalog.build_submission), loaded
here under a private package name. Only the tuning half is read: the validation half
never shapes what the feedback says (tests/mistakes/validation/FROZEN).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from coursekit.course import NAMES  # noqa: E402
from coursekit.evidence import SUBJECTS  # noqa: E402
from coursekit.evidence.observed import same  # noqa: E402
from coursekit.evidence.store import WHOLE_REFERENCE, WHOLE_VARIANT, encode, evidence_file  # noqa: E402
from coursekit.evidence.subject import Subject, outcomes  # noqa: E402
from coursekit.seam import load_as  # noqa: E402
from mistakes.catalog import Mistake, build_reference, build_submission, load_catalog  # noqa: E402


def diagnosed(part: str) -> list[Mistake]:
    """The tuning mistakes of a part that say what they are (DIAGNOSIS)."""
    return [m for m in load_catalog() if m.part == part and "DIAGNOSIS" in m.meta]


def load_mutant(mistake: Mistake | None, workdir: Path) -> SimpleNamespace:
    """The reference (mistake None) or a mutant, imported as a package of its own. The
    mistake's absolute `s13_cnn.` imports are pointed at that package."""
    name = f"_s13_variant_{mistake.name if mistake else 'reference'}"
    if name in sys.modules:
        return load_as(workdir / name, name)
    root = build_submission(mistake, workdir) if mistake else build_reference(workdir)
    if mistake:
        module = root / "s13_cnn" / mistake.module
        text = module.read_text(encoding="utf-8")
        head, sep, tail = text.partition(f"# ---- mistake {mistake.name}")
        module.write_text(head + sep + re.sub(r"\bs13_cnn\.", f"{name}.", tail), "utf-8")
    root.rename(workdir / name)
    return load_as(workdir / name, name)


def _store(subject: Subject, ref, mutants: dict[str, SimpleNamespace]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    right = {p.name: outcomes(subject, ref, p) for p in subject.probes}
    for p in subject.probes:
        for o in subject.outputs:
            out |= encode(f"{subject.key}|{p.name}|{o}", right[p.name][o], WHOLE_REFERENCE)
        if subject.regions is not None:
            for o, maps in subject.regions(ref, p).items():
                for region, where in maps.items():
                    out[f"{subject.key}|{p.name}|{o}@{region}"] = np.asarray(where)
    for name, mutant in mutants.items():
        found = {p.name: outcomes(subject, mutant, p) for p in subject.probes}
        differs = {(p, o): found[p][o] for p in found for o in subject.outputs
                   if not same(found[p][o], right[p][o], subject.rtol, subject.atol)}
        if not differs:
            continue
        for (p, o), v in differs.items():
            out |= encode(f"{subject.key}|{p}|{o}|{name}", v, WHOLE_VARIANT)
        out[f"{subject.key}||name|{name}"] = np.array(_diagnosis(name))
    return out


def _diagnosis(name: str) -> str:
    return next(str(m.meta["DIAGNOSIS"]) for m in load_catalog() if m.name == name)


def compute(part: str, workdir: Path) -> dict[str, np.ndarray]:
    ref = load_mutant(None, workdir)
    mutants = {m.name: load_mutant(m, workdir) for m in diagnosed(part)}
    out: dict[str, np.ndarray] = {}
    for subject in SUBJECTS.values():
        if subject.part == part:
            out |= _store(subject, ref, mutants)
    return out


def _close(a: np.ndarray, b: np.ndarray, subject: Subject) -> bool:
    """Equal within the subject's tolerance, scaled to the array (a fingerprint's sums, a
    training run's losses: torch's float sums differ in their last bits from run to run)."""
    scale = float(np.max(np.abs(a), initial=0.0, where=np.isfinite(a)))
    return bool(np.allclose(a, b, rtol=subject.rtol, atol=subject.atol + subject.rtol * scale,
                            equal_nan=True))


def stale(part: str, fresh: dict[str, np.ndarray]) -> list[str]:
    path = evidence_file(part)
    if not path.is_file():
        return [f"{path} is missing"]
    with np.load(path, allow_pickle=False) as stored:
        keys = set(stored.files)
        problems = [f"{part}: {k} missing" for k in sorted(set(fresh) - keys)]
        problems += [f"{part}: {k} no longer computed" for k in sorted(keys - set(fresh))]
        for k in sorted(set(fresh) & keys):
            a, b = stored[k], fresh[k]
            if a.dtype.kind in "US" or b.dtype.kind in "US":
                if str(a) != str(b):
                    problems.append(f"{part}: {k} differs")
            elif a.shape != b.shape or not _close(a, b, SUBJECTS[k.split("|")[0]]):
                problems.append(f"{part}: {k} differs")
    return problems


def parts_with_subjects() -> list[str]:
    return [p for p in NAMES if any(s.part == p for s in SUBJECTS.values())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help="only these parts")
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.parts or parts_with_subjects():
            fresh = compute(part, Path(tmp))
            if args.check:
                problems += stale(part, fresh)
                continue
            np.savez_compressed(evidence_file(part), **fresh)
            print(f"wrote {evidence_file(part)} ({len(fresh)} arrays)")
    if args.check:
        print("\n".join(problems) or "evidence files are current")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
