"""col2im reads the rows in (n, w_out, h_out) order, its loops nested the wrong way round."""

from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "rows read in (n, w_out, h_out) order: rows run in (n, h_out, w_out) order, the loop over "
    "h_out outside the loop over w_out"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    if cols.shape != (N * H_out * W_out, KH * KW * C):
        return reference_col2im(cols, x_shape, kernel, stride, pad)  # its ValueError
    by_h = cols.reshape(N, W_out, H_out, -1).transpose(0, 2, 1, 3).reshape(cols.shape)
    return reference_col2im(by_h, x_shape, kernel, stride, pad)
