"""output_size never checks the stride, so stride 0 divides by zero (ZeroDivisionError) and a
negative stride returns a nonsense size instead of a ValueError.
"""

CONCEPT = "no ValueError for stride < 1"
NAMED_BY = ("stride < 1", "stride 0", "stride of 0", "stride=0", "zero stride",
            "zerodivisionerror", "stride must be", "negative stride")
LISTED = False


def output_size(size, kernel, stride=1, pad=0):
    if kernel < 1 or pad < 0:
        raise ValueError(f"output_size: bad kernel {kernel} or pad {pad}")
    padded = size + 2 * pad
    if kernel > padded:
        raise ValueError(f"output_size: kernel {kernel} is larger than the padded input")
    return (padded - kernel) // stride + 1
