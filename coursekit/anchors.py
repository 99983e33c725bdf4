"""Anchors: the inputs of the visible checks that compare two of the learner's results.

Their fast conv against their naive one, their backward against central differences of
their own forward, two draws of their init: a submission that returns NaN, zeros or its
input makes both sides agree. So each such check also compares one side with the
reference's result on the same inputs, precomputed into the part's expected.npz (by
grader/hidden/expected_values.py, read with coursekit.expected.lookup) under the names
given here. A model is checked on weights the test sets (lenet_weights, paper_weights,
torch_weights), never on the learner's own draw: zero weights make zero gradients.
"""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.expected import IM2COL_CASES, ConvCase, PoolCase
from coursekit.strategies import ConvGeometry, PoolGeometry, normal_array

# im2col: "<name>.im2col"; the property tests anchor on IM2COL_CASES[0] (stored already)
IM2COL_PROPERTY = IM2COL_CASES[0]
IM2COL_SQUARE = ConvCase("square", ConvGeometry(1, 5, 4, 2, 3, 3, 1, 1, 1), 5)
IM2COL_TILES = {  # kernel: windows of stride == kernel that tile x exactly
    k: ConvCase(f"tile{k}", ConvGeometry(*shape, k, k, 1, k, 0), 7)
    for k, shape in ((1, (2, 3, 2, 2)), (2, (2, 4, 6, 3)), (3, (1, 6, 3, 2)))
}

# conv: "<name>.out" for the gradient geometries (seed 11), "reuse.dx/dw/db" (seed 5)
CONV_GRAD = {
    "plain": ConvCase("grad_plain", ConvGeometry(1, 4, 5, 1, 3, 2, 2, 1, 0), 11),
    "stride2_pad1": ConvCase("grad_stride2_pad1", ConvGeometry(2, 5, 4, 2, 3, 3, 3, 2, 1), 11),
    "stride3_pad2": ConvCase("grad_stride3_pad2", ConvGeometry(1, 6, 6, 3, 2, 4, 2, 3, 2), 11),
}
CONV_REUSE = ConvCase("reuse", CONV_GRAD["stride2_pad1"].g, 5)

# pooling: "<name>.max" and "<name>.avg" (x distinct, seed 2; dout seed 3)
POOL_GRAD = {
    "2x2": PoolCase("grad_2x2", PoolGeometry(1, 4, 4, 1, 2, 2, None), 2),
    "3x2_stride2_ragged": PoolCase("grad_3x2_stride2_ragged", PoolGeometry(2, 5, 7, 2, 3, 2, 2), 2),
    "3x3_overlapping": PoolCase("grad_3x3_overlapping", PoolGeometry(1, 5, 5, 3, 3, 3, 1), 2),
}
POOL_STRIDE_DEFAULT = PoolCase("stride_default", PoolGeometry(2, 7, 7, 3, 3, 3, None), 6)
GLOBAL_GRAD = ((2, 3, 4, 2), 4, 5)  # x shape, x seed, dout seed: "global_grad.out"


def global_grad_inputs() -> tuple[np.ndarray, np.ndarray]:
    shape, x_seed, dout_seed = GLOBAL_GRAD
    return readonly(normal_array(x_seed, shape), normal_array(dout_seed, (shape[0], shape[3])))


# lenet: "softmax.loss"; "<prefix>_<activation>_<pool>.logits" of LeNet5 with
# lenet_weights(seed) on lenet_images(n, seed); "shuffle.loss", the first epoch's loss
# of train(model, *shuffle_inputs(), epochs=1, batch_size=6, lr=3e-3, rng=0) from
# LeNet5(dtype=np.float32) with lenet_weights(LENET_SHUFFLE[2], dtype=np.float32)
SOFTMAX_GRAD = (0, (3, 0, 9, 3, 7))  # logits 3 * normal(seed 0, (5, 10)), labels
LENET_SHAPES = {
    "c1.w": (5, 5, 1, 6), "c1.b": (6,), "c3.w": (5, 5, 6, 16), "c3.b": (16,),
    "c5.w": (5, 5, 16, 120), "c5.b": (120,), "f6.w": (120, 84), "f6.b": (84,),
    "f7.w": (84, 10), "f7.b": (10,),
}  # fmt: skip
LENET_GRAD = ("grad", 100, (2, 7))  # key prefix, weights seed, images (n, seed)
LENET_RUNS = ("runs", 101, (2, 5))  # the same, for every activation and pool
LENET_SHUFFLE = ((24, 13), 14, 105)  # float32 images (n, seed), labels seed, weights seed


def softmax_grad_inputs() -> tuple[np.ndarray, np.ndarray]:
    seed, labels = SOFTMAX_GRAD
    return readonly(3 * normal_array(seed, (5, 10)), np.array(labels))


def lenet_weights(seed: int, shapes: dict = LENET_SHAPES, dtype=np.float64) -> dict:
    """Read-only weights for every parameter: normals times sqrt(2 / fan_in) (fan_in:
    every axis but the last), biases normals times 0.1 (nonzero, so a lost bias shows)."""
    rng = np.random.default_rng(seed)
    found = {}
    for name, shape in shapes.items():
        scale = np.sqrt(2.0 / np.prod(shape[:-1])) if len(shape) > 1 else 0.1
        found[name] = readonly((rng.standard_normal(shape) * scale).astype(dtype))
    return found


def shuffle_inputs() -> tuple[np.ndarray, np.ndarray]:
    (n, seed), labels_seed, _ = LENET_SHUFFLE
    x = normal_array(seed, (n, 28, 28, 1), np.float32)
    return readonly(x, np.random.default_rng(labels_seed).integers(0, 10, n))


# lenet_paper: "tanh.y", "subsampling.out", "sparse.out", "rbf.y", "map.loss",
# "model.y" and "grad.y" (LeNet5Paper with paper_weights), "train.loss" (both epochs)
PAPER_SHAPES = {
    "c1.w": (5, 5, 1, 6), "c1.b": (6,), "s2.coef": (6,), "s2.b": (6,), "c3.w": (5, 5, 60),
    "c3.b": (16,), "s4.coef": (16,), "s4.b": (16,), "c5.w": (5, 5, 16, 120), "c5.b": (120,),
    "f6.w": (120, 84), "f6.b": (84,),
}  # fmt: skip
PAPER_FAN_IN = {"c1": 25, "s2": 4, "c3": 100, "s4": 4, "c5": 400, "f6": 120}
SPARSE_TABLE = ((0, 1), (1, 2), (0, 2), (2,))  # SparseConv2D(SPARSE_TABLE, 3): w (3, 3, 7)
PAPER_MODEL, PAPER_GRAD = 102, 103  # the weights seeds of the model checks


def paper_weights(seed: int) -> dict:
    """Read-only weights for every trainable array of LeNet5Paper, uniform in
    +-2.4 / fan_in as the paper draws them (C3 with fan_in 100 for every map)."""
    rng = np.random.default_rng(seed)
    return {name: readonly(rng.uniform(-1, 1, shape) * 2.4 / PAPER_FAN_IN[name[:2]])
            for name, shape in PAPER_SHAPES.items()}  # fmt: skip


def paper_toy_task() -> tuple[np.ndarray, np.ndarray]:
    """The training task of the visible suite: 48 images with ink on the left or right."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 48)
    images = np.zeros((48, 28, 28), dtype=np.uint8)
    for i, side in enumerate(labels):
        r, c = rng.integers(4, 18), 14 * side + rng.integers(2, 6)
        images[i, r : r + 6, c : c + 6] = 255
    return readonly(images, labels)


def paper_images(n: int, seed: int) -> np.ndarray:
    """Read-only (n, 32, 32, 1) inputs in prepare's range [-0.1, 1.175]."""
    return readonly(np.random.default_rng(seed).uniform(-0.1, 1.175, (n, 32, 32, 1)))


# lenet_torch: "nhwc.logits" (forward of torch_weights(TORCH_NHWC) on TORCH_NHWC images,
# tanh, max), "init3.c5w" (the first 64 numbers of init_params(seed=3)["c5.w"])
TORCH_SHAPES = {
    "c1.w": (6, 1, 5, 5), "c1.b": (6,), "c3.w": (16, 6, 5, 5), "c3.b": (16,),
    "c5.w": (120, 16, 5, 5), "c5.b": (120,), "f6.w": (84, 120), "f6.b": (84,),
    "f7.w": (10, 84), "f7.b": (10,),
}  # fmt: skip
TORCH_NHWC = 104


def torch_weights(seed: int) -> dict:
    """lenet_weights in torch's layouts: (F, C, KH, KW) kernels, (out, in) dense weights."""
    rng = np.random.default_rng(seed)
    found = {}
    for name, shape in TORCH_SHAPES.items():
        scale = np.sqrt(2.0 / np.prod(shape[1:])) if len(shape) > 1 else 0.1
        found[name] = readonly(rng.standard_normal(shape) * scale)
    return found


# exercises: "<name>.w" of xavier_init and he_init(shape, rng) in float64
INIT_SEEDED = ((20, 30), 1)
