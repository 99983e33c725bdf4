"""Exercises: receptive_field, xavier_init, he_init and activation_study.

Run just this part:   uv run pytest stages/s13_cnn/exercises      (or: -m exercises)
The tests climb a ladder: receptive fields worked out by hand (LeNet-5's, strided and
padded stacks), then the statistics of the initialisations, then what the study must
show. Fix the first failing rung first.
"""

import numpy as np
import pytest

from coursekit.anchors import INIT_SEEDED
from coursekit.checks import assert_close, assert_shape
from coursekit.evidence import evidence, expect
from coursekit.expected import lookup

pytestmark = pytest.mark.exercises

LENET = [(5, 1, 2), (2, 2, 0), (5, 1, 0), (2, 2, 0), (5, 1, 0)]  # C1 S2 C3 S4 C5


def assert_field(impl, got, expected, what):
    assert isinstance(got, tuple) and len(got) == 3, (
        f"{what}: expected a tuple (size, jump, start), got {type(got).__name__} {got!r}"
    )
    for name, g, e in zip(("size", "jump", "start"), got, expected, strict=True):
        assert_close(g, e, what=f"{what}: {name}", rtol=1e-9, atol=1e-9,
                     evidence=evidence(impl, "exercises.receptive_field", name))


def assert_value_error(impl, layers):
    try:
        got = impl.receptive_field.receptive_field(layers)
    except ValueError:
        return
    lines = evidence(impl, "exercises.receptive_field_errors", "raises ValueError").lines()
    raise AssertionError("\n".join([
        f"receptive_field({layers}) must raise ValueError (kernel < 1, stride < 1 or pad < 0)"
        f"; it returned {got!r}", *(f"  {line}" for line in lines)]))


# Rung 1: receptive fields by hand ---------------------------------------------------------

# after C1: 5 pixels, centred on pixel 0 (the padding of 2 puts its field at -2..2);
# S2 averages two C1 units 1 apart: 6 pixels, centre 0.5, units 2 apart; C3 spans 5 S2
# units 2 apart: 6 + 4*2 = 14; S4: 14 + 1*2 = 16, jump 4; C5: 16 + 4*4 = 32, centre 13.5,
# the middle of the 28-pixel image: one C5 unit sees all of it and the padding around.
LENET_FIELDS = [(5, 1, 0.0), (6, 2, 0.5), (14, 2, 4.5), (16, 4, 5.5), (32, 4, 13.5)]


@pytest.mark.parametrize("depth", range(1, 6), ids=["C1", "S2", "C3", "S4", "C5"])
def test_receptive_field_of_lenet(impl, depth):
    """LeNet-5's fields: C1 5, S2 6, C3 14, S4 16, C5 32 pixels."""
    got = impl.receptive_field.receptive_field(LENET[:depth])
    what = f"receptive_field(LeNet-5 up to layer {depth})"
    assert_field(impl, got, LENET_FIELDS[depth - 1], what)


@pytest.mark.parametrize(
    "layers, expected",
    [
        ([], (1, 1, 0.0)),  # the input pixel itself
        ([(3, 1, 0)], (3, 1, 1.0)),  # pixels 0, 1, 2: centre 1
        ([(3, 1, 1)], (3, 1, 0.0)),  # padded by 1: pixels -1, 0, 1
        ([(3, 2, 0), (3, 2, 0)], (7, 4, 3.0)),  # 3 + 2*2; centres 1, then 1 + 1*2
        ([(2, 2, 0)] * 3, (8, 8, 3.5)),  # three 2x2 pools: 8 pixels, 8 apart
        ([(7, 2, 3), (3, 2, 1)], (11, 4, 0.0)),  # a ResNet stem: 7 + 2*2, padded to centre 0
        ([(1, 3, 0), (3, 1, 0)], (7, 3, 3.0)),  # a 1x1 at stride 3, then 3 units 3 apart
    ],
)
def test_receptive_field_hand_cases(impl, layers, expected):
    """Strided and padded stacks: size += (k - 1) * jump, jump *= s, the centre moves."""
    got = impl.receptive_field.receptive_field(layers)
    assert_field(impl, got, expected, f"receptive_field({layers})")


@pytest.mark.parametrize("layer", [(0, 1, 0), (3, 0, 0), (3, 1, -1)])
def test_receptive_field_rejects_bad_layers(impl, layer):
    """kernel < 1, stride < 1 or pad < 0 is a ValueError."""
    assert_field(impl, impl.receptive_field.receptive_field([(3, 1, 0)]), (3, 1, 1.0),
                 "valid call")
    assert_value_error(impl, [(3, 1, 0), layer])


# Rung 2: the initialisations -------------------------------------------------------------

# (shape, Xavier's std sqrt(2 / (fan_in + fan_out)), He's std sqrt(2 / fan_in)), by hand
SHAPES = [
    ((300, 200), 0.0632456, 0.0816497),  # dense: fans 300 and 200
    ((3, 3, 64, 128), 0.0340207, 0.0589256),  # conv: fans 3*3*64 = 576 and 3*3*128 = 1152
]


@pytest.mark.parametrize("name", ["xavier_init", "he_init"])
@pytest.mark.parametrize("shape, xavier_std, he_std", SHAPES, ids=["dense", "conv"])
def test_init_statistics(impl, name, shape, xavier_std, he_std):
    """Zero mean and the documented std, in the requested shape and dtype."""
    w = getattr(impl.initialisation, name)(shape, rng=0, dtype=np.float32)
    assert_shape(w, shape, f"{name}({shape})")
    expect(getattr(w, "dtype", None) == np.float32,
           f"{name}({shape}, dtype=np.float32): dtype {getattr(w, 'dtype', None)}, expected "
           "float32", evidence(impl, "exercises.init", "float32 kept"))
    std = xavier_std if name == "xavier_init" else he_std
    assert abs(w.mean()) < 0.03 * std, f"{name}({shape}): mean {w.mean():.4g}, expected about 0"
    assert abs(w.std() / std - 1) < 0.03, (
        f"{name}({shape}): std {w.std():.5g}, expected {std:.5g} "
        + ("(sqrt(2 / (fan_in + fan_out)))" if name == "xavier_init" else "(sqrt(2 / fan_in))")
    )


@pytest.mark.parametrize("name", ["xavier_init", "he_init"])
def test_init_is_seeded(impl, name):
    """The same rng, the same weights (the stored ones); another rng, other weights."""
    f = getattr(impl.initialisation, name)
    shape, seed = INIT_SEEDED  # (20, 30), 1
    a, b, c = f(shape, rng=seed), f(shape, rng=seed), f(shape, rng=seed + 1)
    assert_close(a, lookup("exercises", name, "w"), what=f"{name}({shape}, rng={seed})",
                 evidence=evidence(impl, "exercises.init", name))
    assert_close(b, a, what=f"{name}({shape}, rng={seed}) twice",
                 evidence=evidence(impl, "exercises.init", name))
    assert not np.allclose(a, c), f"{name}: rng=1 and rng=2 gave the same weights"


# Rung 3: the study ------------------------------------------------------------------------


def stds(impl, init, activation):
    layers = impl.initialisation.activation_study(init, activation, depth=8, width=128, n=400)
    expect(isinstance(layers, list) and len(layers) == 8,
           "activation_study returns one array per layer, depth in all",
           evidence(impl, "exercises.activation_study", "depth"))
    for h in layers:
        assert_shape(h, (400, 128), "an activation_study layer")
    return np.array([h.std() for h in layers]), np.array([h.mean() for h in layers])


def test_relu_keeps_its_scale_with_he_and_loses_it_with_xavier(impl):
    """He's factor 2 makes up for ReLU zeroing half the inputs; Xavier's does not."""
    he, _ = stds(impl, "he", "relu")
    xavier, _ = stds(impl, "xavier", "relu")
    assert 0.5 < he[-1] / he[0] < 2, f"relu + He: std per layer {np.round(he, 3)}, expected steady"
    assert xavier[-1] / xavier[0] < 0.2, (
        f"relu + Xavier: std per layer {np.round(xavier, 3)}, expected to shrink by about "
        "1/sqrt(2) per layer"
    )


def test_sigmoid_outputs_sit_near_one_half(impl):
    """Sigmoid's outputs are positive with mean about 0.5, whatever the initialisation."""
    for init in ("xavier", "he"):
        _, means = stds(impl, init, "sigmoid")
        assert np.all(np.abs(means - 0.5) < 0.1), f"sigmoid + {init}: means {np.round(means, 3)}"


def test_activation_study_rejects_unknown_names(impl):
    """An init other than xavier/he or an unknown activation is a ValueError."""
    expect(len(impl.initialisation.activation_study("he", "tanh", depth=2, width=8, n=4)) == 2,
           "activation_study(depth=2) returns 2 arrays",
           evidence(impl, "exercises.activation_study", "depth"))
    with pytest.raises(ValueError):
        impl.initialisation.activation_study("lecun", "relu")
    with pytest.raises(ValueError):
        impl.initialisation.activation_study("he", "gelu")
