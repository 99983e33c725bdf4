"""LeNet5.forward runs the layers on x as given, without casting it to the model's dtype, so a
float32 model fed float64 images computes and returns float64.
"""

from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "input not cast to the model's dtype"
NAMED_BY = ("cast", "astype", "model's dtype", "model dtype", "float64", "float32")
LISTED = False


def forward_without_cast(self, x):
    if x.ndim != 4 or x.shape[1:] != (28, 28, 1):
        raise ValueError(f"LeNet5: expected input (N, 28, 28, 1), got {x.shape}")
    out = x
    for layer in self.layers:
        out = layer.forward(out)
    return out


LeNet5.forward = forward_without_cast
