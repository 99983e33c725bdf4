"""MaxPool2D.forward stores each max's offset inside its window (0..PH*PW-1) as indices
instead of its flat position h * W + w in the input plane.
"""

from s13_cnn.pooling.pooling import MaxPool2D

CONCEPT = "indices relative to the window"
NAMED_BY = ("relative to the window", "within the window", "inside the window",
            "window offset", "h * w + w", "h*w + w", "flat position", "input plane")
LISTED = True

reference_maxpool2d_forward = MaxPool2D.forward


def forward_window_indices(self, x):
    out = reference_maxpool2d_forward(self, x)
    self.indices = self.cache[1].copy()
    return out


MaxPool2D.forward = forward_window_indices
