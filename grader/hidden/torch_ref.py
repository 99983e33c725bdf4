"""Torch references for stage 13, in float64 with autograd, NHWC in and out.

Every function takes and returns NumPy arrays in the course's layout (NHWC, weights
(KH, KW, C, F)) and does the work in torch on `device()`: the GPU when there is one,
else the CPU. The hidden suites compare learners' results with these; they never
compare with code a learner could have written.
"""

from __future__ import annotations

import os

import numpy as np
import torch
import torch.nn.functional as F

__all__ = [
    "avgpool_backward",
    "avgpool_forward",
    "conv_backward",
    "conv_forward",
    "device",
    "fold",
    "global_avgpool_backward",
    "global_avgpool_forward",
    "maxpool_backward",
    "maxpool_forward",
    "nchw_to_nhwc",
    "nhwc_to_nchw",
    "pad2d",
    "softmax_cross_entropy",
    "unfold",
]

DEVICE_ENV = "S13_TORCH_DEVICE"

# The references run many small float64 ops: one CPU thread is fastest, and on a busy
# machine torch's default thread pool spin-waits (measured: 2 threads 53 ms per small
# conv2d, 1 thread 1.7 ms, on a loaded 2-core machine).
torch.set_num_threads(1)


def device() -> str:
    """ "cuda" or "cpu": env S13_TORCH_DEVICE=auto (default) | cpu | cuda.

    The one place the grader chooses where torch runs. auto picks the GPU when torch
    sees one; asking for cuda without one is an error, never a silent fallback.
    """
    wanted = os.environ.get(DEVICE_ENV, "auto").strip().lower() or "auto"
    if wanted not in ("auto", "cpu", "cuda"):
        raise ValueError(f"{DEVICE_ENV} must be auto, cpu or cuda, got {wanted!r}")
    if wanted == "cpu":
        return "cpu"
    available = torch.cuda.is_available()
    if wanted == "cuda" and not available:
        raise RuntimeError(
            f"{DEVICE_ENV}=cuda but torch sees no CUDA device (torch {torch.__version__}, "
            f"built for CUDA {torch.version.cuda}); set {DEVICE_ENV}=auto or cpu"
        )
    return "cuda" if available else "cpu"


# ---------------------------------------------------------------- layout helpers


def nhwc_to_nchw(x: np.ndarray, dev: str | None = None, grad: bool = False) -> torch.Tensor:
    """(N, H, W, C) array -> (N, C, H, W) float64 tensor on dev (a leaf if grad)."""
    t = torch.tensor(np.array(x, dtype=np.float64, order="C"), device=dev or device())
    t = t.permute(0, 3, 1, 2).contiguous()
    return t.requires_grad_(grad)


def nchw_to_nhwc(t: torch.Tensor) -> np.ndarray:
    """(N, C, H, W) tensor -> (N, H, W, C) float64 array."""
    return t.detach().permute(0, 2, 3, 1).to("cpu", torch.float64).numpy().copy()


def tensor(a: np.ndarray, dev: str, grad: bool = False) -> torch.Tensor:
    t = torch.tensor(np.array(a, dtype=np.float64, order="C"), device=dev)
    return t.requires_grad_(grad)


def weight_to_torch(w: np.ndarray, dev: str, grad: bool = False) -> torch.Tensor:
    """(KH, KW, C, F) -> (F, C, KH, KW)."""
    t = tensor(np.transpose(w, (3, 2, 0, 1)), dev)
    return t.requires_grad_(grad)


def weight_from_torch(t: torch.Tensor) -> np.ndarray:
    """(F, C, KH, KW) -> (KH, KW, C, F)."""
    return t.detach().permute(2, 3, 1, 0).to("cpu", torch.float64).numpy().copy()


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().to("cpu", torch.float64).numpy().copy()


def backprop(out: torch.Tensor, dout: torch.Tensor) -> None:
    """out.backward(dout), as the gradient of sum(out * dout): a tensor passed to backward
    makes torch import sympy (about 5 s on a first call), a scalar loss does not."""
    (out * dout).sum().backward()


def _pair(k) -> tuple[int, int]:
    if isinstance(k, (int, np.integer)):
        return int(k), int(k)
    return int(k[0]), int(k[1])


# ---------------------------------------------------------------- padding, im2col


def pad2d(x: np.ndarray, pad, value: float = 0.0, dev: str | None = None) -> np.ndarray:
    """F.pad of an NHWC batch: pad int | (ph, pw) | ((top, bottom), (left, right))."""
    if isinstance(pad, (int, np.integer)):
        (top, bottom), (left, right) = (pad, pad), (pad, pad)
    elif all(isinstance(v, (int, np.integer)) for v in pad):
        (top, bottom), (left, right) = (pad[0], pad[0]), (pad[1], pad[1])
    else:
        (top, bottom), (left, right) = pad
    t = nhwc_to_nchw(x, dev)
    out = F.pad(t, (int(left), int(right), int(top), int(bottom)), value=float(value))
    return nchw_to_nhwc(out)


def unfold(x: np.ndarray, kernel, stride: int = 1, pad: int = 0, dev: str | None = None):
    """im2col by F.unfold, reordered to the course's convention.

    -> (N*H_out*W_out, KH*KW*C): rows (n, h_out, w_out), columns (kh, kw, c).
    torch's own columns are (c, kh, kw) and its rows run along the last axis.
    """
    KH, KW = _pair(kernel)
    N, H, W, C = x.shape
    cols = F.unfold(nhwc_to_nchw(x, dev), (KH, KW), padding=pad, stride=stride)
    L = cols.shape[-1]  # H_out * W_out
    cols = cols.reshape(N, C, KH, KW, L).permute(0, 4, 2, 3, 1)  # (N, L, KH, KW, C)
    return to_numpy(cols.reshape(N * L, KH * KW * C))


def fold(cols: np.ndarray, x_shape, kernel, stride: int = 1, pad: int = 0, dev=None):
    """col2im by F.fold (overlaps add up), from the course's column order."""
    KH, KW = _pair(kernel)
    N, H, W, C = x_shape
    L = cols.shape[0] // N
    t = tensor(cols, dev or device()).reshape(N, L, KH, KW, C).permute(0, 4, 2, 3, 1)
    t = t.reshape(N, C * KH * KW, L)
    out = F.fold(t, (H, W), (KH, KW), padding=pad, stride=stride)
    return nchw_to_nhwc(out)


# ---------------------------------------------------------------- convolution


def conv_forward(x, w, b, stride: int = 1, pad: int = 0, dev: str | None = None) -> np.ndarray:
    """F.conv2d (cross-correlation) in float64: (N, H, W, C) -> (N, H_out, W_out, F)."""
    dev = dev or device()
    out = F.conv2d(
        nhwc_to_nchw(x, dev), weight_to_torch(w, dev), tensor(b, dev), stride=stride, padding=pad
    )
    return nchw_to_nhwc(out)


def conv_backward(x, w, b, dout, stride: int = 1, pad: int = 0, dev: str | None = None):
    """Autograd of sum(conv_forward(x, w, b) * dout) -> (dx, dw, db), course layouts."""
    dev = dev or device()
    xt = nhwc_to_nchw(x, dev, grad=True)
    wt = weight_to_torch(w, dev, grad=True)
    bt = tensor(b, dev, grad=True)
    out = F.conv2d(xt, wt, bt, stride=stride, padding=pad)
    backprop(out, nhwc_to_nchw(dout, dev))
    return nchw_to_nhwc(xt.grad), weight_from_torch(wt.grad), to_numpy(bt.grad)


# ---------------------------------------------------------------- pooling


def _pool_args(pool, stride):
    PH, PW = _pair(pool)
    s = PH if stride is None else int(stride)
    return (PH, PW), s


def maxpool_forward(x, pool=2, stride=None, dev: str | None = None):
    """F.max_pool2d with return_indices -> (out NHWC, indices NHWC int64, h * W + w)."""
    k, s = _pool_args(pool, stride)
    out, idx = F.max_pool2d(nhwc_to_nchw(x, dev), k, s, return_indices=True)
    return nchw_to_nhwc(out), idx.permute(0, 2, 3, 1).cpu().numpy().astype(np.int64)


def maxpool_backward(x, dout, pool=2, stride=None, dev: str | None = None) -> np.ndarray:
    k, s = _pool_args(pool, stride)
    dev = dev or device()
    xt = nhwc_to_nchw(x, dev, grad=True)
    backprop(F.max_pool2d(xt, k, s), nhwc_to_nchw(dout, dev))
    return nchw_to_nhwc(xt.grad)


def avgpool_forward(x, pool=2, stride=None, dev: str | None = None) -> np.ndarray:
    k, s = _pool_args(pool, stride)
    return nchw_to_nhwc(F.avg_pool2d(nhwc_to_nchw(x, dev), k, s))


def avgpool_backward(x, dout, pool=2, stride=None, dev: str | None = None) -> np.ndarray:
    k, s = _pool_args(pool, stride)
    dev = dev or device()
    xt = nhwc_to_nchw(x, dev, grad=True)
    backprop(F.avg_pool2d(xt, k, s), nhwc_to_nchw(dout, dev))
    return nchw_to_nhwc(xt.grad)


def global_avgpool_forward(x, dev: str | None = None) -> np.ndarray:
    """(N, H, W, C) -> (N, C)."""
    return to_numpy(F.adaptive_avg_pool2d(nhwc_to_nchw(x, dev), 1).flatten(1))


def global_avgpool_backward(x, dout, dev: str | None = None) -> np.ndarray:
    dev = dev or device()
    xt = nhwc_to_nchw(x, dev, grad=True)
    backprop(F.adaptive_avg_pool2d(xt, 1).flatten(1), tensor(dout, dev))
    return nchw_to_nhwc(xt.grad)


# ---------------------------------------------------------------- loss


def softmax_cross_entropy(logits, y, dev: str | None = None) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(logits) -> (loss, dloss/dlogits), float64."""
    dev = dev or device()
    lt = tensor(logits, dev, grad=True)
    loss = F.cross_entropy(lt, torch.tensor(np.asarray(y, dtype=np.int64), device=dev))
    loss.backward()
    return float(loss.item()), to_numpy(lt.grad)
