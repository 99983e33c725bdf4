"""Evidence for feedback: a learner's function run on probes, read against known mistakes.

    from coursekit.evidence import evidence
    assert_close(dx, expected, what="dx", evidence=evidence(impl, "conv.conv_backward", "dx"))

When the check fails, the witness runs the learner's code on the subject's probes (once
per session and subject: the reading is kept) and its `lines()` open the failure message:

    likely mistake: <a known mistake, said only if the output agrees with it on every
                    probe and at least two probes set it apart from the right result>
    evidence: <on which probes the output is wrong, and the feature they share; the other
              outputs' state; what the wrong values are, where that holds on every probe>

With no probe wrong, the lines say so and give this output's facts. The subjects and
probes are in the <part>_cases modules; the known mistakes' results on them in
stages/s13_cnn/<part>/evidence.npz (see coursekit/evidence/store.py). The visible and
the hidden suites ask the same witness, so the same code gets the same words everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.evidence import (
    conv_cases,
    exercises_cases,
    im2col_cases,
    lenet_cases,
    lenet_paper_cases,
    lenet_torch_cases,
    padding_cases,
    pooling_cases,
)
from coursekit.evidence.describe import describe
from coursekit.evidence.draws import draws
from coursekit.evidence.judge import Reading, read
from coursekit.evidence.meanings import meanings
from coursekit.evidence.over_time import over_time
from coursekit.evidence.store import Evidence, load
from coursekit.evidence.subject import Subject, outcomes
from coursekit.relations import facts

__all__ = ["SUBJECTS", "Witness", "evidence", "expect", "fail", "subject"]

SUBJECTS: dict[str, Subject] = {
    s.key: s
    for module in (padding_cases, im2col_cases, conv_cases, pooling_cases, lenet_cases,
                   lenet_torch_cases, lenet_paper_cases, exercises_cases)
    for s in module.SUBJECTS
}  # fmt: skip
_READ: dict[tuple[int, str], tuple[object, dict, Evidence]] = {}


def subject(key: str) -> Subject:
    if key not in SUBJECTS:
        raise KeyError(f"no subject {key!r}; subjects: {', '.join(SUBJECTS)}")
    return SUBJECTS[key]


def examine(impl, key: str) -> tuple[dict, Evidence]:
    """({probe: {output: outcome}} of impl, the stored evidence), read once per impl."""
    if (id(impl), key) not in _READ:
        s = subject(key)
        learner = {p.name: outcomes(s, impl, p) for p in s.probes}
        _READ[(id(impl), key)] = (impl, learner, load(s))  # impl kept: its id stays its own
    _, learner, stored = _READ[(id(impl), key)]
    return learner, stored


def _other_side(feature: str) -> str:
    """ "with pad > 0" -> "without pad > 0", and back."""
    return f"without {feature[5:]}" if feature.startswith("with ") else f"with {feature[8:]}"


def _others(s: Subject, readings: dict[str, Reading], output: str) -> str:
    rest = [o for o in s.outputs if o != output]
    wrong = [f"{o} on {len(readings[o].wrong)}" for o in rest if readings[o].wrong]
    if not rest:
        return ""
    if not wrong:
        return f"; {rest[0] if len(rest) == 1 else 'the other outputs'} right on all"
    return f"; {', '.join(wrong)} wrong too"


@dataclass
class Witness:
    impl: object
    key: str
    output: str | None = None

    def said(self) -> str:
        """The lines, each on an indented line of its own, to follow a message."""
        return "".join(f"\n  {line}" for line in self.lines())

    def lines(self, got=None, expected=None) -> list[str]:
        """The lines that open a failure message (claim first, then evidence)."""
        s = subject(self.key)
        output = self.output or s.outputs[0]
        learner, stored = examine(self.impl, self.key)
        readings = {o: read(s, learner, stored, o) for o in s.outputs}
        r = readings[output]
        n = len(s.probes)
        found = []
        if r.named:
            found.append(f"likely mistake: {stored.names[r.named]} (it agrees with your "
                         f"{s.title} on all {n} probes; {r.support} of them set it apart "
                         "from the right answer)")
        if not r.wrong:
            found.append(f"evidence: {output} is right on all {n} probes of {s.title}: the "
                         "mistake shows only on inputs like this test's")
            if got is not None and expected is not None:
                found += [f"evidence: {f}" for f in facts(got, expected,
                                                          s.layouts.get(output, "NHWC"))]
            return found
        where = {"every": " (every probe)", "": ""}.get(r.feature, f": exactly those {r.feature}")
        if r.feature.startswith("only "):
            where = f": all of them {r.feature[5:]} (none {_other_side(r.feature[5:])})"
        if r.feature == "":
            labels = [s.probe(p).label for p in r.wrong[:2]]
            where = f" ({'; '.join(labels)}{'; ...' if len(r.wrong) > 2 else ''})"
        found.append(f"evidence: on {n} probes of {s.title}, {output} is wrong on "
                     f"{len(r.wrong)}{where}{_others(s, readings, output)}")
        found += [f"evidence: {d}" for d in describe(s, learner, stored, r)]
        found += [f"evidence: {d}" for d in draws(s, learner, stored, r)]
        found += [f"evidence: {d}" for d in over_time(s, learner, stored, readings, output)]
        found += [f"evidence: {d}" for d in meanings(s, learner, stored, readings, output)]
        return found


def evidence(impl, key: str, output: str | None = None) -> Witness:
    """The witness for one output of a subject ("conv.conv_backward", "dx")."""
    subject(key)
    return Witness(impl, key, output)


def fail(message: str, witness: Witness) -> None:
    """Raise an AssertionError: message, then the witness's lines."""
    __tracebackhide__ = True
    raise AssertionError(message + witness.said())


def expect(ok: bool, message: str, witness: Witness) -> None:
    """Fails with message and the witness's lines, unless ok."""
    __tracebackhide__ = True
    if not ok:
        fail(message, witness)
