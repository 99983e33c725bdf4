"""LeNet5.forward runs the input through the layers in the input's own dtype instead of first
casting it to the model's dtype.
"""

from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "input not cast to the model's dtype"
NAMED_BY = ("dtype", "cast", "astype", "float32", "float64", "promot")
LISTED = False


def forward_no_cast(self, x):
    if x.ndim != 4 or x.shape[1:] != (28, 28, 1):
        raise ValueError(f"LeNet5: expected input (N, 28, 28, 1), got {x.shape}")
    out = x
    for layer in self.layers:
        out = layer.forward(out)
    return out


LeNet5.forward = forward_no_cast
