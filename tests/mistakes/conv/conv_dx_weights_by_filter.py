"""dx multiplies dout by w.reshape(F, -1) instead of w.reshape(-1, F).T: a reshape that
mixes the kernel's numbers."""

from s13_cnn.im2col.im2col import col2im

from ._gradients import install

DIAGNOSIS = (
    "dcols = dout @ w.reshape(F, -1): the kernel is (KH, KW, C, F), so its transpose is "
    "w.reshape(-1, F).T"
)


def mixed_dx(dout, cache):
    _, x, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dcols = dout.reshape(-1, F) @ w.reshape(F, -1)
    return col2im(dcols, x.shape, (KH, KW), stride, pad).astype(dout.dtype)


install(dx=mixed_dx)
