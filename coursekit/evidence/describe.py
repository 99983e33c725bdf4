"""What a wrong output is across the probes where it is wrong: only what holds on each.

The phrases come from coursekit.relations, probe by probe; a phrase is said only
when it holds on every wrong probe (a factor of 4 on one probe and 2 on another is no
pattern, unless both are the probe's window size, say). Shapes and raises are said with
one example.
"""

from __future__ import annotations

import numpy as np

from coursekit.evidence.judge import Reading
from coursekit.evidence.observed import Print, Raised, fingerprint
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Subject
from coursekit.relations import axes_facts, relations, shape_facts


def _print_relations(got: np.ndarray, right: Print, scales: dict) -> list[str]:
    """The few facts a fingerprint can support: zeros, a factor."""
    if got.shape != right.shape or right.norm == 0:
        return []
    if not np.any(got):
        return ["all zeros"]
    mine = fingerprint(got)
    k = float(np.vdot(mine.projections, right.projections) / np.vdot(right.projections,
                                                                     right.projections))
    if not np.allclose(mine.projections, k * right.projections, rtol=1e-6,
                       atol=1e-9 * right.norm) or np.isclose(k, 1):  # fmt: skip
        return []
    probe_fake = np.array([1.0, 2.0])  # relations of k * e with e: the factor phrases
    return relations(k * probe_fake, probe_fake, layout="vector", scales=scales)


def common(phrase_sets: list[list[str]]) -> list[str]:
    """The phrases found on every probe, in the first probe's order."""
    if not phrase_sets:
        return []
    return [p for p in phrase_sets[0] if all(p in s for s in phrase_sets[1:])]


def _sorted(subject: Subject, learner, evidence: Evidence, reading: Reading):
    """The wrong probes of reading's output: ({probe: exception} where it raised, [(probe,
    got shape, right shape)] where the shape is wrong, [phrases] for each other probe)."""
    o = reading.output
    layout = subject.layouts.get(o, "NHWC")
    raised, shaped, valued = {}, [], []
    for name in reading.wrong:
        got, right = learner[name][o], evidence.reference[(name, o)]
        if isinstance(got, Raised):
            raised[name] = got.name
        elif isinstance(right, Raised):
            valued.append(["returns where the right call raises"])
        elif got.shape != right.shape:
            shaped.append((name, got.shape, right.shape))
        else:
            scales = dict(subject.probe(name).scales)
            if isinstance(right, Print):
                valued.append(_print_relations(got, right, scales))
            else:
                regions = evidence.regions.get((name, o), {})
                valued.append(relations(got, right, layout=layout, scales=scales,
                                        regions=regions, rtol=subject.rtol, atol=subject.atol))
    return raised, shaped, valued


def shared(subject: Subject, learner, evidence: Evidence, reading: Reading) -> list[str]:
    """The phrases that hold on every wrong probe (none when one raised or is misshapen)."""
    raised, shaped, valued = _sorted(subject, learner, evidence, reading)
    return common(valued) if valued and not raised and not shaped else []


def describe(subject: Subject, learner, evidence: Evidence, reading: Reading) -> list[str]:
    """Sentences (no "likely mistake") about how reading's output is wrong."""
    o, layout = reading.output, subject.layouts.get(reading.output, "NHWC")
    raised, shaped, valued = _sorted(subject, learner, evidence, reading)
    said = []
    if raised:
        kinds = sorted(set(raised.values()))
        said.append(f"it raised {' or '.join(kinds)} on {len(raised)} of them")
    if shaped:
        name, got, right = shaped[0]
        facts = common([axes_facts(learner[n][o], evidence.reference[(n, o)],
                                   subject.rtol, subject.atol, layout)
                        if isinstance(evidence.reference[(n, o)], np.ndarray) else []
                        for n, _, _ in shaped])  # fmt: skip
        facts = facts or common([shape_facts(g, r, layout) for _, g, r in shaped])
        said.append(f"wrong shape on {len(shaped)} of them, e.g. {got} where {right} is right"
                    f" ({subject.probe(name).label})" + (f": {facts[0]}" if facts else ""))
    if valued and not raised and not shaped:
        found = common(valued)
        if found:
            said.append(f"where it is wrong, {o} is {found[0]}")
    return said
