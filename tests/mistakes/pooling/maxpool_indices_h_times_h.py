"""MaxPool2D.indices flattens (h, w) as h * H + w instead of h * W + w."""


from ._maxpool import _correct_plane_indices, install

DIAGNOSIS = "indices as h * H + w: a row is W pixels long, the flat position is h * W + w"


def h_times_h(cache):
    x, pool, stride, arg = cache
    N, H, W, C = x.shape
    flat = _correct_plane_indices(cache)
    return (flat // W) * H + flat % W


install(plane_indices=h_times_h)
