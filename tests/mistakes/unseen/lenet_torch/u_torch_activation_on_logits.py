"""forward applies the activation after F7 too, so the logits pass through a ReLU (or tanh,
sigmoid) like every hidden layer.
"""

from s13_cnn.lenet_torch.lenet_torch import ACTIVATIONS
from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward

CONCEPT = "an activation applied to the output layer (after F7)"
NAMED_BY = ("after f7", "output layer", "last layer", "final layer", "activation on the",
            "raw logits")
LISTED = False


def forward(params, x, activation="relu", pool="avg"):
    logits = reference_forward(params, x, activation, pool)
    return ACTIVATIONS[activation](logits)
