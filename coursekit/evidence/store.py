"""The evidence files, stages/s13_cnn/<part>/evidence.npz: per subject and probe, the
reference's outcome of every output and each known mistake's where it differs.

Written by `uv run python tests/mistakes/variants.py` (the known mistakes are the tuning
half of the mistake catalog, each run through the same `Subject.run` as the learner's
code), checked current by tests/mistakes/test_variants.py. A visible test may read them:
they hold results, never code that computes them.

Keys: "<subject>|<probe>|<output>" the reference's outcome, "...|<output>|<mistake>" a
mistake's, "<subject>||name|<mistake>" what the feedback calls it, and
"<subject>|<probe>|<output>@<region>" a map of the output's positions (the pixels in two
windows or more, say) that the feedback may say a mistake is confined to. An array is
stored whole, or as a fingerprint under "<key>#print" when big; a raise as "<key>#raised".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from coursekit.evidence.observed import Outcome, Print, Raised, fingerprint
from coursekit.seam import PROJECT_ROOT

STAGE = PROJECT_ROOT / "stages" / "s13_cnn"
WHOLE_REFERENCE = 4096  # reference arrays up to this size are kept whole (to describe)
WHOLE_VARIANT = 64  # a mistake's arrays up to this size whole, bigger as fingerprints


def evidence_file(part: str, stage: Path | None = None) -> Path:
    return (stage or STAGE) / part / "evidence.npz"


def encode(key: str, outcome: Outcome, whole: int) -> dict[str, np.ndarray]:
    if isinstance(outcome, Raised):
        return {f"{key}#raised": np.array(outcome.name)}
    if isinstance(outcome, Print):
        return {f"{key}#print": outcome.encode()}
    if outcome.size > whole:
        return {f"{key}#print": fingerprint(outcome).encode()}
    return {key: np.asarray(outcome, dtype=np.float64)}


def _decode(stored: dict[str, np.ndarray], key: str) -> Outcome | None:
    if key in stored:
        return stored[key]
    if f"{key}#raised" in stored:
        return Raised(str(stored[f"{key}#raised"]))
    if f"{key}#print" in stored:
        return Print.decode(stored[f"{key}#print"])
    return None


@dataclass
class Evidence:
    """One subject's stored evidence."""

    reference: dict[tuple[str, str], Outcome]  # (probe, output) -> outcome
    variants: dict[str, dict[tuple[str, str], Outcome]]  # mistake -> where it differs
    names: dict[str, str] = field(default_factory=dict)  # mistake -> what it is called
    regions: dict[tuple[str, str], dict[str, np.ndarray]] = field(default_factory=dict)

    def of(self, mistake: str, probe: str, output: str) -> Outcome:
        """A mistake's outcome: stored where it differs, else the reference's."""
        return self.variants[mistake].get((probe, output), self.reference[(probe, output)])


@cache
def _read(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the evidence the feedback names "
                                "mistakes by (uv run python tests/mistakes/variants.py)")
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def load(subject, stage: Path | None = None) -> Evidence:
    """The stored evidence of a Subject."""
    stored = _read(evidence_file(subject.part, stage))
    prefix = f"{subject.key}|"
    mistakes = sorted({k.split("#")[0].split("|")[3] for k in stored
                       if k.startswith(prefix) and k.split("#")[0].count("|") == 3})  # fmt: skip
    reference, variants, regions = {}, {m: {} for m in mistakes}, {}
    for p in subject.probes:
        for o in subject.outputs:
            found = _decode(stored, f"{prefix}{p.name}|{o}")
            if found is None:
                raise KeyError(f"{evidence_file(subject.part, stage)} has no {subject.key} "
                               f"{p.name} {o}: regenerate it (tests/mistakes/variants.py)")
            reference[(p.name, o)] = found
            at = f"{prefix}{p.name}|{o}@"
            evidence_regions = {k[len(at):]: v for k, v in stored.items() if k.startswith(at)}
            if evidence_regions:
                regions[(p.name, o)] = evidence_regions
            for m in mistakes:
                v = _decode(stored, f"{prefix}{p.name}|{o}|{m}")
                if v is not None:
                    variants[m][(p.name, o)] = v
    names = {m: str(stored[f"{prefix}|name|{m}"]) for m in mistakes}
    return Evidence(reference, variants, names, regions)
