"""The bias gradient is averaged over the batch instead of summed over N, H_out, W_out."""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

from ._gradients import install

DIAGNOSIS = "db averaged instead of summed: db sums dout over N, H_out and W_out (no division)"


def averaged_db(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache[0])
    return dw, (db / dout.shape[0]).astype(db.dtype)  # a mean over N


install(param_grads=averaged_db)
