"""Which names part 6 (lenet_torch) forbids, and why: the one table that the static check
(grader/hidden/rules.py, in the grading process: the verdict) and the worker's runtime
guard (torch_guard.py: early feedback) both read.

Standard library only: the worker loads it by path (it must not import the project).
"""

FUNCTIONAL = "torch.nn.functional"
# a ready-made loss, under whatever module or object it is reached
LOSSES = ("cross_entropy", "log_softmax", "nll_loss", "logsumexp")
# modules (and their members) that look a function up by its name, or load one by it
REFLECTIVE_MODULES = ("importlib", "builtins", "inspect", "ctypes", "gc", "pickle", "marshal",
                      "copyreg", "runpy", "code", "codeop", "types", "dill", "cloudpickle")
REFLECTIVE_NAMES = {"operator.attrgetter", "operator.methodcaller", "sys.modules",
                    "sys._getframe", "sys.meta_path", "sys.path_hooks", "torch.load",
                    "torch.hub", "torch.jit", "torch.package", "torch.ops", "torch.library"}
REFLECTIVE_BUILTINS = ("vars", "globals", "locals", "dir", "eval", "exec", "compile",
                       "__import__", "__builtins__", "__loader__", "__spec__", "breakpoint")
NAMED_ACCESS = ("getattr", "setattr", "delattr")  # allowed with a constant name only
WHY_NN = "torch.nn modules and layers are not allowed: use F.conv2d, F.linear, ... on " \
         "tensors you create"
WHY_OPTIM = "torch.optim is not allowed: write the update yourself under torch.no_grad()"
WHY_LOSS = "write the loss by hand (a stable log-sum-exp), not with a ready-made one"
WHY_DYNAMIC = "dynamic imports are not allowed in this part (they hide what is used)"
WHY_HIDDEN = ("not allowed in this part: it hides which function is used; write the name "
              "out (F.conv2d, torch.exp, ...)")
WHY_PRIVATE = "torch's private members are not allowed in this part: use its public API"


def rule(name: str) -> str | None:
    """Why a fully qualified name is forbidden, or None."""
    parts = name.split(".")
    if parts[-1] in LOSSES:
        return WHY_LOSS
    if parts[0] in REFLECTIVE_MODULES:
        return WHY_DYNAMIC if parts[0] == "importlib" else WHY_HIDDEN
    if any(name == r or name.startswith(r + ".") for r in REFLECTIVE_NAMES):
        return WHY_HIDDEN
    if parts[0] != "torch":
        return None
    if any(p.startswith("_") and not p.endswith("__") for p in parts[1:]):  # not dunders
        return WHY_PRIVATE
    if "optim" in parts[1:]:
        return WHY_OPTIM
    if "nn" in parts[1:] and not (name == FUNCTIONAL or name.startswith(FUNCTIONAL + ".")):
        return None if name == "torch.nn" else WHY_NN  # torch.nn alone: on its way to F
    return None
