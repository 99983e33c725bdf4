"""adam_step starts from fresh moments and t = 1 at every call: the state is not kept."""

from s13_cnn.lenet_torch.lenet_torch import adam_step as reference_adam_step

DIAGNOSIS = (
    "Adam's state not kept across steps: the moments m, v and the step count t live in the "
    "state dict the caller passes back every step"
)



def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    reference_adam_step(params, {}, lr, betas, eps)  # a new dict each step
