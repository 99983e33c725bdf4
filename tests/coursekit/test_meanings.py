"""What a pattern of wrong probes singles out (coursekit/evidence/meanings.py): a feature's
meaning only when the wrong probes are exactly those with it, never beside a named mistake;
a network's layer boundary only when the gradients are right above it and wrong below."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coursekit.evidence import subject
from coursekit.evidence.judge import Reading
from coursekit.evidence.meanings import MEANINGS, chain, meanings
from coursekit.evidence.store import Evidence

CONV = subject("conv.conv_backward")
EXERCISES_README = Path(__file__).resolve().parents[2] / "stages/s13_cnn/exercises/README.md"
LENET = subject("lenet.LeNet5.backward")


def _reading(output, wrong=("g1",), feature="", named=None) -> Reading:
    return Reading(output, 9, tuple(wrong), named, 2 if named else 0, feature)


def _all(s, wrong_outputs) -> dict[str, Reading]:
    return {o: _reading(o, ("m0",) if o in wrong_outputs else ()) for o in s.outputs}


def test_a_feature_is_explained_only_when_the_wrong_probes_are_exactly_those_with_it():
    stride = next(m for m in MEANINGS if m.feature == "with stride > 1" and "conv" in m.subjects[2])
    assert stride.holds(CONV, _reading("dx", feature="with stride > 1"), [])
    assert not stride.holds(CONV, _reading("dx", feature="without stride > 1"), [])
    assert not stride.holds(CONV, _reading("dx", feature=""), [])
    assert not stride.holds(CONV, _reading("dx", feature="with stride > 1", named="x"), [])
    assert not stride.holds(subject("lenet.train"), _reading("epoch losses",
                                                           feature="with stride > 1"), [])


def test_a_relation_condition_needs_the_shared_relation():
    loss = subject("lenet.softmax_cross_entropy")
    overflow = next(m for m in MEANINGS if m.relation == "NaN or inf")
    r = _reading("loss", feature="with large logits")
    assert overflow.holds(loss, r, ["NaN or inf where the right values are finite"])
    assert not overflow.holds(loss, r, ["the right values times 2"])


def test_meanings_are_not_said_for_a_named_or_a_right_output():
    ev = Evidence({}, {})
    named = {o: _reading(o, feature="with stride > 1", named="m") for o in CONV.outputs}
    assert meanings(CONV, {}, ev, named, "dx") == []
    right = {o: _reading(o, wrong=()) for o in CONV.outputs}
    assert meanings(CONV, {}, ev, right, "dx") == []


def test_the_layer_boundary_is_said_when_the_gradients_go_wrong_below_a_layer():
    low = [o for o in LENET.outputs if o[:2] in ("c1", "c3", "c5")]
    said = chain(LENET, _all(LENET, low))
    assert said is not None and "between C5 and F6" in said
    assert chain(LENET, _all(LENET, ["c1.w", "c1.b"])) is not None  # right from C3 up
    assert chain(LENET, _all(LENET, ["c3.w"])) is None  # C1 right below a wrong layer
    assert chain(LENET, _all(LENET, [o for o in LENET.outputs if "." in o])) is None  # all
    assert chain(LENET, _all(LENET, [])) is None
    assert chain(CONV, _all(CONV, ["dx"])) is None  # not a network


def test_every_meaning_names_existing_subjects_and_features():
    from coursekit.evidence import SUBJECTS

    for m in MEANINGS:
        group = [SUBJECTS[key] for key in m.subjects]
        if m.feature:
            name = m.feature.removeprefix("without ").removeprefix("with ")
            assert any(name in s.features for s in group), m
        if m.outputs != ("*",):
            assert any(set(m.outputs) & set(s.outputs) for s in group), m
    assert np.all([m.says for m in MEANINGS])


def test_a_constant_per_filter_on_a_forward_output_singles_out_the_bias():
    bias = next(m for m in MEANINGS if m.says.startswith("the bias"))
    naive = subject("conv.conv_forward_naive")
    r = _reading("out", wrong=("g0", "g1"), feature="every")
    assert bias.holds(naive, r, ["the right values plus one constant per channel (last axis)"])
    assert not bias.holds(naive, r, ["the right values times 2"])
    assert not bias.holds(CONV, _reading("dx"), ["the right values plus one constant per channel"])


def test_the_receptive_field_is_explained_in_the_readmes_notation():
    rf = subject("exercises.receptive_field")
    strided = _reading("size", feature="with stride > 1")
    says = [m.says for m in MEANINGS if m.holds(rf, strided, [])]
    assert says and "(k - 1) * jump" in says[0]
    readme = EXERCISES_README.read_text(encoding="utf-8")
    assert "(k - 1) * jump" in readme and "((k - 1) / 2 - p) * jump" in readme
