"""im2col and col2im over flat, channel-major images: one strided view, and KH*KW adds.

A batch of C-channel images lives in a buffer (C, N, L): channel c of image n is the
(padded) Hp x Wp image row by row, then KW - 1 zeros, so L = Hp*Wp + KW - 1. A stride-1
convolution's output position p = h*Wp + v runs over H_out rows of the full width Wp:
the columns v >= W_out are junk (windows that wrap into the next row), computed but never
read. In exchange, window offset (i, j) of every position is the whole buffer shifted by
i*Wp + j, so im2col copies rows of P = H_out*Wp numbers instead of KW*C, and col2im adds
them back the same way. Gradients flowing back must be zero in the junk columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided


@dataclass(frozen=True)
class FlatConv:
    """A stride-1 KH x KW convolution of C-channel Hp x Wp (already padded) images."""

    C: int
    Hp: int
    Wp: int
    KH: int
    KW: int

    @property
    def H_out(self) -> int:
        return self.Hp - self.KH + 1

    @property
    def W_out(self) -> int:
        return self.Wp - self.KW + 1

    @property
    def K(self) -> int:
        """Rows of cols: one per (i, j, c), in that order (the reference's column order)."""
        return self.KH * self.KW * self.C

    @property
    def P(self) -> int:
        """Output positions per image, junk columns included."""
        return self.H_out * self.Wp

    @property
    def L(self) -> int:
        """Numbers per image and channel in the input buffer."""
        return self.Hp * self.Wp + self.KW - 1

    def image(self, xflat: np.ndarray) -> np.ndarray:
        """xflat: (C, N, L) -> its (C, N, Hp, Wp) images, a view (write into it)."""
        C, N, L = xflat.shape
        return xflat[:, :, : self.Hp * self.Wp].reshape(C, N, self.Hp, self.Wp)

    def valid(self, out: np.ndarray) -> np.ndarray:
        """out: (F, N*P) -> (F, N, H_out, W_out), the view without the junk columns."""
        F = out.shape[0]
        return out.reshape(F, -1, self.H_out, self.Wp)[:, :, :, : self.W_out]

    def im2col(self, xflat: np.ndarray, cols: np.ndarray) -> None:
        """xflat: (C, N, L) -> cols[:K]: (K, N*P), written in place; one copy."""
        C, N, L = xflat.shape
        s = xflat.itemsize
        windows = as_strided(
            xflat,
            shape=(self.KH, self.KW, C, N, self.P),
            strides=(self.Wp * s, s, N * L * s, L * s, s),
            writeable=False,
        )  # window (i, j) of channel c: the buffer shifted by i*Wp + j
        np.copyto(cols[: self.K].reshape(self.KH, self.KW, C, N, self.P), windows)

    def col2im(self, dcols: np.ndarray, dxflat: np.ndarray) -> None:
        """dcols: (K, N*P), zero in junk columns -> dxflat: (C, N, L), overwritten."""
        C, N, L = dxflat.shape
        d = dcols.reshape(self.KH * self.KW, C, N, self.P)
        dxflat[:, :, self.P :] = 0
        np.copyto(dxflat[:, :, : self.P], d[0])  # offset (0, 0)
        for k in range(1, self.KH * self.KW):
            i, j = divmod(k, self.KW)
            off = i * self.Wp + j
            dxflat[:, :, off : off + self.P] += d[k]  # rows of P numbers
