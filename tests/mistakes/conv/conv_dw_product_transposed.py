"""dw is computed as dout^T @ cols, (F, KH*KW*C), and reshaped to (KH, KW, C, F) as it is."""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

from ._gradients import install

DIAGNOSIS = (
    "dw = dout^T @ cols reshaped as it is: that product is (F, KH*KW*C); dw = cols^T @ dout, "
    "(KH*KW*C, F), reshapes to w's shape"
)


def mixed_dw(dout, cache):
    reference_cache, x, w, stride, pad = cache
    dw, db = reference_conv_param_grads(dout, reference_cache)
    F = w.shape[3]
    return dw.reshape(-1, F).T.reshape(w.shape), db


install(param_grads=mixed_dw)
