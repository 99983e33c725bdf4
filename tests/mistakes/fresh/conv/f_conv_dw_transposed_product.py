"""conv_param_grads computes dw as dout.T @ cols, an (F, KH*KW*C) matrix, and reshapes that
straight into (KH, KW, C, F) without transposing it back.
"""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "dw = (dout^T cols) reshaped without the transpose: (F, K) read as (K, F)"
NAMED_BY = ("dout.t @ cols", "cols.t @ dout", "transpose", "transposed", "(f, k)",
            "reshape", "layout of dw", "dw layout")
LISTED = False


def conv_param_grads(dout, cache):
    x_shape, cols, w, stride, pad = cache
    _, db = reference_conv_param_grads(dout, cache)
    F = w.shape[3]
    dw = (dout.reshape(-1, F).T @ cols).reshape(w.shape).astype(w.dtype, copy=False)
    return dw, db
