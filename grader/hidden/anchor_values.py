"""The reference's values at the anchors of coursekit.anchors, for the visible tests.

grader/hidden/expected_values.py stores them in each part's expected.npz with the other
expected values (ANCHORS[part](ref) -> {"<case>.<quantity>": array}).
"""

from __future__ import annotations

import numpy as np

from coursekit import anchors as A
from coursekit.expected import lenet_images
from coursekit.strategies import normal_array


def _im2col(ref) -> dict[str, np.ndarray]:
    out = {}
    for case in (A.IM2COL_SQUARE, *A.IM2COL_TILES.values()):
        g, (x, *_) = case.g, case.inputs()
        out[f"{case.name}.im2col"] = ref.im2col.im2col(x, (g.KH, g.KW), g.stride, g.pad)
    return out


def _conv(ref) -> dict[str, np.ndarray]:
    out = {}
    for case in A.CONV_GRAD.values():
        g, (x, w, b, _) = case.g, case.inputs()
        out[f"{case.name}.out"] = ref.conv.conv_forward(x, w, b, g.stride, g.pad)[0]
    g, (x, w, b, dout) = A.CONV_REUSE.g, A.CONV_REUSE.inputs()
    cache = ref.conv.conv_forward(x, w, b, g.stride, g.pad)[1]
    for name, grad in zip(("dx", "dw", "db"), ref.conv.conv_backward(dout, cache), strict=True):
        out[f"{A.CONV_REUSE.name}.{name}"] = grad
    return out


def _pooling(ref) -> dict[str, np.ndarray]:
    out = {}
    for case in (*A.POOL_GRAD.values(), A.POOL_STRIDE_DEFAULT):
        g, (x, _) = case.g, case.inputs()
        out[f"{case.name}.max"] = ref.pooling.maxpool_forward(x, g.pool, g.stride)[0]
        out[f"{case.name}.avg"] = ref.pooling.avgpool_forward(x, g.pool, g.stride)[0]
    x, _ = A.global_grad_inputs()
    out["global_grad.out"] = ref.pooling.global_avgpool_forward(x)[0]
    return out


def _weighted(model, weights: dict):
    for name, value in weights.items():
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, np.array(value))
    return model


def _lenet(ref) -> dict[str, np.ndarray]:
    logits, y = A.softmax_grad_inputs()
    out = {"softmax.loss": np.array(ref.lenet.softmax_cross_entropy(logits, y)[0])}
    for (prefix, seed, (n, image_seed)), pairs in (
        (A.LENET_GRAD, (("tanh", "avg"), ("relu", "max"))),
        (A.LENET_RUNS, [(a, p) for a in ("relu", "tanh", "sigmoid") for p in ("avg", "max")]),
    ):
        for activation, pool in pairs:
            model = _weighted(ref.lenet.LeNet5(activation, pool, rng=0), A.lenet_weights(seed))
            out[f"{prefix}_{activation}_{pool}.logits"] = model.forward(lenet_images(n, image_seed))
    x, y = A.shuffle_inputs()
    weights = A.lenet_weights(A.LENET_SHUFFLE[2], dtype=np.float32)
    model = _weighted(ref.lenet.LeNet5(rng=0, dtype=np.float32), weights)
    history = ref.lenet.train(model, x, y, epochs=1, batch_size=6, lr=3e-3, rng=0)
    out["shuffle.loss"] = np.array(history[0]["loss"])
    return out


def _lenet_paper(ref) -> dict[str, np.ndarray]:
    P, out = ref.lenet_paper, {}
    out["tanh.y"] = P.scaled_tanh(2 * normal_array(0, (4, 5)))
    s = P.Subsampling(3, rng=1)
    s.coef, s.b = normal_array(20, (3,)), normal_array(21, (3,))
    out["subsampling.out"] = s.forward(normal_array(2, (2, 4, 6, 3)))
    conv = P.SparseConv2D(A.SPARSE_TABLE, 3, rng=2)
    conv.w, conv.b = 0.3 * normal_array(22, (3, 3, 7)), normal_array(23, (4,))
    out["sparse.out"] = conv.forward(normal_array(4, (2, 6, 5, 3)))
    rbf = P.RBFOutput(P.bitmap_codes(ref.bitmaps.DIGIT_BITMAPS))
    out["rbf.y"] = rbf.forward(normal_array(5, (3, 84)))
    y = np.abs(normal_array(6, (4, 10))) * 5
    out["map.loss"] = np.array(P.map_loss(y, np.array([1, 0, 9, 4]))[0])
    for key, seed, images in (("model", A.PAPER_MODEL, (5, 0)), ("grad", A.PAPER_GRAD, (2, 1))):
        model = _weighted(P.LeNet5Paper(rng=0), A.paper_weights(seed))
        out[f"{key}.y"] = model.forward(A.paper_images(*images))
    out["train.loss"] = np.array([h["loss"] for h in _paper_training(P)])
    return out


def _paper_training(P) -> list[dict]:
    images, labels = A.paper_toy_task()
    model = P.LeNet5Paper(rng=0)
    return P.train(model, P.prepare(images), labels, epochs=2, batch_size=16, lr=2e-3, rng=0)


def _lenet_torch(ref) -> dict[str, np.ndarray]:
    import torch

    T = ref.lenet_torch
    params = {n: torch.tensor(np.array(v)) for n, v in A.torch_weights(A.TORCH_NHWC).items()}
    x = torch.tensor(np.random.default_rng(0).standard_normal((3, 28, 28, 1)))
    logits = T.forward(params, x, activation="tanh", pool="max")
    c5w = T.init_params(seed=3)["c5.w"].detach().numpy().ravel()[:64]
    return {"nhwc.logits": logits.detach().numpy(), "init3.c5w": c5w}


def _exercises(ref) -> dict[str, np.ndarray]:
    shape, seed = A.INIT_SEEDED
    return {f"{name}.w": getattr(ref.initialisation, name)(shape, rng=seed)
            for name in ("xavier_init", "he_init")}  # fmt: skip


ANCHORS = {"im2col": _im2col, "conv": _conv, "pooling": _pooling, "lenet": _lenet,
           "lenet_torch": _lenet_torch, "lenet_paper": _lenet_paper, "exercises": _exercises}
