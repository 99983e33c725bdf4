"""predict returns the labels as floats."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = "labels returned as floats: labels are integers, argmax gives them as int64"

reference_predict = LeNet5.predict


def predict_floats(self, x, batch_size=512):
    return reference_predict(self, x, batch_size).astype(float)


LeNet5.predict = predict_floats
