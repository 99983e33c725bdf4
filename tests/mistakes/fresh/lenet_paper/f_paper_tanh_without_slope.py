"""scaled_tanh computes 1.7159 * tanh(a), leaving out the slope S = 2/3 inside the tanh.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import A

CONCEPT = "scaled tanh without the 2/3 slope"
NAMED_BY = ("2/3", "2a/3", "slope", "s * a", "s*a", "tanh(s", "2 / 3")
LISTED = True


def scaled_tanh(a):
    return (A * np.tanh(a)).astype(a.dtype, copy=False)
