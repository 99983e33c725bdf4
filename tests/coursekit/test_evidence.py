"""coursekit.evidence names a known mistake only when the learner's code agrees with it on
every probe, says how sure, and otherwise says on which probes an output is wrong; its
lines open the failure message of coursekit.checks."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from mistakes.catalog import load_catalog
from mistakes.variants import load_mutant
from trees import ROOT

from coursekit.checks import assert_close
from coursekit.evidence import SUBJECTS, evidence, examine
from coursekit.evidence.judge import feature_of, named, read
from coursekit.evidence.observed import Raised
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Probe, Subject

MISTAKES = {m.name: m for m in load_catalog()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The reference and a mutant, loaded as packages of their own, by name."""
    where = tmp_path_factory.mktemp("mutants")
    return lambda name: load_mutant(MISTAKES[name] if name else None, where)


def lines(impl, key, output):
    return evidence(impl, key, output).lines()


def test_a_mistake_is_named_with_how_sure_and_where_it_shows(built):
    mutant = built("conv_backward_ignores_stride")
    dx = lines(mutant, "conv.conv_backward", "dx")
    diagnosis = MISTAKES["conv_backward_ignores_stride"].meta["DIAGNOSIS"]
    assert dx[0].startswith(f"likely mistake: {diagnosis} (it agrees with your conv_backward on "
                            "all 9 probes")  # fmt: skip
    assert "dx is wrong on 5: exactly those with stride > 1; the other outputs right" in dx[1]
    dw = lines(mutant, "conv.conv_backward", "dw")
    assert not any("likely mistake" in line for line in dw)
    assert "dw is right on all 9 probes" in dw[0]


def test_a_gradient_error_says_which_probes_share_it(built):
    found = lines(built("conv_bias_grad_averaged"), "conv.conv_backward", "db")
    assert "exactly those with N > 1" in found[1]
    assert any("divided by N" in line for line in found[2:])


def test_the_reference_is_wrong_on_no_probe(built):
    ref = built(None)
    for key, s in SUBJECTS.items():
        if s.part in ("padding", "im2col", "conv", "pooling"):
            learner, stored = examine(ref, key)
            assert not [o for o in s.outputs if read(s, learner, stored, o).wrong], key


def _subject(n_probes: int) -> Subject:
    probes = tuple(Probe(f"p{i}", f"probe {i}", frozenset({"odd"} if i % 2 else set()))
                   for i in range(n_probes))  # fmt: skip
    return Subject("part.f", "f", ("out",), probes, lambda impl, p: {}, ("odd",))


def _evidence(variants: dict[str, list[float]]) -> Evidence:
    """Right answer 0.0 on every probe; variants give their values where they differ."""
    reference = {(f"p{i}", "out"): np.array([0.0]) for i in range(4)}
    stored = {m: {(f"p{i}", "out"): np.array([v]) for i, v in enumerate(vs) if v != 0.0}
              for m, vs in variants.items()}  # fmt: skip
    return Evidence(reference, stored, {m: m for m in variants})


def _learner(values: list[float]) -> dict:
    return {f"p{i}": {"out": np.array([v])} for i, v in enumerate(values)}


def test_a_mistake_is_named_only_when_it_agrees_on_every_probe():
    s, ev = _subject(4), _evidence({"doubled": [0, 2, 0, 2], "other": [0, 3, 0, 3]})
    assert named(_learner([0, 2, 0, 2]), ev, s, "out") == ("doubled", 2)
    assert named(_learner([0, 2, 0, 3]), ev, s, "out") == (None, 0)


def test_two_mistakes_the_probes_cannot_tell_apart_name_neither():
    s, ev = _subject(4), _evidence({"a": [0, 2, 0, 2], "b": [0, 2, 0, 2]})
    assert named(_learner([0, 2, 0, 2]), ev, s, "out") == (None, 0)


def test_one_probe_that_sets_a_mistake_apart_is_not_enough():
    s, ev = _subject(4), _evidence({"once": [0, 0, 0, 5]})
    assert named(_learner([0, 0, 0, 5]), ev, s, "out") == (None, 0)
    reading = read(s, _learner([0, 0, 0, 5]), ev, "out")
    assert reading.wrong == ("p3",) and reading.named is None


def test_raising_names_a_mistake_by_where_it_raises_never_by_raising_everywhere():
    s, ev = _subject(4), _evidence({})
    always = {(f"p{i}", "out"): Raised("ValueError") for i in range(4)}
    odd = {(f"p{i}", "out"): Raised("ValueError") for i in (1, 3)}
    ev = Evidence(ev.reference, {"always": always, "odd": odd}, {"always": "a", "odd": "o"})
    learner = {f"p{i}": {"out": Raised("ValueError")} for i in range(4)}
    assert named(learner, ev, s, "out") == (None, 0)
    assert read(s, learner, ev, "out").wrong == ("p0", "p1", "p2", "p3")
    on_odd = {f"p{i}": {"out": Raised("ValueError") if i % 2 else np.array([0.0])}
              for i in range(4)}  # fmt: skip
    assert named(on_odd, ev, s, "out") == ("odd", 2)


def test_a_feature_the_error_needs_is_said_when_most_probes_with_it_are_wrong():
    probes = tuple(Probe(f"p{i}", f"probe {i}", frozenset({"pad"} if i < 3 else set()))
                   for i in range(6))  # fmt: skip
    s = Subject("part.f", "f", ("out",), probes, lambda impl, p: {}, ("pad",))
    assert feature_of(s, {"p0", "p1"}) == "only with pad"  # p2 right by chance
    assert feature_of(s, {"p0"}) == ""  # one probe: no pattern
    assert feature_of(s, {"p0", "p1", "p2"}) == "with pad"
    assert feature_of(s, {"p0", "p4"}) == ""


def test_the_wrong_probes_feature_is_said_only_when_they_all_share_it():
    s, ev = _subject(4), _evidence({})
    assert read(s, _learner([0, 1, 0, 1]), ev, "out").feature == "with odd"
    assert read(s, _learner([1, 0, 1, 0]), ev, "out").feature == "without odd"
    assert read(s, _learner([0, 1, 1, 0]), ev, "out").feature == ""


class _Witness:
    def lines(self, got=None, expected=None):
        return ["likely mistake: the one the probes show", "evidence: wrong on 2 of 4"]


def test_the_evidence_opens_the_message_and_replaces_the_guesses():
    x = np.arange(1.0, 17.0).reshape(1, 4, 4, 1)
    with pytest.raises(AssertionError) as failed:
        assert_close(2 * x, x, what="out", evidence=_Witness())
    text = str(failed.value).splitlines()
    assert text[0] == "out: values differ from the expected ones"
    assert text[1:3] == ["  likely mistake: the one the probes show", "  evidence: wrong on 2 of 4"]
    assert "2 * expected" not in str(failed.value)  # the old factor guess is not added


@pytest.mark.slow  # runs every tuning mistake on every probe (about a minute)
def test_the_evidence_files_are_current():
    proc = subprocess.run([sys.executable, "tests/mistakes/variants.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
