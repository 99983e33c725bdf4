"""LeNet5Paper.predict is the stub's (it raises NotImplementedError): the bound of the
submissions whose predictions are degenerate."""

from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper


def predict_unwritten(self, x, batch_size=512):
    raise NotImplementedError(
        "lenet_paper: implement LeNet5Paper.predict (see stages/s13_cnn/lenet_paper/README.md)"
    )


LeNet5Paper.predict = predict_unwritten
