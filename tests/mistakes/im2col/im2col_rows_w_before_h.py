"""im2col emits the rows in (n, w_out, h_out) order, its loops over output positions nested
the wrong way round."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "rows in (n, w_out, h_out) order: rows run in (n, h_out, w_out) order, the loop over h_out "
    "outside the loop over w_out"
)


def im2col(x, kernel, stride=1, pad=0):
    cols = reference_im2col(x, kernel, stride, pad)
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    # loops "for v in range(W_out): for h in range(H_out)": rows in (n, w_out, h_out) order
    return cols.reshape(N, H_out, W_out, -1).transpose(0, 2, 1, 3).reshape(cols.shape)
