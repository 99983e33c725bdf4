"""SparseConv2D scatters connection k to kernel[:, :, outputs[k], inputs[k]]: input and
output maps swapped."""

import numpy as np
from s13_cnn.conv.conv import conv_backward, conv_forward
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D

DIAGNOSIS = (
    "the table read the other way round: w[:, :, k] connects input map inputs[k] to output "
    "map outputs[k], kernel[:, :, inputs, outputs]"
)


def kernel_swapped(self):
    K = self.kernel_size
    size = max(self.in_channels, self.out_channels)
    full = np.zeros((K, K, size, size), dtype=self.w.dtype)
    full[:, :, self.outputs, self.inputs] = self.w
    return full[:, :, : self.in_channels, : self.out_channels]


def forward_swapped(self, x):
    out, self.cache = conv_forward(x, self.kernel(), self.b)
    return out


def backward_swapped(self, dout):
    dx, dfull, self.db = conv_backward(dout, self.cache)
    size = max(self.in_channels, self.out_channels)
    padded = np.zeros(dfull.shape[:2] + (size, size), dtype=dfull.dtype)
    padded[:, :, : self.in_channels, : self.out_channels] = dfull
    self.dw = padded[:, :, self.outputs, self.inputs]
    return dx


SparseConv2D.kernel = kernel_swapped
SparseConv2D.forward = forward_swapped
SparseConv2D.backward = backward_swapped
