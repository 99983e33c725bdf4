"""db sums dout over N and H_out and then takes W_out's first column: an axis left out."""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

from ._gradients import install

DIAGNOSIS = (
    "db summed over some axes only: db[f] sums dout[..., f] over N, H_out and W_out, "
    "dout.sum(axis=(0, 1, 2))"
)


def db_over_n_and_h(dout, cache):
    reference_cache, x, w, stride, pad = cache
    dw, _ = reference_conv_param_grads(dout, reference_cache)
    return dw, dout.sum(axis=(0, 1))[0]


install(param_grads=db_over_n_and_h)
