"""Hidden tests, part 6: LeNet-5 in low-level PyTorch (through `impl`; tensors cross as
arrays with their dtype, shape and device).

The oracles are the NumPy LeNet5 reference (forward and backward), torch.optim (the
optimizer steps) and torch's own cross-entropy, all computed in this process. On a GPU
host (torch_device "cuda") the forward/gradient tests and the MNIST run put their
tensors on the GPU, so the learner's code runs there. The static
rule check reads the submitted source here too, never in the worker.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from coursekit.checks import assert_close
from coursekit.datasets import load_dataset, normalize
from coursekit.evidence import evidence, fail
from coursekit.labels import accuracy as accuracy_of
from grader.core import limits
from grader.hidden.rules import check_source
from grader.hidden.time_box import TimeBox
from grader.hidden.torch_lenet import PARAM_SHAPES as NUMPY_SHAPES

pytestmark = pytest.mark.lenet_torch

PART = "uv run pytest stages/s13_cnn -m lenet_torch"
NAMES = list(NUMPY_SHAPES)
TORCH_SHAPES = {
    "c1.w": (6, 1, 5, 5), "c1.b": (6,), "c3.w": (16, 6, 5, 5), "c3.b": (16,),
    "c5.w": (120, 16, 5, 5), "c5.b": (120,), "f6.w": (84, 120), "f6.b": (84,),
    "f7.w": (10, 84), "f7.b": (10,),
}
FAN_IN = {"c1.w": 25, "c3.w": 150, "c5.w": 400, "f6.w": 120, "f7.w": 84}


def to_torch_layout(a: np.ndarray) -> np.ndarray:
    """A NumPy LeNet5 parameter in torch's layout: (KH, KW, C, F) -> (F, C, KH, KW),
    (in, out) -> (out, in)."""
    if a.ndim == 4:
        return np.ascontiguousarray(a.transpose(3, 2, 0, 1))
    return np.ascontiguousarray(a.T) if a.ndim == 2 else np.array(a)


def leaves(arrays: dict[str, np.ndarray], device: str = "cpu") -> dict[str, torch.Tensor]:
    return {n: torch.tensor(a, device=device).requires_grad_(True) for n, a in arrays.items()}


def numpy_model(ref, activation: str, pool: str, seed: int):
    model = ref.lenet.LeNet5(activation=activation, pool=pool, rng=seed)
    for layer in ("c1", "c3", "c5", "f6", "f7"):  # nonzero biases: a missing one shows
        b = getattr(model, layer).b
        getattr(model, layer).b = np.random.default_rng(seed).normal(0, 0.1, b.shape)
    return model


def host(t, what: str) -> np.ndarray:
    if not isinstance(t, torch.Tensor):
        raise AssertionError(f"{what}: expected a tensor, got {type(t).__name__}")
    return t.detach().cpu().numpy()


# ---------------------------------------------------------------- the rules


@pytest.mark.reproduce("grep -n 'nn\\.\\|optim\\|cross_entropy' stages/s13_cnn/lenet_torch/"
                       "lenet_torch.py")
def test_static_rules(impl):
    """No torch.nn modules or layers, no torch.optim, no ready-made loss in the source."""
    path = Path(impl.root) / "s13_cnn" / "lenet_torch" / "lenet_torch.py"
    try:
        found = check_source(path.read_text(encoding="utf-8"))
    except SyntaxError as exc:
        raise AssertionError(f"lenet_torch.py does not parse: {exc}") from None
    if found:
        raise AssertionError(
            "lenet_torch.py uses what this part asks you to write yourself:\n"
            + "\n".join(f"  {v}" for v in found))
    # a stub passes the rules but is not a submission: the part must exist to score
    impl.lenet_torch.init_params(0)


# ---------------------------------------------------------------- parameters


@pytest.mark.reproduce(f"{PART} -k init_params")
def test_init_params(impl, ref):
    """Names, shapes, dtype, leaves with requires_grad, zero biases, He std, and the
    contract's draw from torch.Generator().manual_seed(seed)."""
    params = impl.lenet_torch.init_params(seed=5)
    if list(params) != list(TORCH_SHAPES):
        raise AssertionError(f"init_params keys {list(params)}, expected {list(TORCH_SHAPES)}")
    expected = ref.lenet_torch.init_params(seed=5)
    for name, shape in TORCH_SHAPES.items():
        t = params[name]
        witness = evidence(impl, "lenet_torch.init_params", name)
        if tuple(t.shape) != shape or t.dtype != torch.float32 or not t.requires_grad:
            fail(f"init_params: {name} is {t.dtype} {tuple(t.shape)}, requires_grad="
                 f"{t.requires_grad}; expected float32 {shape}, requires_grad=True", witness)
        if name in FAN_IN:
            std = float(t.detach().std())
            target = np.sqrt(2 / FAN_IN[name])
            if abs(std / target - 1) > 6 / np.sqrt(2 * t.numel()):
                fail(f"init_params: {name} std {std:.4g}, expected sqrt(2 / {FAN_IN[name]}) = "
                     f"{target:.4g} (He normal)", witness)
        assert_close(host(t, name), host(expected[name], name), rtol=1e-5, atol=1e-6,
                     what=f"init_params(seed=5)[{name!r}] vs the contract's draw (one "
                          "torch.Generator().manual_seed(seed), weights in key order)",
                     evidence=evidence(impl, "lenet_torch.init_params", name))
    f64 = impl.lenet_torch.init_params(seed=0, dtype=torch.float64)
    if any(t.dtype != torch.float64 for t in f64.values()):
        fail("init_params(dtype=torch.float64) must make float64 tensors",
             evidence(impl, "lenet_torch.init_params", "dtype"))


@pytest.mark.reproduce(f"{PART} -k from_numpy")
def test_from_numpy(impl, ref):
    """NumPy layouts in, torch layouts out: kernels (F, C, KH, KW), dense (out, in)."""
    model = numpy_model(ref, "relu", "avg", 3)
    named = [(name, value) for name, value, _ in model.params()]
    got = impl.lenet_torch.from_numpy(named)
    for name, value in named:
        t = got.get(name) if isinstance(got, dict) else None
        if t is None:
            raise AssertionError(f"from_numpy: no {name!r} in the result")
        a = host(t, f"from_numpy[{name!r}]")
        assert_close(a, to_torch_layout(value), what=f"from_numpy: {name}", dtype=np.float64,
                     rtol=0, atol=0, evidence=evidence(impl, "lenet_torch.from_numpy", name))
        if not t.requires_grad:
            fail(f"from_numpy: {name} must be a leaf with requires_grad",
                 evidence(impl, "lenet_torch.from_numpy", "requires grad"))


# ---------------------------------------------------------------- forward and gradients


@pytest.mark.reproduce(f"{PART} -k 'forward or nhwc'")
@pytest.mark.parametrize("pool", ["avg", "max"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_forward_and_gradients_match_numpy_lenet(impl, ref, torch_device, activation, pool):
    """Logits and every autograd gradient against the NumPy LeNet5 on the same weights."""
    model = numpy_model(ref, activation, pool, 11)
    x = np.random.default_rng(12).standard_normal((3, 28, 28, 1))
    G = np.random.default_rng(13).standard_normal((3, 10))
    e_logits = model.forward(x)
    model.backward(G)
    e_grads = {name: to_torch_layout(grad) for name, _, grad in model.params()}
    params = leaves({n: to_torch_layout(v) for n, v, _ in model.params()}, torch_device)
    what = f"forward(params, x, activation={activation!r}, pool={pool!r})"
    logits, grads = impl.torch_probes.autograd_gradients(
        params, torch.tensor(x, device=torch_device), torch.tensor(G, device=torch_device),
        activation, pool)
    assert_close(host(logits, what), e_logits, what=f"{what} -> logits vs the NumPy LeNet5",
                 rtol=1e-7, atol=1e-9, evidence=evidence(impl, "lenet_torch.forward", "logits"))
    for name in reversed(NAMES):  # f7.b first: the first wrong one is the clue
        g = grads.get(name)
        if g is None:
            raise AssertionError(f"{what}: no gradient reached {name} (is it used, and a leaf?)")
        assert_close(host(g, name), e_grads[name], rtol=1e-6, atol=1e-9,
                     what=f"{what}: autograd gradient of {name} vs the NumPy backward",
                     evidence=evidence(impl, "lenet_torch.gradients", name))


@pytest.mark.reproduce(f"{PART} -k forward")
def test_float32_forward(impl, ref):
    """float32 parameters and input: within float32 tolerance of the float64 NumPy net."""
    model = numpy_model(ref, "tanh", "avg", 21)
    x = np.random.default_rng(22).standard_normal((4, 28, 28, 1))
    params = leaves({n: to_torch_layout(v).astype(np.float32) for n, v, _ in model.params()})
    logits = impl.lenet_torch.forward(params, torch.tensor(x, dtype=torch.float32), "tanh",
                                      "avg")
    got = host(logits, "forward (float32)")
    if got.dtype != np.float32:
        raise AssertionError(f"forward of float32 parameters returned {got.dtype} logits")
    assert_close(got, model.forward(x), what="forward (float32) vs the NumPy LeNet5",
                 rtol=1e-4, atol=1e-4, evidence=evidence(impl, "lenet_torch.forward", "logits"))


@pytest.mark.reproduce(f"{PART} -k rejects")
def test_rejects_bad_arguments(impl):
    params = impl.lenet_torch.init_params(0)
    for kwargs in ({"activation": "elu"}, {"pool": "median"}):
        with pytest.raises(ValueError):
            impl.lenet_torch.forward(params, torch.zeros(1, 28, 28, 1), **kwargs)
    with pytest.raises(ValueError):
        impl.lenet_torch.forward(params, torch.zeros(1, 1, 28, 28))  # NCHW: not the contract
    with pytest.raises(ValueError):
        impl.lenet_torch.train(params, np.zeros((4, 28, 28, 1), np.float32), np.zeros(4, int),
                               optimizer="rmsprop", device="cpu")


# ---------------------------------------------------------------- the loss


@pytest.mark.reproduce(f"{PART} -k cross_entropy")
@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])
def test_cross_entropy_matches_torch(impl, scale):
    """Loss and its autograd gradient against torch's cross-entropy, up to logits of 1e4."""
    logits = torch.tensor(np.random.default_rng(int(scale)).standard_normal((6, 10)) * scale)
    y = torch.tensor([0, 3, 9, 3, 5, 1])
    loss, dlogits = impl.torch_probes.loss_and_gradient(logits, y)
    ref_logits = logits.clone().requires_grad_(True)
    expected = F.cross_entropy(ref_logits, y)
    expected.backward()
    if not np.isfinite(loss):
        raise AssertionError(f"cross_entropy of logits of about {scale:g} is {loss}: subtract "
                             "each row's max before exp")
    assert_close(loss, float(expected), what=f"cross_entropy (logits x {scale:g})",
                 rtol=1e-9, atol=1e-9, evidence=evidence(impl, "lenet_torch.cross_entropy", "loss"))
    assert_close(host(dlogits, "d loss / d logits"), ref_logits.grad.numpy(), rtol=1e-7,
                 atol=1e-10, what=f"d cross_entropy / d logits (logits x {scale:g})",
                 evidence=evidence(impl, "lenet_torch.cross_entropy", "dlogits"))


# ---------------------------------------------------------------- the optimizers


def _grads(seed: int, steps: int) -> list[dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    return [{n: torch.randn(s, generator=g, dtype=torch.float64) for n, s in
             (("a.w", (3, 4)), ("a.b", (4,)))} for _ in range(steps)]


def _start() -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return {"a.w": torch.randn(3, 4, generator=g, dtype=torch.float64),
            "a.b": torch.randn(4, generator=g, dtype=torch.float64)}


def _torch_optim(start, grads, make) -> list[dict[str, np.ndarray]]:
    params = {n: t.clone().requires_grad_(True) for n, t in start.items()}
    opt = make(list(params.values()))
    out = []
    for step in grads:
        for n, p in params.items():
            p.grad = step[n].clone()
        opt.step()
        out.append({n: p.detach().numpy().copy() for n, p in params.items()})
    return out


STEP_OUTPUT, LAST = {1: "after step 1", 2: "after step 2"}, "after the last step"


def _check_run(impl, optimizer, lr, options, make, what):
    start, grads = _start(), _grads(1, 5)
    values, left = impl.torch_probes.optimizer_run(start, grads, optimizer, lr, **options)
    expected = _torch_optim(start, grads, make)
    for k, (got, exp) in enumerate(zip(values, expected, strict=True), start=1):
        for name in start:
            assert_close(host(got[name], name), exp[name], rtol=1e-10, atol=1e-12,
                         what=f"{what}: {name} after step {k} vs torch.optim",
                         evidence=evidence(impl, "lenet_torch.optimizers",
                                           STEP_OUTPUT.get(k, LAST)))
        for name, grad in left[k - 1].items():
            if grad is not None and bool(grad.abs().max() > 0):
                fail(f"{what}: {name}.grad is not zero after step {k}: zero the grads "
                     "(p.grad = None or p.grad.zero_()), or the next backward adds to the old "
                     "gradient", evidence(impl, "lenet_torch.optimizers", "grads zeroed"))


@pytest.mark.reproduce(f"{PART} -k sgd")
def test_sgd_step_matches_torch_optim(impl):
    _check_run(impl, "sgd", 0.05, {}, lambda p: torch.optim.SGD(p, lr=0.05), "sgd_step(lr=0.05)")


@pytest.mark.reproduce(f"{PART} -k adam")
@pytest.mark.parametrize("options", [{}, {"betas": (0.5, 0.9), "eps": 1e-3}],
                         ids=["defaults", "betas-eps"])
def test_adam_step_matches_torch_optim(impl, options):
    """Five steps, moments and step count carried in the caller's state dict."""
    _check_run(impl, "adam", 0.01, options,
               lambda p: torch.optim.Adam(p, lr=0.01, **options), f"adam_step({options})")


# ---------------------------------------------------------------- training


@pytest.mark.reproduce(f"{PART} -k train")
def test_train_follows_the_contract(impl, ref):
    """The history and the final predictions equal the contract's run (same seed)."""
    rng = np.random.default_rng(31)
    X = rng.standard_normal((96, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 10, 96)
    options = dict(epochs=2, batch_size=40, lr=1e-3, optimizer="adam", device="cpu")
    history, predicted = impl.torch_probes.fit_and_predict(X, y, X[:40], seed=3, **options)
    e_history, e_predicted = ref.torch_probes.fit_and_predict(X, y, X[:40], seed=3, **options)
    if [h.get("epoch") for h in history] != [1, 2]:
        fail(f"train must return one dict per epoch, epochs 1, 2: {history}",
             evidence(impl, "lenet_torch.train", "epoch numbers"))
    got = np.array([h["loss"] for h in history])
    expected = np.array([h["loss"] for h in e_history])
    assert_close(got, expected, rtol=1e-4, atol=1e-6,
                 what="train: epoch losses vs the contract's run (randperm from "
                      "torch.Generator().manual_seed(seed), made once; adam_step; mean loss "
                      "weighted by batch size)",
                 evidence=evidence(impl, "lenet_torch.train", "epoch losses"))
    agree = accuracy_of(host(predicted, "predictions"), e_predicted.numpy(),
                        what="fit_and_predict's predictions of 40 images")
    if agree < 0.95:
        fail(f"after train, predictions agree with the contract's run on {agree:.0%} of 40 "
             "images only", evidence(impl, "lenet_torch.train", "predictions"))


# Calibrated on the reference with one thread, on the 2-core development machine at a load
# of 12 to 20: MNIST, 20k images x 2 epochs, Adam lr 2e-3: test accuracy 0.9803 in
# process (134 s), 0.9813 through the grader's worker (58 s); the digits fallback,
# 8 epochs: 0.975 (36 s). The issue fixes the MNIST threshold at 97%.
MNIST_IMAGES, MNIST_EPOCHS, MNIST_THRESHOLD = 20_000, 2, 0.97
DIGITS_EPOCHS, DIGITS_THRESHOLD = 8, 0.92
BUDGET = 240  # CPU seconds of the submission's processes (grader/hidden/time_box.py)


@pytest.mark.budget(limits.wall_guard(BUDGET))
@pytest.mark.reproduce(f"{PART} -k train")
def test_mnist_training_reaches_97_percent(impl, torch_device, record_property):
    """Seeded training on the graded MNIST subset (or the digits fallback), time-boxed."""
    ds = load_dataset(allow_fallback=True, download=False)
    if ds.name == "mnist":
        n, epochs, threshold = MNIST_IMAGES, MNIST_EPOCHS, MNIST_THRESHOLD
    else:
        record_property("note", ds.note)
        n, epochs, threshold = len(ds.x_train), DIGITS_EPOCHS, DIGITS_THRESHOLD
    X, y = normalize(ds.x_train[:n]), ds.y_train[:n]
    start = time.perf_counter()
    with TimeBox(impl, BUDGET, "training and predicting") as box:
        history, predicted = impl.torch_probes.fit_and_predict(
            X, y, normalize(ds.x_test), seed=0, epochs=epochs, batch_size=64, lr=2e-3,
            optimizer="adam", device=torch_device)
    accuracy = accuracy_of(host(predicted, "predictions"), ds.y_test,
                           what="fit_and_predict's predictions of the test images")
    if torch_device != "cuda":
        record_property("note", "no GPU on this host: part 6 ran on the CPU only")
    record_property("note", f"{ds.name} on {torch_device}: test accuracy {accuracy:.4f} "
                    f"(threshold {threshold}) after {epochs} epochs on {n} images in "
                    f"{time.perf_counter() - start:.1f} s ({box.used:.1f} s of CPU)")
    box.check()
    if accuracy < threshold:
        raise AssertionError(f"trained on {n} {ds.name} images ({epochs} epochs, Adam lr 2e-3, "
                             f"batch 64, seed 0): test accuracy {accuracy:.4f}, below "
                             f"{threshold}. History: {history}")
