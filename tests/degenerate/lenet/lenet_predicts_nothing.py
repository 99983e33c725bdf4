"""LeNet5.predict returns an empty (0, 1) array of int64 labels, whatever the images."""

import numpy as np
from s13_cnn.lenet.lenet import LeNet5

BOUND = "lenet_predict_unwritten"


def predict_nothing(self, x, batch_size=512):
    return np.zeros((0, 1), dtype=np.int64)


LeNet5.predict = predict_nothing
