"""LeNet5Paper.predict returns an empty array of int64 labels, whatever the images."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

BOUND = "paper_predict_unwritten"


def predict_nothing(self, x, batch_size=512):
    return np.zeros(0, dtype=np.int64)


LeNet5Paper.predict = predict_nothing
