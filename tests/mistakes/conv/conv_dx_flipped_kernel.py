"""dx is computed with the spatially flipped kernel, a rule for the full-convolution form
misapplied to col2im(dout @ w^T), which already places every term."""

from s13_cnn.im2col.im2col import col2im

from ._gradients import install


def flipped_kernel_dx(dout, cache):
    _, x, w, stride, pad = cache
    KH, KW, C, F = w.shape
    w_flipped = w[::-1, ::-1]  # "the backward of a convolution is a flipped convolution"
    dcols = dout.reshape(-1, F) @ w_flipped.reshape(-1, F).T  # (N*H_out*W_out, KH*KW*C)
    return col2im(dcols, x.shape, (KH, KW), stride, pad).astype(dout.dtype, copy=False)


install(dx=flipped_kernel_dx)
