"""LeNet5Paper.predict returns the class of the largest penalty (argmax) instead of the
smallest (argmin).
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

CONCEPT = "argmax of the RBF penalties instead of argmin"
NAMED_BY = ("argmax", "argmin", "smallest", "largest penalty", "smallest penalty",
            "highest penalty")
LISTED = True


def predict_argmax(self, x, batch_size=512):
    chunks = [
        self.forward(x[i : i + batch_size]).argmax(axis=1)
        for i in range(0, len(x), batch_size)
    ]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)


LeNet5Paper.predict = predict_argmax
