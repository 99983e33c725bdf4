"""LeNet5.forward runs the layers on x as given, without casting it to the model's dtype, so a
float32 model fed float64 images returns float64 logits."""

from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "x not cast to the model's dtype in forward"
NAMED_BY = ("cast", "model's dtype", "dtype")
LISTED = False


def forward_without_cast(self, x):
    if x.ndim != 4 or x.shape[1:] != (28, 28, 1):
        raise ValueError(f"LeNet5: expected input (N, 28, 28, 1), got {x.shape}")
    out = x
    for layer in self.layers:
        out = layer.forward(out)
    return out


LeNet5.forward = forward_without_cast
