"""conv_param_grads divides dw and db by the batch size N, averaging over the batch a
gradient that the loss's dlogits has already divided by N.
"""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "dw and db divided by the batch size"
NAMED_BY = ("batch size", "/ n", "divided by n", "by n", "averag", "mean over the batch",
            "divided twice")
LISTED = False


def conv_param_grads(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache)
    N = dout.shape[0]
    return (dw / N).astype(dw.dtype), (db / N).astype(db.dtype)
