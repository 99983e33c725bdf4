"""Part 7, LeNet-5 as published: squashing, subsampling, the C3 table, RBF outputs, the
MAP loss, prepare, and the whole 60,000-parameter model.

Run just this part:   uv run pytest stages/s13_cnn -m lenet_paper
Hand-made cases first, then properties and central differences of your own code, then
the model and a short training run. Fix the first failing rung first.
"""

import numpy as np
import pytest

from coursekit.anchors import (
    PAPER_GRAD,
    PAPER_MODEL,
    SPARSE_TABLE,
    paper_images,
    paper_toy_task,
    paper_weights,
)
from coursekit.checks import assert_close, assert_shape, numerical_gradient, readonly
from coursekit.evidence import evidence
from coursekit.expected import lookup
from coursekit.strategies import normal_array

pytestmark = pytest.mark.lenet_paper

COUNTS = {"c1": 156, "s2": 12, "c3": 1516, "s4": 32, "c5": 48120, "f6": 10164}


def set_weights(model, weights: dict) -> None:
    """Assign every trainable array, model.<layer>.<name> = value (the test's weights)."""
    for name, value in weights.items():
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, value)


def layer_grad_check(layer, x, what, stored, param_names=(), sample=None, witness=None):
    """The backward of a layer against central differences of its own forward,
    L = sum(forward(x) * G): dx, and the gradient of each named parameter. The forward is
    checked first against `stored`, the reference's output for these inputs. witness:
    output name -> the evidence the check of that output asks ("out", "dx", "d<name>")."""
    def asked(output):
        return witness(output) if witness else None

    out = layer.forward(x)
    assert_close(out, lookup("lenet_paper", *stored.split(".")), what=f"{what}: forward",
                 evidence=asked("out"))
    G = readonly(normal_array(99, out.shape))
    dx = layer.backward(G)
    grads = {n: np.array(g) for n, _, g in layer.params()}
    num = numerical_gradient(lambda v: np.vdot(layer.forward(v), G), x, sample=sample, rng=0)
    assert_close(dx, num, what=f"{what}: dx vs central differences", where=~np.isnan(num),
                 rtol=1e-5, atol=1e-7, evidence=asked("dx"))
    for name in param_names:
        original = np.array(getattr(layer, name))

        def loss(v, name=name):
            setattr(layer, name, v)
            return np.vdot(layer.forward(x), G)

        num = numerical_gradient(loss, original, sample=sample, rng=1)
        setattr(layer, name, original)
        assert_close(grads[name], num, what=f"{what}: gradient of {name} vs central "
                     "differences", where=~np.isnan(num), rtol=1e-5, atol=1e-7,
                     evidence=asked(f"d{name}"))


# Rung 1: the squashing function --------------------------------------------------------


TANH, TANH_BACKWARD = "lenet_paper.scaled_tanh", "scaled_tanh_backward(dout, y)"


def test_scaled_tanh_by_hand(impl):
    """f(a) = A tanh(S a): f(0) = 0, f(+-1) = +-1 (that is why S = 2/3), f(+-20) = +-A."""
    P = impl.lenet_paper
    assert abs(P.A - 1.7159) < 1e-12 and abs(P.S - 2 / 3) < 1e-12, "A = 1.7159, S = 2/3"
    a = readonly(np.array([0.0, 1.0, -1.0, 20.0, -20.0]))
    assert_close(P.scaled_tanh(a), np.array([0.0, 1.0, -1.0, 1.7159, -1.7159]), atol=2e-4,
                 what="scaled_tanh([0, 1, -1, 20, -20])",
                 evidence=evidence(impl, "lenet_paper.scaled_tanh", "scaled_tanh(a)"))


def test_scaled_tanh_backward_matches_numerical(impl):
    P = impl.lenet_paper
    a, dout = readonly(normal_array(0, (4, 5)) * 2, normal_array(1, (4, 5)))
    y = P.scaled_tanh(a)
    assert_close(y, lookup("lenet_paper", "tanh", "y"), what="scaled_tanh(a)",
                 evidence=evidence(impl, "lenet_paper.scaled_tanh", "scaled_tanh(a)"))
    da = P.scaled_tanh_backward(dout, y)
    num = numerical_gradient(lambda v: np.vdot(P.scaled_tanh(v), dout), a)
    assert_close(da, num, what="scaled_tanh_backward(dout, y)", rtol=1e-6, atol=1e-8,
                 evidence=evidence(impl, TANH, TANH_BACKWARD))


# Rung 2: subsampling -------------------------------------------------------------------


def test_subsampling_sums_each_block_times_a_coefficient(impl):
    """Block [[1, 2], [3, 4]] of map 0 sums to 10: out = 2 * 10 + 0.5 = 20.5."""
    s = impl.lenet_paper.Subsampling(2, rng=0)
    s.coef, s.b = np.array([2.0, -1.0]), np.array([0.5, 0.0])
    x = np.zeros((1, 2, 4, 2))
    x[0, :, :2, 0] = [[1, 2], [3, 4]]
    x[0, :, 2:, 1] = [[1, 1], [1, 1]]
    out = s.forward(readonly(x))
    expected = np.array([[[[20.5, 0.0], [0.5, -4.0]]]])
    assert_close(out, expected, what="Subsampling forward of a hand-made (1, 2, 4, 2) input",
                 evidence=evidence(impl, "lenet_paper.Subsampling", "out"))
    assert sum(v.size for _, v, _ in s.params()) == 4, "2 trainable numbers per map"


def test_subsampling_backward_matches_numerical(impl):
    s = impl.lenet_paper.Subsampling(3, rng=1)
    s.coef, s.b = readonly(normal_array(20, (3,)), normal_array(21, (3,)))
    layer_grad_check(s, readonly(normal_array(2, (2, 4, 6, 3))), "Subsampling(3)",
                     "subsampling.out", ("coef", "b"),
                     witness=lambda o: evidence(impl, "lenet_paper.Subsampling", o))


# Rung 3: C3, the sparse convolution ----------------------------------------------------


def test_c3_table_has_the_papers_shape(impl):
    """Six maps see 3 neighbouring S2 maps, nine see 4, one sees all 6: 60 connections."""
    table = impl.lenet_paper.C3_TABLE
    if not table:  # the stub's placeholder
        raise NotImplementedError(
            "lenet_paper: implement C3_TABLE (see stages/s13_cnn/lenet_paper/README.md)")
    assert len(table) == 16, f"C3_TABLE has {len(table)} entries, expected 16"
    sizes = [len(maps) for maps in table]
    assert sizes == [3] * 6 + [4] * 9 + [6], f"table sizes {sizes}"
    for m in range(6):
        assert sorted(table[m]) == sorted({m % 6, (m + 1) % 6, (m + 2) % 6}), \
            f"C3 map {m} should see three neighbouring S2 maps starting at {m}: {table[m]}"
    assert all(len(set(maps)) == len(maps) and set(maps) <= set(range(6)) for maps in table)
    unsorted = next((m for m, maps in enumerate(table) if list(maps) != sorted(maps)), None)
    assert unsorted is None, (
        f"C3_TABLE[{unsorted}] is {tuple(table[unsorted])}: the right maps in another order; "
        f"write each tuple sorted, {tuple(sorted(table[unsorted]))}, as the README prints "
        "Table I (the kernels w (5, 5, 60) are stored in table order)")


def test_sparse_conv_connects_only_the_table(impl):
    """1,516 parameters; an output map changes when one of its input maps changes, and
    only then."""
    P = impl.lenet_paper
    conv = P.SparseConv2D(P.C3_TABLE, 5, rng=0)
    assert sum(v.size for _, v, _ in conv.params()) == 1516
    x = normal_array(3, (1, 14, 14, 6))
    base = conv.forward(readonly(x))
    assert_shape(base, (1, 10, 10, 16), "SparseConv2D forward of (1, 14, 14, 6)")
    for c in range(6):
        bumped = x.copy()
        bumped[..., c] += 1.0
        changed = np.abs(conv.forward(readonly(bumped)) - base).max(axis=(0, 1, 2)) > 1e-12
        for m, maps in enumerate(P.C3_TABLE):
            assert changed[m] == (c in maps), (
                f"changing S2 map {c} {'did not change' if not changed[m] else 'changed'} "
                f"C3 map {m}, which sees {maps}")


def test_sparse_conv_backward_matches_numerical(impl):
    conv = impl.lenet_paper.SparseConv2D(SPARSE_TABLE, 3, rng=2)
    conv.w, conv.b = readonly(0.3 * normal_array(22, (3, 3, 7)), normal_array(23, (4,)))
    layer_grad_check(conv, readonly(normal_array(4, (2, 6, 5, 3))), "SparseConv2D",
                     "sparse.out", ("w", "b"), sample=40,
                     witness=lambda o: evidence(impl, "lenet_paper.SparseConv2D", o))


# Rung 4: the RBF outputs and the losses ------------------------------------------------


def test_rbf_penalty_is_a_squared_distance(impl):
    P = impl.lenet_paper
    codes = P.bitmap_codes(impl.bitmaps.DIGIT_BITMAPS)
    assert_shape(codes, (10, 84), "bitmap_codes(DIGIT_BITMAPS)")
    assert set(np.unique(codes)) == {-1.0, 1.0}, "codes are +1 (ink) and -1 (paper)"
    rbf = P.RBFOutput(codes)
    y = rbf.forward(readonly(codes[[3, 7]]))       # F6 showing exactly the code of 3, of 7
    hamming = (codes[[3, 7]][:, None, :] != codes[None, :, :]).sum(axis=2)
    assert_close(y, 4.0 * hamming, what="penalties of the codes themselves: 0 for their own "
                 "class, 4 per differing pixel elsewhere",
                 evidence=evidence(impl, "lenet_paper.RBFOutput", "y"))
    if list(rbf.params()):
        lines = evidence(impl, "lenet_paper.RBFOutput", "parameters").lines()
        raise AssertionError("\n".join(["the RBF centres are fixed: params() yields nothing",
                                         *(f"  {line}" for line in lines)]))


def test_rbf_backward_matches_numerical(impl):
    P = impl.lenet_paper
    rbf = P.RBFOutput(P.bitmap_codes(impl.bitmaps.DIGIT_BITMAPS))
    layer_grad_check(rbf, readonly(normal_array(5, (3, 84))), "RBFOutput", "rbf.y", sample=30,
                     witness=lambda o: evidence(impl, "lenet_paper.RBFOutput",
                                                {"out": "y"}.get(o, o)))


def test_map_loss_by_hand(impl):
    """Two classes, j = 1, penalties (0, 2) and label 0:
    loss = 0 + log(e^-1 + e^0 + e^-2); dy = (1 - e^0 / Z, -e^-2 / Z)."""
    y = readonly(np.array([[0.0, 2.0]]))
    loss, dy = impl.lenet_paper.map_loss(y, np.array([0]), j=1.0)
    Z = np.exp(-1) + 1 + np.exp(-2)
    assert_close(loss, np.log(Z), what="map_loss",
                 evidence=evidence(impl, "lenet_paper.losses", "map loss"))
    assert_close(dy, np.array([[1 - 1 / Z, -np.exp(-2) / Z]]), what="map_loss gradient",
                 evidence=evidence(impl, "lenet_paper.losses", "map dy"))


def test_map_loss_gradient_and_stability(impl):
    P = impl.lenet_paper
    y = readonly(np.abs(normal_array(6, (4, 10))) * 5)
    labels = np.array([1, 0, 9, 4])
    loss, dy = P.map_loss(y, labels)
    assert_close(loss, float(lookup("lenet_paper", "map", "loss")), what="map_loss",
                 evidence=evidence(impl, "lenet_paper.losses", "map loss"))
    num = numerical_gradient(lambda v: P.map_loss(v, labels)[0], y)
    assert_close(dy, num, what="map_loss dy vs central differences", rtol=1e-6, atol=1e-8,
                 evidence=evidence(impl, "lenet_paper.losses", "map dy"))
    big = readonly(np.full((2, 10), 1e4) - np.arange(10))
    loss, dy = P.map_loss(big, np.array([9, 0]))
    assert np.isfinite(loss) and np.all(np.isfinite(dy)), "map_loss overflowed for y = 1e4"


def test_mse_loss_by_hand(impl):
    loss, dy = impl.lenet_paper.mse_loss(readonly(np.array([[1.0, 2.0], [3.0, 4.0]])),
                                         np.array([1, 0]))
    assert_close(loss, 2.5, what="mse_loss = mean of the right penalties (2 and 3)",
                 evidence=evidence(impl, "lenet_paper.losses", "mse loss"))
    assert_close(dy, np.array([[0.0, 0.5], [0.5, 0.0]]), what="mse_loss gradient",
                 evidence=evidence(impl, "lenet_paper.losses", "mse dy"))


# Rung 5: input and the model -----------------------------------------------------------


def test_prepare_scales_and_pads(impl):
    images = np.zeros((2, 28, 28), dtype=np.uint8)
    images[0, 0, 0], images[1, 5, 7] = 255, 51
    x = impl.lenet_paper.prepare(readonly(images))
    assert_shape(x, (2, 32, 32, 1), "prepare of (2, 28, 28) uint8")
    assert_close(x[0, 2, 2, 0], 1.175, what="pixel 255 (at 0, 0, shifted by the padding)",
                 evidence=evidence(impl, "lenet_paper.prepare", "x"))
    assert_close(x[1, 7, 9, 0], -0.1 + 1.275 * 51 / 255, what="pixel 51",
                 evidence=evidence(impl, "lenet_paper.prepare", "x"))
    assert_close(x[0, 0, 0, 0], -0.1, what="the padding is background, -0.1",
                 evidence=evidence(impl, "lenet_paper.prepare", "x"))
    with pytest.raises(ValueError):
        impl.lenet_paper.prepare(np.zeros((2, 32, 32), dtype=np.uint8))


def test_model_has_60000_parameters_layer_by_layer(impl):
    model = impl.lenet_paper.LeNet5Paper(rng=0)
    counts: dict[str, int] = {}
    for name, value, grad in model.params():
        counts[name.split(".")[0]] = counts.get(name.split(".")[0], 0) + value.size
        assert_shape(grad, value.shape, f"gradient of {name}")
    assert counts == COUNTS, f"parameters per layer {counts}, expected {COUNTS}"
    assert sum(counts.values()) == 60_000


def test_model_init_is_uniform_within_2_4_over_fan_in(impl):
    model = impl.lenet_paper.LeNet5Paper(rng=1)
    for layer, fan_in in (("c1", 25), ("c5", 400), ("f6", 120)):
        w = getattr(model, layer).w
        bound = 2.4 / fan_in
        if not 0.9 * bound < np.abs(w).max() <= bound:
            lines = evidence(impl, "lenet_paper.LeNet5Paper.init", f"{layer}.w").lines()
            raise AssertionError("\n".join([
                f"{layer}.w spans +-{np.abs(w).max():.4g}: draw uniformly within and filling "
                f"+-2.4 / {fan_in}", *(f"  {line}" for line in lines)]))


def test_model_forward_and_predict(impl):
    """Penalties (N, 10) >= 0 (the stored ones, on the test's weights); predict picks the
    SMALLEST penalty."""
    model = impl.lenet_paper.LeNet5Paper(rng=2)
    set_weights(model, paper_weights(PAPER_MODEL))
    x = paper_images(5, 0)
    y = model.forward(x)
    assert_shape(y, (5, 10), "LeNet5Paper.forward of (5, 32, 32, 1)")
    assert np.all(y >= 0), "penalties are squared distances: never negative"
    assert_close(y, lookup("lenet_paper", "model", "y"), what="LeNet5Paper.forward",
                 evidence=evidence(impl, "lenet_paper.LeNet5Paper", "penalties"))
    labels = model.predict(x)
    if not np.array_equal(labels, y.argmin(axis=1)):
        lines = evidence(impl, "lenet_paper.LeNet5Paper", "predict").lines()
        raise AssertionError("\n".join(["predict = argmin of the penalties",
                                         *(f"  {line}" for line in lines)]))


def test_model_gradients_match_numerical(impl):
    """4 entries of every parameter against central differences of your own forward
    (checked first, on the test's weights) under the MAP loss."""
    P = impl.lenet_paper
    model = P.LeNet5Paper(rng=3)
    set_weights(model, paper_weights(PAPER_GRAD))
    x = paper_images(2, 1)
    labels = np.array([4, 8])
    y = model.forward(x)
    assert_close(y, lookup("lenet_paper", "grad", "y"), what="LeNet5Paper.forward",
                 evidence=evidence(impl, "lenet_paper.LeNet5Paper", "penalties"))
    _, dy = P.map_loss(y, labels)
    model.backward(dy)
    for k, (name, value, grad) in enumerate(list(model.params())):
        layer, attr = getattr(model, name.split(".")[0]), name.split(".")[1]
        original, grad = np.array(value), np.array(grad)

        def loss(v, layer=layer, attr=attr):
            setattr(layer, attr, v)
            return P.map_loss(model.forward(x), labels)[0]

        num = numerical_gradient(loss, original, sample=4, rng=k)
        setattr(layer, attr, original)
        assert_close(grad, num, where=~np.isnan(num), rtol=1e-5, atol=1e-8,
                     what=f"gradient of {name} vs central differences",
                     evidence=evidence(impl, "lenet_paper.LeNet5Paper", name))


def test_training_lowers_the_loss(impl):
    """Two short epochs of the given train on a toy task (ink left or right): the stored
    losses, going down."""
    images, labels = paper_toy_task()
    P = impl.lenet_paper
    model = P.LeNet5Paper(rng=0)
    history = P.train(model, P.prepare(images), labels, epochs=2, batch_size=16, lr=2e-3,
                      rng=0)
    assert history[1]["loss"] < history[0]["loss"], f"the loss did not go down: {history}"
    assert_close(np.array([h["loss"] for h in history]), lookup("lenet_paper", "train", "loss"),
                 what="the epoch losses of train", rtol=1e-6)
