"""adam_step keeps t, m and v in a fresh local dict at every call instead of the caller's state,
so every step is a first step."""

from s13_cnn.lenet_torch.lenet_torch import adam_step as reference_adam_step

CONCEPT = "Adam state (t, m, v) not kept between steps: reset every call"
NAMED_BY = ("state", "reset", "kept between", "every call", "first step", "t = 1")
LISTED = True


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    reference_adam_step(params, {}, lr, betas, eps)  # a new state each time
