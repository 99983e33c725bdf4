"""Part 6, LeNet-5 in low-level PyTorch: parameters, forward, loss, optimizers, training.

Run just this part:   uv run pytest stages/s13_cnn -m lenet_torch
The tests reach your functions through `impl` (impl.lenet_torch.forward(...)); results
that live in autograd or in a dict you update in place come back through the given
helpers in torch_probes.py (impl.torch_probes). Hand-made cases first, then properties of
your own code, then a small training run. Fix the first failing rung first.
"""

import numpy as np
import pytest

torch = pytest.importorskip(
    "torch", reason="part 6 needs PyTorch: uv sync --group torch (see the README)"
)

from coursekit.anchors import TORCH_NHWC, torch_weights  # noqa: E402  (after the torch check)
from coursekit.checks import assert_close  # noqa: E402
from coursekit.evidence import evidence as witness  # noqa: E402
from coursekit.evidence import expect  # noqa: E402
from coursekit.expected import lookup  # noqa: E402

pytestmark = pytest.mark.lenet_torch

SHAPES = {
    "c1.w": (6, 1, 5, 5), "c1.b": (6,), "c3.w": (16, 6, 5, 5), "c3.b": (16,),
    "c5.w": (120, 16, 5, 5), "c5.b": (120,), "f6.w": (84, 120), "f6.b": (84,),
    "f7.w": (10, 84), "f7.b": (10,),
}


def close(got, expected, what, rtol=1e-6, atol=1e-8, evidence=None):
    assert isinstance(got, torch.Tensor), f"{what}: expected a tensor, got {type(got).__name__}"
    assert_close(got.detach().cpu().double().numpy(), np.asarray(expected, dtype=np.float64),
                 what=what, rtol=rtol, atol=atol, evidence=evidence)


def hand_params() -> dict[str, torch.Tensor]:
    """C1 an identity tap, every other weight a constant: the logits are easy to work out."""
    p = {name: torch.zeros(shape, dtype=torch.float64) for name, shape in SHAPES.items()}
    p["c1.w"][:, 0, 2, 2] = 1.0          # the centre tap copies the (padded) input
    p["c3.w"][:] = 0.01
    p["c5.w"][:] = 0.001
    p["f6.w"][:] = 0.01
    p["f7.w"][:] = 0.1 * torch.arange(10, dtype=torch.float64)[:, None]
    p["f7.b"][:] = torch.arange(10, dtype=torch.float64)
    return {name: t.requires_grad_(True) for name, t in p.items()}


# Rung 1: the parameters ----------------------------------------------------------------


def test_init_params_names_shapes_and_61706_numbers(impl):
    params = impl.lenet_torch.init_params(seed=0)
    assert list(params) == list(SHAPES), f"keys {list(params)}, expected {list(SHAPES)}"
    for name, shape in SHAPES.items():
        t = params[name]
        assert tuple(t.shape) == shape, f"{name}: shape {tuple(t.shape)}, expected {shape}"
        assert t.dtype == torch.float32, f"{name}: dtype {t.dtype}, expected torch.float32"
        expect(t.requires_grad, f"{name} must require grad (autograd computes its gradient)",
               witness(impl, "lenet_torch.init_params", "requires grad"))
    assert sum(t.numel() for t in params.values()) == 61_706
    for name in SHAPES:
        if name.endswith(".b"):
            close(params[name], np.zeros(SHAPES[name]), f"{name}: biases start at zero",
                  evidence=witness(impl, "lenet_torch.init_params", name))


def test_init_params_is_seeded_and_he_scaled(impl):
    a, b = impl.lenet_torch.init_params(seed=3), impl.lenet_torch.init_params(seed=3)
    c = impl.lenet_torch.init_params(seed=4)
    close(a["c5.w"].flatten()[:64], lookup("lenet_torch", "init3", "c5w"),
          "init_params(seed=3)['c5.w'], its first 64 numbers", rtol=1e-6, atol=1e-7,
          evidence=witness(impl, "lenet_torch.init_params", "c5.w"))
    close(a["c5.w"], b["c5.w"].detach().numpy(), "the same seed gives the same weights",
          evidence=witness(impl, "lenet_torch.init_params", "c5.w"))
    assert not torch.equal(a["c5.w"], c["c5.w"]), "another seed must give other weights"
    std = float(a["c5.w"].detach().std())  # 48,000 draws: within a few percent
    expect(abs(std / np.sqrt(2 / 400) - 1) < 0.03, f"c5.w std {std:.4f}, expected sqrt(2/400)",
           witness(impl, "lenet_torch.init_params", "c5.w"))
    f64 = impl.lenet_torch.init_params(seed=0, dtype=torch.float64)
    expect(f64["f6.w"].dtype == torch.float64, "dtype= must set the parameters' dtype",
           witness(impl, "lenet_torch.init_params", "dtype"))


# Rung 2: forward -----------------------------------------------------------------------


@pytest.mark.parametrize("pool", ["avg", "max"])
def test_forward_by_hand(impl, pool):
    """Input all ones: C1 copies it (padding 2 keeps 28x28), C3 = 0.01*25*6 = 1.5,
    C5 = 0.001*400*1.5 = 0.6, F6 = 0.01*120*0.6 = 0.72, logit k = 0.1k*84*0.72 + k."""
    x = torch.ones(2, 28, 28, 1, dtype=torch.float64)
    logits = impl.lenet_torch.forward(hand_params(), x, activation="relu", pool=pool)
    k = np.arange(10)
    close(logits, np.tile(6.048 * k + k, (2, 1)), f"forward(all ones, relu, {pool})",
          evidence=witness(impl, "lenet_torch.forward", "logits"))


def test_forward_is_nhwc_and_per_image(impl):
    """(N, 28, 28, 1) in, (N, 10) out (the stored logits, on the test's weights); each
    image's logits depend on that image only."""
    params = {name: torch.tensor(np.array(value)).requires_grad_(True)
              for name, value in torch_weights(TORCH_NHWC).items()}
    x = torch.tensor(np.random.default_rng(0).standard_normal((3, 28, 28, 1)))
    both = impl.lenet_torch.forward(params, x, activation="tanh", pool="max")
    assert tuple(both.shape) == (3, 10), f"logits shape {tuple(both.shape)}, expected (3, 10)"
    close(both, lookup("lenet_torch", "nhwc", "logits"), "forward(params, x, 'tanh', 'max')",
          evidence=witness(impl, "lenet_torch.forward", "logits"))
    alone = impl.lenet_torch.forward(params, x[1:2], activation="tanh", pool="max")
    close(alone[0], both[1].detach().numpy(), "logits of image 1 alone vs in the batch",
          evidence=witness(impl, "lenet_torch.forward", "logits"))


def test_forward_rejects_unknown_options(impl):
    params, x = impl.lenet_torch.init_params(), torch.zeros(1, 28, 28, 1)
    for kwargs in ({"activation": "elu"}, {"pool": "median"}):
        with pytest.raises(ValueError):
            impl.lenet_torch.forward(params, x, **kwargs)


# Rung 3: the loss ----------------------------------------------------------------------


def test_cross_entropy_by_hand_and_its_gradient(impl):
    """Row 0: logits 0, 0, 0 -> p = 1/3; row 1: ln 2, 0, 0 -> p = 1/2, 1/4, 1/4."""
    logits = torch.tensor([[0.0, 0.0, 0.0], [np.log(2.0), 0.0, 0.0]], dtype=torch.float64)
    y = torch.tensor([0, 0])
    loss = impl.lenet_torch.cross_entropy(logits, y)
    close(loss, (np.log(3.0) + np.log(2.0)) / 2, "mean cross-entropy",
          evidence=witness(impl, "lenet_torch.cross_entropy", "loss"))
    value, dlogits = impl.torch_probes.loss_and_gradient(logits, y)
    close(dlogits, [[-1 / 3, 1 / 6, 1 / 6], [-1 / 4, 1 / 8, 1 / 8]],
          "d loss / d logits = (softmax - onehot) / N",
          evidence=witness(impl, "lenet_torch.cross_entropy", "dlogits"))


def test_cross_entropy_is_stable_for_large_logits(impl):
    """exp(1e4) overflows even in float64: subtract each row's max before exp."""
    logits = torch.tensor([[1e4, 0.0, -1e4], [0.0, 1e4, 1e4]], dtype=torch.float64)
    loss = impl.lenet_torch.cross_entropy(logits, torch.tensor([0, 2]))
    close(loss, np.log(2.0) / 2, "loss for logits of 1e4 (subtract each row's max)",
          evidence=witness(impl, "lenet_torch.cross_entropy", "loss"))


# Rung 4: the optimizers ----------------------------------------------------------------


ADAM_STEP, LAST = {1: "after step 1", 2: "after step 2"}, "after the last step"


def _two_params():
    return {"a.w": torch.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=torch.float64),
            "a.b": torch.tensor([0.25, -0.75], dtype=torch.float64)}


def test_sgd_step_updates_and_zeroes_the_grads(impl):
    params = _two_params()
    grads = [{"a.w": torch.full((2, 2), 2.0, dtype=torch.float64),
              "a.b": torch.tensor([1.0, -1.0], dtype=torch.float64)}]
    values, left = impl.torch_probes.optimizer_run(params, grads, "sgd", 0.1)
    close(values[0]["a.w"], [[0.8, -2.2], [0.3, 2.8]], "a.w after one step of lr 0.1",
          evidence=witness(impl, "lenet_torch.optimizers", "after step 1"))
    close(values[0]["a.b"], [0.15, -0.65], "a.b after one step of lr 0.1",
          evidence=witness(impl, "lenet_torch.optimizers", "after step 1"))
    for name, grad in left[0].items():
        expect(grad is None or not grad.any(), f"{name}.grad was not zeroed by sgd_step",
               witness(impl, "lenet_torch.optimizers", "grads zeroed"))


def test_adam_moves_each_weight_by_lr_under_a_constant_gradient(impl):
    """With the same gradient g every step, m-hat = g and v-hat = g^2 after bias
    correction, so each step moves every weight by lr * g / (|g| + eps), about lr."""
    params = _two_params()
    g = {"a.w": torch.tensor([[3.0, -0.5], [1e-2, 7.0]], dtype=torch.float64),
         "a.b": torch.tensor([-4.0, 0.2], dtype=torch.float64)}
    values, left = impl.torch_probes.optimizer_run(params, [g, g, g], "adam", 0.01)
    for k, step in enumerate(values, start=1):
        for name in params:
            expected = params[name].numpy() - 0.01 * k * np.sign(g[name].numpy())
            close(step[name], expected, f"{name} after Adam step {k}", rtol=1e-5, atol=1e-7,
                  evidence=witness(impl, "lenet_torch.optimizers", ADAM_STEP.get(k, LAST)))
    expect(all(grad is None or not grad.any() for grad in left[-1].values()),
           "adam_step must zero the grads", witness(impl, "lenet_torch.optimizers",
                                                    "grads zeroed"))


# Rung 5: training ----------------------------------------------------------------------


def test_train_learns_a_toy_task(impl):
    """Bright square in the left or right half of the image: 2 epochs get it right."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 256)
    x = 0.2 * rng.standard_normal((256, 28, 28, 1)).astype(np.float32)
    for i, side in enumerate(y):
        r, c = rng.integers(4, 20), 14 * side + rng.integers(2, 8)
        x[i, r : r + 5, c : c + 5, 0] += 2.0
    history, predicted = impl.torch_probes.fit_and_predict(
        torch.tensor(x), torch.tensor(y), torch.tensor(x), epochs=2, batch_size=32,
        lr=3e-3, device="cpu")
    assert [h["epoch"] for h in history] == [1, 2], history
    assert history[1]["loss"] < history[0]["loss"], f"the loss did not go down: {history}"
    accuracy = float((predicted.numpy() == y).mean())
    assert accuracy > 0.9, f"accuracy {accuracy:.3f} after 2 epochs on the toy task"
