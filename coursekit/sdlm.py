"""Stochastic diagonal Levenberg-Marquardt (LeCun et al. 1998, appendix C) for part 7's
LeNet5Paper: `lenet train --model paper --optimizer sdlm`.

Every parameter w_k has its own step size eta_k = eps / (mu + h_kk), where h_kk estimates
the diagonal of the Hessian of the per-image loss. h is measured before every pass, on
`samples` training images (500 in the paper), by back-propagating second derivatives:

    F6's output x   the exact diagonal of the MAP loss's Hessian w.r.t. x, the RBF layer
                    included: sum_i p_i J_ij^2 - (sum_i p_i J_ij)^2 + 2 exp(-j) / Z, with
                    J_ij = dy_i/dx_j = 2 (x_j - code_ij), p_i = exp(-y_i) / Z
    y = f(a)        d_a = f'(a)^2 d_y                        (Gauss-Newton: no f'' term)
    a = w.x + b     d_x = sum over outputs of w^2 d_a,  h_w = sum over connections of
                    x^2 d_a,  h_b = sum of d_a               (weights shared: summed)

then averaged over the images. For a linear layer this is the diagonal of J^T diag(d) J
exactly; tests/test_sdlm.py checks every layer against torch's Jacobians. (A subsampling
unit's four inputs share its coefficient: J^T d J gives (block sum)^2 d, which the
paper's sum over connections would take as the sum of the squares.) The passes run beside
the training code, on the model's public attributes: nothing is added to the graded
layers. A convolution's pass is its own backward applied to x^2 and w^2.

Step sizes. With the paper's eps (5e-4 in the first two passes) the first pass diverges
here, at one image per step as at four: within a few hundred images the loss climbs from
83 to over 200 and C5 and F6 saturate. Back-propagated through squared weights of about
1e-4, the second derivatives of the lower layers are 1e-7 to 1e-3, far below mu, so those
weights step by eps / mu = 0.025 per image (the paper reports effective rates of 7e-5 to
0.016 in its first pass: its lower layers must have had larger estimates). One image per
step is stable up to eps = 5e-5; four per step learned faster at 2e-5 than at 5e-5
(coursekit.training's SDLM_RECIPE: the paper's mu, samples and schedule, eps times 1/25).
"""

from __future__ import annotations

import numpy as np

MU = 0.02  # the paper's mu: eta_k <= eps / mu however flat the loss
SAMPLES = 500  # images the Hessian is estimated on before every pass
CHUNK = 100  # images per forward pass of the estimate


def scaled_tanh_curvature(d: np.ndarray, y: np.ndarray, A: float, S: float) -> np.ndarray:
    """d = d2E/dy^2 of y = A tanh(S a) -> d2E/da^2 = f'(a)^2 d, f'(a) = (S / A)(A^2 - y^2)."""
    return d * ((S / A) * (A * A - y * y)) ** 2


def dense_curvature(d: np.ndarray, x: np.ndarray, w: np.ndarray):
    """a = x @ w + b; d: (N, F), x: (N, D), w: (D, F) -> (d_x (N, D), h_w (D, F), h_b (F,))."""
    return d @ (w * w).T, (x * x).T @ d, d.sum(axis=0)


def conv_curvature(conv, d: np.ndarray, x: np.ndarray, w: np.ndarray, stride=1, pad=0):
    """A convolution (module conv: conv_forward and conv_backward); d: (N, H_out, W_out, F),
    x: (N, H, W, C), w: (KH, KW, C, F) -> (d_x, h_w, h_b), shaped like x, w and (F,).

    Its backward on x^2 and w^2: sum of w^2 d over the outputs an input feeds, sum of x^2 d
    over the positions a weight is used at.
    """
    zeros = np.zeros(w.shape[3], dtype=w.dtype)
    _, cache = conv.conv_forward(x * x, w * w, zeros, stride, pad)
    return conv.conv_backward(d, cache)


def sparse_conv_curvature(conv, layer, d: np.ndarray, x: np.ndarray):
    """SparseConv2D: the dense kernel's pass, kept at the table's connections."""
    d_x, h_full, h_b = conv_curvature(conv, d, x, layer.kernel())
    return d_x, h_full[:, :, layer.inputs, layer.outputs], h_b


def subsampling_curvature(d: np.ndarray, x: np.ndarray, coef: np.ndarray):
    """out = coef * (2x2 block sum) + b; d: (N, H/2, W/2, C), x: (N, H, W, C) ->
    (d_x (N, H, W, C), h_coef (C,), h_b (C,)). Each input feeds one output, times coef."""
    sums = x[:, 0::2, 0::2] + x[:, 0::2, 1::2] + x[:, 1::2, 0::2] + x[:, 1::2, 1::2]
    d_x = np.repeat(np.repeat(d * coef * coef, 2, axis=1), 2, axis=2)
    return d_x, (d * sums * sums).sum(axis=(0, 1, 2)), d.sum(axis=(0, 1, 2))


def map_rbf_curvature(x: np.ndarray, codes: np.ndarray, j: float = 1.0) -> np.ndarray:
    """x: (N, 84) F6's outputs, codes: (10, 84) -> (N, 84), the diagonal of the Hessian of
    map_loss(RBF(x), label) w.r.t. x, image by image. The label drops out: its penalty is
    linear in the loss, and its curvature 2 is cancelled by the soft minimum's."""
    diff = x[:, None, :] - codes[None, :, :]                 # (N, 10, 84)
    y = (diff * diff).sum(axis=2)                            # (N, 10) penalties
    m = np.minimum(y.min(axis=1), j)                         # shifted as in map_loss
    e = np.exp(-(y - m[:, None]))
    rubbish = np.exp(-(j - m))                               # (N,)
    z = rubbish + e.sum(axis=1)
    p = (e / z[:, None])[:, :, None]                         # (N, 10, 1)
    J = 2 * diff
    spread = (p * J * J).sum(axis=1) - ((p * J).sum(axis=1)) ** 2   # a variance: >= 0
    return np.maximum(spread, 0) + (2 * rubbish / z)[:, None]


def diag_hessian(impl, model, x: np.ndarray, j: float = 1.0) -> dict[str, np.ndarray]:
    """x: (N, 32, 32, 1) -> {parameter name: the sum over the N images of its Gauss-Newton
    second derivative}, named and shaped as model.params() yields them."""
    P, L, conv = impl.lenet_paper, impl.layers, impl.conv
    names = {id(getattr(model, n)): n for n in P.PARAM_LAYERS}
    body = model.layers[:-1]                                 # the RBF goes with the loss
    inputs, out = [], x.astype(model.dtype, copy=False)
    for layer in body:
        inputs.append(out)
        out = layer.forward(out)
    outputs = [*inputs[1:], out]
    d = map_rbf_curvature(out, model.rbf.codes, j)
    h: dict[str, np.ndarray] = {}
    for layer, x_in, y in reversed(list(zip(body, inputs, outputs, strict=True))):
        if isinstance(layer, P.ScaledTanh):
            d = scaled_tanh_curvature(d, y, P.A, P.S)
            continue
        if isinstance(layer, L.Flatten):
            d = d.reshape(x_in.shape)
            continue
        if isinstance(layer, P.Subsampling):
            d, *hs = subsampling_curvature(d, x_in, layer.coef)
        elif isinstance(layer, P.SparseConv2D):
            d, *hs = sparse_conv_curvature(conv, layer, d, x_in)
        elif isinstance(layer, conv.Conv2D):
            d, *hs = conv_curvature(conv, d, x_in, layer.w, layer.stride, layer.pad)
        elif isinstance(layer, L.Dense):
            d, *hs = dense_curvature(d, x_in, layer.w)
        else:
            raise TypeError(f"diag_hessian: no second-derivative pass for {type(layer).__name__}")
        for (pname, _, _), value in zip(layer.params(), hs, strict=True):
            h[f"{names[id(layer)]}.{pname}"] = value
    return h


class SDLM:
    """The optimizer: value -= eta * batch_size * grad, eta = lr / (mu + h) per parameter.

    grad is the mean over a batch of batch_size images, so that a step is batch_size of
    the paper's one-image steps made at once. start_epoch re-estimates h on `samples`
    images (the mean of diag_hessian) and keeps eta fixed for the pass, as the paper does.
    """

    def __init__(self, impl, model, lr: float = 5e-4, mu: float = MU, samples: int = SAMPLES,
                 batch_size: int = 1, j: float = 1.0):
        self.impl, self.model = impl, model
        self.lr, self.mu, self.samples, self.batch_size, self.j = lr, mu, samples, batch_size, j
        self.h: dict[str, np.ndarray] = {}
        self.inverse: dict[str, np.ndarray] = {}

    def start_epoch(self, x: np.ndarray, rng: np.random.Generator) -> None:
        """x: the training inputs; h from `samples` of them, drawn by rng without replacement."""
        idx = np.sort(rng.choice(len(x), size=min(self.samples, len(x)), replace=False))
        total: dict[str, np.ndarray] = {}
        for first in range(0, len(idx), CHUNK):
            part = diag_hessian(self.impl, self.model, x[idx[first : first + CHUNK]], self.j)
            for name, value in part.items():
                total[name] = total.get(name, 0) + value.astype(np.float64)
        self.h = {name: value / len(idx) for name, value in total.items()}
        self.inverse = {name: 1.0 / (self.mu + value) for name, value in self.h.items()}

    def step(self, params) -> None:
        if not self.inverse:
            raise RuntimeError("SDLM.step before start_epoch: no second derivatives yet")
        scale = self.lr * self.batch_size
        for name, value, grad in params:
            value -= (scale * self.inverse[name] * grad).astype(value.dtype, copy=False)

