"""Max pooling reads a (PH, PW) pool as (PW, PH): windows PW rows high, PH columns wide."""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward

DIAGNOSIS = "the pool's height and width swapped: pool (PH, PW) is PH rows by PW columns"


def maxpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    return reference_maxpool_forward(x, (PW, PH), stride if stride is not None or PH == PW
                                     else PH)
