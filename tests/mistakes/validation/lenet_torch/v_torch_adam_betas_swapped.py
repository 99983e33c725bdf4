"""adam_step unpacks betas as (b2, b1), so m decays with 0.999 and v with 0.9."""

from s13_cnn.lenet_torch.lenet_torch import adam_step as reference_adam_step

CONCEPT = "beta1 and beta2 swapped"
NAMED_BY = ("betas", "beta1", "beta2", "b1 and b2", "swapped")
LISTED = False


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    reference_adam_step(params, state, lr, (b2, b1), eps)
