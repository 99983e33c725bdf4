"""output_size checks the stride, the kernel and the fit, but never rejects a negative pad."""

CONCEPT = "no ValueError for pad < 0"
NAMED_BY = ("negative pad", "pad < 0", "pad >= 0", "negative padding", "pad must be")
LISTED = False


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1:
        raise ValueError(f"output_size: stride must be >= 1, got {stride}")
    if kernel < 1:
        raise ValueError(f"output_size: kernel must be >= 1, got {kernel}")
    padded = size + 2 * pad  # pad < 0 is never checked
    if kernel > padded:
        raise ValueError(f"output_size: kernel {kernel} does not fit in {size} + 2*{pad}")
    return (padded - kernel) // stride + 1
