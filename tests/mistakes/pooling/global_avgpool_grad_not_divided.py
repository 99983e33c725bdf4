"""Global average-pool backward broadcasts dout to every position without dividing by H*W."""

from s13_cnn.pooling.pooling import global_avgpool_backward as reference_global_avgpool_backward

DIAGNOSIS = "dout not divided by H*W: every position gets dout / (H*W)"



def global_avgpool_backward(dout, cache):
    dx = reference_global_avgpool_backward(dout, cache)
    N, H, W, C = dx.shape
    return dx * (H * W)  # broadcasts dout, forgets the 1 / (H*W)
