"""An exception of the learner's code, as data for the grader: its type name, builtin
bases, message and a traceback through the learner's files only (paths relative to the
submission). Loaded by path by worker_main.py (standard library only)."""

import traceback

MAX_TEXT = 16_000


def describe(e: BaseException, prefix: str) -> dict:
    """(type name, builtin bases, message, traceback through the learner's files only)."""
    try:
        return _describe(e, prefix)
    except Exception:  # an exception too odd to describe is still an exception
        return {"type": "RuntimeError", "bases": [], "tb": "",
                "msg": "the implementation raised an exception that cannot be described"}


def _describe(e: BaseException, prefix: str) -> dict:
    bases = [c.__name__ for c in type(e).__mro__ if c.__module__ == "builtins"]
    lines = []
    for fs in traceback.extract_tb(e.__traceback__):
        if fs.filename.startswith(prefix):
            fs.filename = fs.filename[len(prefix) :]
            lines.append(fs)
    tb = "".join(traceback.format_list(lines[-8:]))
    if isinstance(e, SyntaxError):
        tb += "".join(traceback.format_exception_only(type(e), e)).replace(prefix, "")
    try:  # a KeyError's str() is the repr of its key: keep the plain message
        msg = str(e.args[0]) if type(e) is KeyError and len(e.args) == 1 else str(e)
    except Exception:
        msg = "<the exception's message could not be formatted>"
    return {
        "type": type(e).__name__[:200],
        "bases": bases,
        "msg": msg[:MAX_TEXT],
        "tb": tb[-MAX_TEXT:],
    }
