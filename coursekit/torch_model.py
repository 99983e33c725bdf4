"""Part 6's functions behind the model and optimizer interface coursekit.training drives.

training.train calls model.forward(x) -> scores, loss_fn(scores, y) -> (loss, dscores),
model.backward(dscores), optimizer.step(model.params()) and model.predict(x). Here the
forward keeps autograd's graph, the loss is part 6's cross_entropy on that graph, the
backward is autograd's, and the step is part 6's adam_step: the same loop, schedule and
augmentation as the NumPy LeNet-5, so that `lenet compare` compares like with like.
"""

from __future__ import annotations

import numpy as np


class TorchLeNet:
    """impl.lenet_torch's parameters and forward, on `device`."""

    def __init__(self, lenet_torch, seed: int, device: str, activation: str, pool: str):
        import torch

        self.torch, self.lt = torch, lenet_torch
        self.device = str(lenet_torch.resolve_device(device))
        self.tensors = lenet_torch.init_params(seed, device=self.device)
        self.activation, self.pool = activation, pool
        self.logits = self.loss = None

    def _tensor(self, x: np.ndarray):
        return self.torch.as_tensor(np.ascontiguousarray(x)).to(self.device)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.logits = self.lt.forward(self.tensors, self._tensor(x), self.activation, self.pool)
        return self.logits.detach().cpu().numpy()

    def loss_fn(self, scores: np.ndarray, y: np.ndarray) -> tuple[float, None]:
        """cross_entropy on the graph of the last forward (scores is its copy)."""
        self.loss = self.lt.cross_entropy(self.logits, self._tensor(y).long())
        return self.loss.detach().item(), None

    def backward(self, _dscores) -> None:
        self.loss.backward()

    def params(self) -> dict:
        return self.tensors

    def predict(self, x: np.ndarray, batch_size: int = 500) -> np.ndarray:
        labels = np.zeros(len(x), dtype=np.int64)
        with self.torch.no_grad():
            for start in range(0, len(x), batch_size):
                batch = self._tensor(x[start : start + batch_size])
                logits = self.lt.forward(self.tensors, batch, self.activation, self.pool)
                labels[start : start + len(batch)] = logits.argmax(1).cpu().numpy()
        return labels

    def count(self) -> int:
        return sum(t.numel() for t in self.tensors.values())


class TorchAdam:
    """adam_step with one state dict for the run; lr is set by the schedule."""

    def __init__(self, lenet_torch, model: TorchLeNet, lr: float):
        self.lt, self.model, self.lr, self.state = lenet_torch, model, lr, {}

    def step(self, _params) -> None:
        self.lt.adam_step(self.model.tensors, self.state, self.lr)
