"""Part 5's LeNet-5 in torch (float64, autograd), on a learner's weights: the reference the
hidden suite compares logits and gradients with."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch
import torch.nn.functional as F

from coursekit.expected import LENET_PARAM_SHAPES
from grader.hidden.torch_ref import (
    backprop,
    device,
    nhwc_to_nchw,
    tensor,
    to_numpy,
    weight_from_torch,
    weight_to_torch,
)

_ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}
_POOLS = {"avg": F.avg_pool2d, "max": F.max_pool2d}
CONV_LAYERS = {"c1": 2, "c3": 0, "c5": 0}  # name -> padding
DENSE_LAYERS = ("f6", "f7")
PARAM_SHAPES = LENET_PARAM_SHAPES


class TorchLeNet5:
    """LeNet-5 in torch (float64), with its weights taken from a learner's params.

    `params` maps the course's names ("c1.w", ..., "f7.b") to arrays in the course's
    layouts (conv (KH, KW, C, F), dense (in, out)). `forward(x NHWC)` gives logits;
    `gradients(x, dlogits)` backpropagates dlogits and returns (logits, grads) with
    grads keyed and shaped like `params`.
    """

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        activation: str = "relu",
        pool: str = "avg",
        dev: str | None = None,
    ):
        if activation not in _ACTIVATIONS or pool not in _POOLS:
            raise ValueError(f"TorchLeNet5: unknown activation {activation!r} or pool {pool!r}")
        missing = sorted(set(PARAM_SHAPES) - set(params))
        if missing:
            raise KeyError(f"TorchLeNet5: params lack {missing}")
        self.dev = dev or device()
        self.act = _ACTIVATIONS[activation]
        self.pool = _POOLS[pool]
        self.t: dict[str, torch.Tensor] = {}
        for name in PARAM_SHAPES:
            value = np.asarray(params[name], dtype=np.float64)
            if name.endswith(".w") and name[:2] in CONV_LAYERS:
                self.t[name] = weight_to_torch(value, self.dev, grad=True)
            else:
                self.t[name] = tensor(value, self.dev, grad=True)

    def _forward(self, x: np.ndarray) -> torch.Tensor:
        h = nhwc_to_nchw(x, self.dev)
        t = self.t
        h = self.pool(self.act(F.conv2d(h, t["c1.w"], t["c1.b"], padding=2)), 2)
        h = self.pool(self.act(F.conv2d(h, t["c3.w"], t["c3.b"])), 2)
        h = self.act(F.conv2d(h, t["c5.w"], t["c5.b"])).flatten(1)  # (N, 120)
        h = self.act(h @ t["f6.w"] + t["f6.b"])
        return h @ t["f7.w"] + t["f7.b"]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 28, 28, 1) -> logits (N, 10), float64."""
        with torch.no_grad():
            return to_numpy(self._forward(x))

    def gradients(self, x: np.ndarray, dlogits: np.ndarray):
        """-> (logits, {name: dL/dparam}) for L = sum(logits * dlogits)."""
        for t in self.t.values():
            t.grad = None
        logits = self._forward(x)
        backprop(logits, tensor(dlogits, self.dev))
        return to_numpy(logits), self._grads()

    def loss_and_gradients(self, x: np.ndarray, y: np.ndarray):
        """Mean softmax cross-entropy -> (loss, logits, {name: dloss/dparam})."""
        for t in self.t.values():
            t.grad = None
        logits = self._forward(x)
        loss = F.cross_entropy(logits, torch.tensor(np.asarray(y, dtype=np.int64), device=self.dev))
        loss.backward()
        return float(loss.item()), to_numpy(logits), self._grads()

    def _grads(self) -> dict[str, np.ndarray]:
        """Each parameter's gradient, in the course's layout."""
        grads = {}
        for name, t in self.t.items():
            if name.endswith(".w") and name[:2] in CONV_LAYERS:
                grads[name] = weight_from_torch(t.grad)
            else:
                grads[name] = to_numpy(t.grad)
        return grads
