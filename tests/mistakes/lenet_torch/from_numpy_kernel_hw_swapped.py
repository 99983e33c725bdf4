"""from_numpy moves a (KH, KW, C, F) kernel to (F, C, KW, KH): H and W swapped."""

from s13_cnn.lenet_torch.lenet_torch import from_numpy as reference_from_numpy

DIAGNOSIS = (
    "kernel as (F, C, KW, KH), H and W swapped: (KH, KW, C, F) goes to (F, C, KH, KW), "
    "transpose(3, 2, 0, 1)"
)



def from_numpy(named):
    params = reference_from_numpy(named)
    for name, t in params.items():
        if t.ndim == 4:  # transpose(3, 2, 1, 0) instead of (3, 2, 0, 1)
            params[name] = t.detach().transpose(2, 3).contiguous().requires_grad_(True)
    return params
