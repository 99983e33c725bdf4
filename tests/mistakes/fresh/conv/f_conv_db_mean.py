"""conv_param_grads averages dout over N, H_out and W_out for db instead of summing it.
"""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "db a mean instead of a sum"
NAMED_BY = ("mean", "averag", "divided where", "divided by", "/ m", "instead of summ",
            "sum, not")
LISTED = True


def conv_param_grads(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache)
    N, H_out, W_out, F = dout.shape
    return dw, (db / (N * H_out * W_out)).astype(db.dtype)
