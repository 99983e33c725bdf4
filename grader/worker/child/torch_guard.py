"""Part 6's runtime guard, inside the worker: early, precise feedback when learner code
reaches what part 6 forbids ("your cross_entropy called torch.nn.functional.log_softmax").

A torch function mode (torch.overrides.TorchFunctionMode) sees every torch function a call
reaches, however it was looked up (vars(F), getattr with a built name, eval, sys.modules,
a tensor method by name). While a request runs, the worker holds the mode; a forbidden
function (torch_rules.rule) called from the learner's own code, or anything run by a
torch.nn module or a torch.optim optimizer, raises GuardError, which the test reports.

Defence in depth only: this runs in the learner's process, which can undo it. The points
are decided by the static check in the grading process (grader/hidden/rules.py).
Loaded by path by worker_main.py (standard library and torch only).
"""

import contextlib
import os
import sys


class GuardError(RuntimeError):
    """Learner code reached what part 6 forbids (arrives in the grader as RuntimeError)."""


def guard(rule, whys: dict, submission: str, given: list) -> contextlib.AbstractContextManager:
    """The mode to hold while a request runs, once torch is loaded (else nothing). `whys`:
    why for what torch's folders "nn" (modules, init) and "optim" run for the learner."""
    torch = sys.modules.get("torch")
    if torch is None:
        return contextlib.nullcontext()
    from torch.overrides import TorchFunctionMode, resolve_name

    torch_dir = os.path.dirname(torch.__file__) + os.sep
    overrides = os.path.join(torch_dir, "overrides.py")
    given_files = {os.path.join(submission, g) for g in given}

    class Guard(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            found = violation(func, sys._getframe(1))
            if found is not None:
                raise GuardError(found)
            return func(*args, **(kwargs or {}))

    names: dict = {}  # func -> (its name, why it is forbidden or None)

    def named(func):
        try:
            return names[func]
        except (KeyError, TypeError):  # TypeError: not hashable, never cached
            name = resolve_name(func) or _plain_name(func)
            found = (name, rule(name) if name else None)
            with contextlib.suppress(TypeError):
                names[func] = found
            return found

    def violation(func, frame):
        name, forbidden = named(func)
        # the name counts when the learner called it: past the dispatch (overrides.py, and
        # the Python function being dispatched), the caller is not torch's own code
        while frame is not None and frame.f_code.co_filename == overrides:
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename.startswith(torch_dir) \
                and frame.f_code.co_name == getattr(func, "__name__", None):
            frame = frame.f_back
        direct = frame is not None and not frame.f_code.co_filename.startswith(torch_dir)
        why = forbidden if direct else None
        used = name
        while frame is not None and frame.f_code.co_filename.startswith(torch_dir):
            folder = frame.f_code.co_filename[len(torch_dir):].removesuffix(".py").split(os.sep)
            if why is None and folder[0] in whys and folder[1:] != ["functional"]:
                used, why = ".".join(["torch", *folder]), whys[folder[0]]  # torch.optim.sgd
            frame = frame.f_back
        if why is None or frame is None:
            return None
        learner = _learner_frame(frame, submission, given_files)
        if learner is None:  # the grader's given helpers or the worker itself
            return None
        return (f"your {learner} called {used}: {why} (caught while it ran; the grader's "
                "check of your source decides the points)")

    return Guard()


def _plain_name(func) -> str | None:
    module, name = getattr(func, "__module__", None), getattr(func, "__name__", None)
    return f"{module}.{name}" if module and name else None


def _learner_frame(frame, submission: str, given_files: set):
    """The learner's function that made the call: the first frame in their modules, or
    the code they compiled themselves (exec, eval), else None."""
    first = frame.f_code.co_filename
    if first in given_files or not (first.startswith(submission) or first.startswith("<")):
        return None
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(submission) and path not in given_files:
            return frame.f_code.co_name
        frame = frame.f_back
    return "code"
