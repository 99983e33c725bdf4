"""The bias gradient is left at zero."""

import numpy as np
from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

from ._gradients import install

DIAGNOSIS = "db left at zero: db is the sum of dout over N, H_out and W_out"


def zero_db(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache[0])
    return dw, np.zeros_like(db)  # "the bias has no gradient"


install(param_grads=zero_db)
