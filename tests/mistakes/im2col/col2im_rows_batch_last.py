"""col2im reads the rows in (h_out, w_out, n) order, the image loop innermost, where im2col
wrote them in (n, h_out, w_out) order."""

from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "col2im reads the rows in (h_out, w_out, n) order, the image loop innermost: rows run "
    "in (n, h_out, w_out) order, as im2col wrote them"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    if cols.shape[0] != N * H_out * W_out:
        return reference_col2im(cols, x_shape, kernel, stride, pad)  # its ValueError
    reread = cols.reshape(H_out, W_out, N, -1).transpose(2, 0, 1, 3).reshape(cols.shape)
    return reference_col2im(reread, x_shape, kernel, stride, pad)
