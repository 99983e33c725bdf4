"""Global average-pool backward divides dout by H only."""

from s13_cnn.pooling.pooling import global_avgpool_backward as reference_global_avgpool_backward

DIAGNOSIS = "dout divided by H only: every position gets dout / (H*W)"


def global_avgpool_backward(dout, cache):
    return reference_global_avgpool_backward(dout, cache) * cache[2]
