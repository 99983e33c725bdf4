"""output_size rejects a kernel larger than the unpadded size, forgetting that padding makes
room for the window (size 2, kernel 3, pad 1 raises)."""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "the kernel checked against the unpadded size"
NAMED_BY = ("padded input", "padded size", "unpadded", "without the padding", "before padding")
LISTED = False


def output_size(size, kernel, stride=1, pad=0):
    if kernel > size:
        raise ValueError(f"output_size: kernel {kernel} is larger than the input {size}")
    return reference_output_size(size, kernel, stride, pad)
