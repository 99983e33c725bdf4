"""SDLM (coursekit/sdlm.py): every layer's second-derivative pass against torch.

For a layer a = g(x, theta) and a diagonal curvature d of the loss w.r.t. a, the pass must
give the diagonals of J^T diag(d) J for x and for each parameter (J: torch's Jacobian), the
Gauss-Newton second derivatives the paper back-propagates. The RBF layer and the MAP loss
together give the exact diagonal of the Hessian (torch's hessian). Then the whole model,
the optimizer's step, and `lenet train --model paper --optimizer sdlm` end to end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.autograd.functional import hessian, jacobian
from trees import ROOT

from coursekit import sdlm
from coursekit.checks import assert_close
from coursekit.seam import load_as


@pytest.fixture(scope="module")
def ref():
    """The reference, beside the stages package this process has imported."""
    return load_as("solutions", "_s13_reference")


def rand(seed, shape, low=-1.0, high=1.0):
    return np.random.default_rng(seed).uniform(low, high, shape)


def gn_diagonals(f, arrays, d):
    """diag(J^T diag(d) J) of f at arrays, one per array (float64 torch)."""
    tensors = tuple(torch.tensor(a) for a in arrays)
    jacs = jacobian(f, tensors)
    d = torch.tensor(d).reshape(-1, 1)
    return [
        ((J.reshape(d.shape[0], -1) ** 2) * d).sum(0).reshape(a.shape).numpy()
        for J, a in zip(jacs, arrays, strict=True)
    ]


def nhwc_conv(x, w, b, stride=1, pad=0):
    out = F.conv2d(x.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), b, stride=stride, padding=pad)
    return out.permute(0, 2, 3, 1)


def check(got, expected, what):
    for g, e, name in zip(got, expected, ("d_x", "h_w", "h_b"), strict=False):
        assert_close(g, e, rtol=1e-9, atol=1e-12, what=f"{what}: {name} vs torch's J^T d J")


def test_scaled_tanh_is_f_prime_squared(ref):
    P = ref.lenet_paper
    a, d = rand(0, (3, 5), -3, 3), rand(1, (3, 5), 0, 2)
    got = sdlm.scaled_tanh_curvature(d, P.scaled_tanh(a), P.A, P.S)
    (expected,) = gn_diagonals(lambda t: P.A * torch.tanh(P.S * t), [a], d)
    assert_close(got, expected, rtol=1e-9, atol=1e-12, what="scaled tanh: f'(a)^2 d")


def test_dense(ref):
    x, w, b, d = rand(2, (3, 5)), rand(3, (5, 4)), rand(4, (4,)), rand(5, (3, 4), 0, 2)
    check(
        sdlm.dense_curvature(d, x, w),
        gn_diagonals(lambda x, w, b: x @ w + b, [x, w, b], d),
        "dense (F6)",
    )


@pytest.mark.parametrize("stride, pad", [(1, 0), (2, 1)])
def test_conv(ref, stride, pad):
    x, w, b = rand(6, (2, 6, 5, 2)), rand(7, (3, 3, 2, 3)), rand(8, (3,))
    out = nhwc_conv(*(torch.tensor(a) for a in (x, w, b)), stride, pad)
    d = rand(9, out.shape, 0, 2)
    expected = gn_diagonals(lambda x, w, b: nhwc_conv(x, w, b, stride, pad), [x, w, b], d)
    check(
        sdlm.conv_curvature(ref.conv, d, x, w, stride, pad),
        expected,
        f"conv (C1, C5), stride {stride} pad {pad}",
    )


def test_sparse_conv(ref):
    layer = ref.lenet_paper.SparseConv2D(((0, 1), (1, 2), (0, 2), (2,)), 3, rng=0)
    onehot = np.zeros((len(layer.inputs), 3, 4))
    onehot[np.arange(len(layer.inputs)), layer.inputs, layer.outputs] = 1
    scatter = torch.tensor(onehot)

    def f(x, w, b):
        return nhwc_conv(x, torch.einsum("ijk,kcf->ijcf", w, scatter), b)

    x = rand(10, (2, 6, 5, 3))
    d = rand(11, (2, 4, 3, 4), 0, 2)
    check(
        sdlm.sparse_conv_curvature(ref.conv, layer, d, x),
        gn_diagonals(f, [x, np.array(layer.w), np.array(layer.b)], d),
        "sparse conv (C3)",
    )


def test_subsampling(ref):
    x, coef, b = rand(12, (2, 4, 6, 3)), rand(13, (3,)), rand(14, (3,))
    d = rand(15, (2, 2, 3, 3), 0, 2)

    def f(x, coef, b):
        return x.reshape(2, 2, 2, 3, 2, 3).sum(dim=(2, 4)) * coef + b

    check(
        sdlm.subsampling_curvature(d, x, coef),
        gn_diagonals(f, [x, coef, b], d),
        "subsampling (S2, S4)",
    )


@pytest.mark.parametrize("near", [0.0, 0.9])
def test_rbf_and_map_loss_give_the_exact_hessian_diagonal(ref, near):
    """Far from every code (all penalties large) and near the code of the label."""
    P = ref.lenet_paper
    codes = P.bitmap_codes(ref.bitmaps.DIGIT_BITMAPS)
    labels = np.array([3, 7, 0])
    x = near * codes[labels] + 0.3 * rand(16, (3, 84))
    got = sdlm.map_rbf_curvature(x, codes, j=1.0)
    tc = torch.tensor(codes)
    for n, label in enumerate(labels):

        def loss(v, label=label):
            y = ((v[None, :] - tc) ** 2).sum(dim=1)
            return y[label] + torch.logsumexp(torch.cat([-y, torch.tensor([-1.0])]), 0)

        expected = torch.diagonal(hessian(loss, torch.tensor(x[n]))).numpy()
        assert_close(
            got[n],
            expected,
            rtol=1e-8,
            atol=1e-10,
            what=f"diagonal of the MAP loss's Hessian w.r.t. F6, image {n}",
        )


def test_the_model_pass_names_every_parameter_and_adds_over_images(ref):
    P = ref.lenet_paper
    model = P.LeNet5Paper(rng=0)
    x = rand(17, (3, 32, 32, 1), -0.1, 1.175)
    h = sdlm.diag_hessian(ref, model, x)
    params = {name: value for name, value, _ in model.params()}
    assert set(h) == set(params), "one entry per parameter, named as params() names them"
    for name, value in params.items():
        assert h[name].shape == value.shape and np.all(h[name] >= 0), name
    one, two = sdlm.diag_hessian(ref, model, x[:1]), sdlm.diag_hessian(ref, model, x[1:])
    for name in h:
        assert_close(
            h[name],
            one[name] + two[name],
            rtol=1e-10,
            atol=1e-14,
            what=f"{name}: a sum over the images",
        )


def test_f6_second_derivatives_are_the_models_gauss_newton_diagonal(ref):
    """For F6 the diagonal recursion is exact: diag(J^T H J), J = dF6/dtheta from torch
    through the whole model's forward (its own numbers), H = the loss's Hessian."""
    P = ref.lenet_paper
    model = P.LeNet5Paper(rng=1)
    x = rand(18, (2, 32, 32, 1), -0.1, 1.175)
    h = sdlm.diag_hessian(ref, model, x)
    for layer in model.layers[:10]:
        x = layer.forward(x)
    x5 = torch.tensor(model.flatten.forward(x))  # (2, 120)
    w, b = np.array(model.f6.w), np.array(model.f6.b)
    codes = torch.tensor(model.rbf.codes)
    expected = {"f6.w": 0.0, "f6.b": 0.0}
    for n in range(2):

        def f6(w, b, n=n):
            return P.A * torch.tanh(P.S * (x5[n] @ w + b))

        def loss(v):
            y = ((v[None, :] - codes) ** 2).sum(dim=1)
            return y[0] + torch.logsumexp(torch.cat([-y, torch.tensor([-1.0])]), 0)

        tw, tb = torch.tensor(w), torch.tensor(b)
        H = hessian(loss, f6(tw, tb))
        for name, J in zip(("f6.w", "f6.b"), jacobian(f6, (tw, tb)), strict=True):
            J = J.reshape(84, -1)
            expected[name] = expected[name] + ((J * (H @ J)).sum(0)).reshape(J.shape[1:])
    assert_close(
        h["f6.w"], expected["f6.w"].reshape(w.shape).numpy(), rtol=1e-8, atol=1e-12, what="f6.w"
    )
    assert_close(h["f6.b"], expected["f6.b"].numpy(), rtol=1e-8, atol=1e-12, what="f6.b")


def test_step_is_eps_over_mu_plus_h_times_the_summed_gradient(ref):
    P = ref.lenet_paper
    model = P.LeNet5Paper(rng=2)
    x = rand(19, (4, 32, 32, 1), -0.1, 1.175)
    opt = sdlm.SDLM(ref, model, lr=1e-3, batch_size=4, samples=3)
    with pytest.raises(RuntimeError, match="start_epoch"):
        opt.step(model.params())
    opt.start_epoch(x, np.random.default_rng(0))
    chosen = np.sort(np.random.default_rng(0).choice(4, size=3, replace=False))
    expected = sdlm.diag_hessian(ref, model, x[chosen])
    _, dy = P.map_loss(model.forward(x), np.arange(4))
    model.backward(dy)
    before = {name: (np.array(v), np.array(g)) for name, v, g in model.params()}
    opt.step(model.params())
    for name, value, _ in model.params():
        v, g = before[name]
        eta = 1e-3 / (0.02 + expected[name] / 3)
        assert_close(value, v - 4 * eta * g, rtol=1e-9, atol=1e-15, what=f"SDLM step of {name}")


def lenet(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.lenet_cli", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )  # fmt: skip


@pytest.mark.parametrize("distort", [False, True])
def test_lenet_train_paper_sdlm_runs_end_to_end(tmp_path, distort):
    """Two passes on 200 images (the Hessian on all of them, fewer than 500)."""
    proc = lenet(
        "train",
        "--model",
        "paper",
        "--optimizer",
        "sdlm",
        "--epochs",
        "2",
        "--limit",
        "200",
        "--quiet",
        "--runs",
        str(tmp_path),
        *(["--distort"] if distort else []),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.search(r"epoch 2: lr 2\.00e-05 .*test acc [\d.]+", proc.stdout), proc.stdout
    assert re.search(r"error \d+\.\d\d%", proc.stdout)
    recipe = json.loads((tmp_path / "summary-paper-cpu.json").read_text())["recipe"]
    assert recipe["optimizer"] == "sdlm" and recipe["distort"] is distort
    assert recipe["epochs"] == 2 and recipe["shift"] == 0


def test_sdlm_is_for_the_papers_model_only():
    proc = lenet("train", "--model", "numpy", "--optimizer", "sdlm", "--limit", "10")
    assert proc.returncode == 2 and "--model paper only" in proc.stderr
