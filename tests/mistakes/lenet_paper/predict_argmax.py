"""LeNet5Paper.predict takes the argmax of the penalties, the class LEAST like the input."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

DIAGNOSIS = "argmax of the penalties: the best class has the SMALLEST penalty, argmin"



def predict_argmax(self, x, batch_size=512):
    chunks = [self.forward(x[i : i + batch_size]).argmax(axis=1)
              for i in range(0, len(x), batch_size)]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)


LeNet5Paper.predict = predict_argmax
