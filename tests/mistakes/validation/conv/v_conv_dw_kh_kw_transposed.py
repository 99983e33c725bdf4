"""conv_param_grads reshapes cols.T @ dout to (KW, KH, C, F) and transposes it back to
(KH, KW, C, F): the right shape, dw transposed in KH and KW."""

from s13_cnn.conv.conv import conv_param_grads as reference_conv_param_grads

CONCEPT = "dw transposed in KH and KW (reshaped as (KW, KH, C, F))"
NAMED_BY = ("kh and kw", "kw, kh", "(kw, kh", "kernel transposed", "transposed kernel",
            "transposed in kh")
LISTED = False


def conv_param_grads(dout, cache):
    dw, db = reference_conv_param_grads(dout, cache)
    KH, KW, C, F = dw.shape
    return dw.reshape(KW, KH, C, F).transpose(1, 0, 2, 3).copy(), db
