"""The backward pass scatters dx with its own loop that forgets the stride (step 1), so dx is
wrong whenever stride > 1."""

import numpy as np

from ._gradients import install

DIAGNOSIS = (
    "the stride ignored in dx: window (h_out, w_out) goes back at (h_out*stride, w_out*stride)"
)


def dx_at_step_1(dout, cache):
    _, x, w, stride, pad = cache
    N, H, W, C = x.shape
    KH, KW, _, F = w.shape
    H_out, W_out = dout.shape[1:3]
    dcols = (dout.reshape(-1, F) @ w.reshape(-1, F).T).reshape(N, H_out, W_out, KH, KW, C)
    dxp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=dout.dtype)
    for i in range(KH):
        for j in range(KW):
            dxp[:, i : i + H_out, j : j + W_out, :] += dcols[:, :, :, i, j, :]  # step 1
    return dxp[:, pad : pad + H, pad : pad + W, :]


install(dx=dx_at_step_1)
