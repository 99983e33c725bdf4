"""Conv2D draws its weights with std sqrt(1/fan_in) (LeCun) instead of He's sqrt(2/fan_in)."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = "std sqrt(1 / fan_in) (LeCun) instead of He's sqrt(2 / fan_in)"


reference_init = Conv2D.__init__


def lecun_init(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    self.w *= np.sqrt(0.5)  # sqrt(1 / fan_in): no 2


Conv2D.__init__ = lecun_init
