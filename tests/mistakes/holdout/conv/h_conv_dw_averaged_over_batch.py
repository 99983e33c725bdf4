"""conv_param_grads divides dw by the batch size N, as if the layer had to average over the
batch (the loss has already divided by N)."""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "dw divided by the batch size"
NAMED_BY = (
    "divided by n",
    "divided by the batch",
    "batch size",
    "averag",
    "/ n",
    "mean over",
    "divided where you should sum",
    "times n",
)
LISTED = False


def conv_param_grads(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache)
    return (dw / dout.shape[0]).astype(dw.dtype, copy=False), db
