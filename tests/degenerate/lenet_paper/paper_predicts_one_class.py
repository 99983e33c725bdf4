"""LeNet5Paper.predict says class 0 for every image (int64 labels of the right shape)."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

BOUND = "paper_predict_unwritten"


def predict_class_zero(self, x, batch_size=512):
    return np.zeros(len(x), dtype=np.int64)


LeNet5Paper.predict = predict_class_zero
