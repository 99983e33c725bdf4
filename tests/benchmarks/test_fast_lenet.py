"""benchmarks/fastnet computes what the reference LeNet-5 and Adam compute.

Same weights -> the same logits, loss and gradients, and the same Adam updates, to float32
rounding (the sums run in other orders: GEMMs of other shapes, pooling rows first), for a
full batch and for the epoch's last, shorter one. Adam alone, given the same gradients, is
bit for bit the reference's.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from coursekit.seam import load_as

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from fastnet import FastLeNet5, FlatAdam, softmax_cross_entropy  # noqa: E402
from fastnet.layout import SIZE, from_reference, to_reference  # noqa: E402

REF = load_as("solutions", "_s13_fast_lenet_reference")


def reference_net(seed: int = 0):
    return REF.lenet.LeNet5(activation="tanh", pool="avg", rng=seed, dtype=np.float32)


def batch(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 28, 28, 1)).astype(np.float32)
    x.setflags(write=False)  # neither side may write into its input
    return x, rng.integers(0, 10, n)


def assert_close(name: str, fast: np.ndarray, ref: np.ndarray, rel: float = 2e-5) -> None:
    """Equal up to float32 rounding: the error is small next to the largest value."""
    assert fast.shape == ref.shape and fast.dtype == np.float32, (name, fast.shape, fast.dtype)
    err, scale = float(np.abs(fast - ref).max()), float(np.abs(ref).max())
    assert err <= rel * scale, f"{name}: max abs error {err:.3g}, largest value {scale:.3g}"


def test_the_layout_round_trips_exactly():
    params = {name: value for name, value, _ in reference_net().params()}
    flat = np.empty(SIZE, np.float32)
    from_reference(params, flat)
    back = to_reference(flat)
    assert SIZE == 61_706 and back.keys() == params.keys()
    for name, value in params.items():
        np.testing.assert_array_equal(back[name], value, err_msg=name)


@pytest.mark.parametrize("n", [64, 32])
def test_same_logits_loss_and_gradients(n):
    model = reference_net()
    net = FastLeNet5.like(model)
    x, y = batch(n, seed=n)
    logits = model.forward(x)
    loss, dlogits = REF.lenet.softmax_cross_entropy(logits, y)
    model.backward(dlogits)
    fast_logits = net.forward(x)
    fast_loss, fast_dlogits = softmax_cross_entropy(fast_logits, y)
    net.backward(fast_dlogits)
    assert_close("logits", fast_logits, logits)
    assert fast_loss == pytest.approx(loss, rel=1e-6)
    grads = net.reference_grads()
    for name, _, grad in model.params():
        assert_close(f"gradient of {name}", grads[name], grad)


def test_adam_is_the_reference_bit_for_bit():
    model = reference_net()
    net = FastLeNet5.like(model)
    opt, fast_opt = REF.layers.Adam(lr=1e-3), FlatAdam(net.params, net.grads, lr=1e-3)
    rng = np.random.default_rng(1)
    for _ in range(3):
        for _, _, grad in model.params():  # the same gradients on both sides
            grad[...] = rng.standard_normal(grad.shape) * rng.choice([1e-6, 1e-2, 1.0])
        from_reference({name: grad for name, _, grad in model.params()}, net.grads)
        opt.step(model.params())
        fast_opt.step()
    params = net.reference_params()
    for name, value, _ in model.params():
        np.testing.assert_array_equal(params[name], value, err_msg=name)


@pytest.mark.parametrize("threads", [1, 2])
def test_training_steps_stay_together(threads):
    """Three steps of 64, one of 32 (buffers of two batch sizes), then 64 again; with two
    threads, each step's halves on their own threads."""
    model = reference_net(seed=3)
    net = FastLeNet5.like(model, threads=threads)
    opt, fast_opt = REF.layers.Adam(lr=1e-3), FlatAdam(net.params, net.grads, lr=1e-3)
    for step, n in enumerate([64, 64, 64, 32, 64]):
        x, y = batch(n, seed=10 + step)
        loss, dlogits = REF.lenet.softmax_cross_entropy(model.forward(x), y)
        model.backward(dlogits)
        opt.step(model.params())
        fast_loss = net.train_step(x, y)
        if step == 0:
            grads = net.reference_grads()
            for name, _, grad in model.params():
                assert_close(f"gradient of {name}", grads[name], grad)
        fast_opt.step()
        assert fast_loss == pytest.approx(loss, rel=1e-5), step
    params = net.reference_params()
    for name, value, _ in model.params():
        # Adam's first steps move every weight by about lr: compare with that
        err = float(np.abs(params[name] - value).max())
        assert err < 1e-5, f"{name} after 5 steps: max abs difference {err:.3g}"
    x, _ = batch(100, seed=99)
    np.testing.assert_array_equal(net.predict(x), model.predict(x))
