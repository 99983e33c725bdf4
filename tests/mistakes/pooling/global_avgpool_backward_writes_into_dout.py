"""Global average-pool backward divides dout in place (dout /= H*W), writing into its
argument; right numbers, wrong for any caller that reuses dout."""

import numpy as np
from s13_cnn.pooling.pooling import global_avgpool_backward as reference_global_avgpool_backward

DIAGNOSIS = (
    "dout written into (dout /= ...): never write into an array you were given, build a new one"
)



def global_avgpool_backward(dout, cache):
    N, H, W, C = reference_global_avgpool_backward(dout, cache).shape
    dout /= H * W  # in place: the caller's array changes
    return np.broadcast_to(dout[:, None, None, :], (N, H, W, C)).copy()
