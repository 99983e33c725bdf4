"""conv_param_grads sums dout over H_out and W_out for db but averages over the batch,
dividing by N."""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "db averaged over the batch (divided by N) instead of summed"
NAMED_BY = ("divided", "averag", "mean over", "batch mean", "/ n")
LISTED = False


def conv_param_grads(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache)
    return dw, (db / dout.shape[0]).astype(db.dtype, copy=False)
