"""conv_param_grads computes dout2.T @ cols, an (F, K) matrix, and reshapes it straight to w's
(KH, KW, C, F) shape.
"""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "dw as dout.T @ cols reshaped without a transpose: (F, K) read as (K, F)"
NAMED_BY = ("cols.t @ dout", "dout.t @ cols", "(f, k)", "transpose", "transposed",
            "dw layout")
LISTED = False


def conv_param_grads(dout, cache):
    x_shape, cols, w, stride, pad = cache
    F = w.shape[3]
    dw = (dout.reshape(-1, F).T @ cols).reshape(w.shape).astype(w.dtype, copy=False)
    _, db = reference_conv_param_grads(dout, cache)
    return dw, db
