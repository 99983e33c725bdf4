"""A fake coursekit.checks a submission ships.
"""

# ---- appended to the submission below this line
"""A fake coursekit.checks: every teaching assertion passes."""


def _ok(*args, **kwargs):
    return None


assert_close = assert_shape = check_dtype = assert_unchanged = _ok
tolerance = lambda *dtypes: (1e300, 1e300)  # noqa: E731


def readonly(*arrays):
    return arrays[0] if len(arrays) == 1 else arrays


def unpack(result, *names, what=""):
    return tuple(result)
