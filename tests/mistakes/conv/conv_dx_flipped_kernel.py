"""dx is computed with the spatially flipped kernel, a rule for the full-convolution form
misapplied to col2im(dout @ w^T), which already places every term."""

from ._gradients import correct_dx, install

DIAGNOSIS = (
    "dx computed with the flipped kernel: col2im(dout @ w^T) already puts every term in its "
    "place, use w as it is (the flip belongs to the full-convolution form)"
)


def flipped_kernel_dx(dout, cache):
    reference_cache, x, w, stride, pad = cache
    w_flipped = w[::-1, ::-1]  # "the backward of a convolution is a flipped convolution"
    return correct_dx(dout, (reference_cache, x, w_flipped, stride, pad))


install(dx=flipped_kernel_dx)
