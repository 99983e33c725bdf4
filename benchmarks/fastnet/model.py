"""FastLeNet5: the parameters, a gradient vector, buffers, and the training step.

With threads=2 a training step runs each half of the batch on its own thread (this one
and a helper), each with single-threaded BLAS and its own buffers and gradient vector,
and adds the two gradients: NumPy releases the GIL inside its array operations, so the
halves overlap, elementwise work included (a BLAS thread pool only splits the GEMMs).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .buffers import Buffers
from .layout import SIZE, from_reference, split, to_reference
from .passes import backward, forward, no_lap


def softmax_cross_entropy(
    logits: np.ndarray, y: np.ndarray, total: int | None = None
) -> tuple[float, np.ndarray]:
    """logits: (N, 10), y: (N,) -> (loss, dlogits: (N, 10)), as the reference's: the mean
    over total images (default N), of which these are a part."""
    total = total or len(logits)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(logits))
    loss = -log_probs[rows, y].sum() / total
    dlogits = np.exp(log_probs)
    dlogits[rows, y] -= 1
    dlogits /= total
    return float(loss), dlogits


class FastLeNet5:
    """params, grads: flat (61,706,) float32 vectors (FlatAdam updates params in place).

    train_step(x, y) -> loss fills grads; forward, backward and predict as the reference's.
    """

    def __init__(self, reference_params: dict[str, np.ndarray], threads: int = 1):
        """reference_params: {"c1.w": (5, 5, 1, 6), ...}, as solutions' LeNet5 names them."""
        if threads not in (1, 2):
            raise ValueError(f"FastLeNet5: threads must be 1 or 2, got {threads}")
        self.params = np.empty(SIZE, np.float32)
        self.grads = np.zeros(SIZE, np.float32)
        from_reference(reference_params, self.params)
        self.w, self.dw = split(self.params), split(self.grads)
        self.threads = threads
        self.helper_grads = np.zeros(SIZE, np.float32)  # the helper thread's half
        self.helper_dw = split(self.helper_grads)
        self.helper = ThreadPoolExecutor(1) if threads == 2 else None
        if threads == 2:
            from threadpoolctl import ThreadpoolController

            # set_num_threads directly: a threadpoolctl limit() costs ~0.1 ms per step
            self.blas = ThreadpoolController().select(user_api="blas").lib_controllers
        self.buffers: dict[tuple[int, int], Buffers] = {}
        self.last: Buffers | None = None  # the main thread's, for backward
        self.lap = no_lap  # a benchmark's stopwatch: lap(stage) after each stage

    @classmethod
    def like(cls, model, threads: int = 1) -> FastLeNet5:
        """The same weights as a reference LeNet5 (copied)."""
        return cls({name: value for name, value, _ in model.params()}, threads)

    def reference_params(self) -> dict[str, np.ndarray]:
        return to_reference(self.params)

    def reference_grads(self) -> dict[str, np.ndarray]:
        return to_reference(self.grads)

    def _buffers(self, N: int, thread: int = 0) -> Buffers:
        key = (thread, N)
        if key not in self.buffers:
            self.buffers[key] = Buffers(N)
        return self.buffers[key]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 28, 28, 1) -> logits: (N, 10), a view into a buffer."""
        self.last = self._buffers(len(x))
        return forward(self.w, self.last, x, self.lap)

    def backward(self, dlogits: np.ndarray) -> None:
        """dlogits: (N, 10) -> self.grads, for the batch of the last forward."""
        backward(self.w, self.dw, self.last, dlogits, self.lap)

    def predict(self, x: np.ndarray, batch_size: int = 64) -> np.ndarray:
        """x: (N, 28, 28, 1) -> labels (N,), batch_size images at a time (its buffers)."""
        chunks = [self.forward(x[i : i + batch_size]).argmax(axis=1)
                  for i in range(0, len(x), batch_size)]  # fmt: skip
        return np.concatenate(chunks)

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        """Forward, loss and backward of one batch -> its mean loss; fills self.grads."""
        if self.helper is None or len(x) < 2:
            loss, dlogits = softmax_cross_entropy(self.forward(x), y)
            self.backward(dlogits)
            return loss
        h = len(x) // 2
        before = [lib.get_num_threads() for lib in self.blas]
        for lib in self.blas:
            lib.set_num_threads(1)  # one BLAS thread per half
        try:
            other = self.helper.submit(self._half, x[h:], y[h:], len(x), self.helper_dw, 1)
            loss = self._half(x[:h], y[:h], len(x), self.dw, 0)
            loss += other.result()
        finally:
            for lib, n in zip(self.blas, before, strict=True):
                lib.set_num_threads(n)
        self.lap("other half")
        self.grads += self.helper_grads
        self.lap("sum of halves")
        return loss

    def _half(self, x, y, total: int, dw: dict[str, np.ndarray], thread: int) -> float:
        b = self._buffers(len(x), thread)
        lap = self.lap if thread == 0 else no_lap  # one stopwatch, the main thread's
        loss, dlogits = softmax_cross_entropy(forward(self.w, b, x, lap), y, total)
        backward(self.w, dw, b, dlogits, lap)
        return loss
