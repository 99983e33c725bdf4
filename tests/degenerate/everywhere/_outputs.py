"""Core of the submissions that degrade every output of a learner module alike.

`degrade(globals(), fill)` rebinds every public function and class of the module (those it
defines itself, not those it imports) so that each keeps the reference's body but hands
back `fill(value, inputs)` in place of every float it returns: an ndarray or tensor of a
float dtype, or a Python float, however deep in a tuple, list, dict or generator. With
`attributes=True`, the float attributes an instance holds are replaced the same way after
each of its methods (weights after __init__, gradients after backward). Integers,
booleans, strings, None, handles and exceptions pass unchanged: what such a submission
still earns (an output size, a ValueError, an update made in place) it earns honestly.

fill(value, inputs) gets the float ndarray (a Python float as a 0-d array, a tensor as
its values on the host) and the call's ndarray and tensor arguments, in order. A tensor
result is rebuilt on its device and keeps autograd working: a leaf stays a leaf that
requires grad, any other tensor becomes `filled + 0 * result` (gradients of zero).
"""

import functools
import inspect

import numpy as np

_DEGENERATE_LEARNER_NAMES = frozenset(globals())  # the module's own names, before this core


def _degenerate_torch():
    torch = globals().get("torch")
    return torch if torch is not None and hasattr(torch, "Tensor") else None


def _degenerate_leaf(value, fill, inputs):
    """One value: a float (array, tensor, scalar) filled; anything else as it is."""
    torch = _degenerate_torch()
    if isinstance(value, np.ndarray):
        return fill(value, inputs) if value.dtype.kind == "f" else value
    if isinstance(value, float | np.floating):
        filled = fill(np.asarray(value), inputs)
        is_number = isinstance(filled, np.ndarray) and filled.shape == () and filled.dtype != object
        return type(value)(filled) if is_number else filled
    if torch is not None and isinstance(value, torch.Tensor) and value.is_floating_point():
        filled = fill(value.detach().cpu().numpy().copy(), inputs)
        if isinstance(filled, torch.Tensor) or filled.dtype == object:
            return filled
        tensor = torch.as_tensor(filled, dtype=value.dtype, device=value.device)
        if not value.requires_grad:
            return tensor
        return tensor.requires_grad_(True) if value.is_leaf else tensor + 0 * value
    return value


def _degenerate_walk(value, fill, inputs):
    """value with every float inside it filled (containers rebuilt only where one changed)."""
    if isinstance(value, tuple | list):
        items = [_degenerate_walk(v, fill, inputs) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        items = {k: _degenerate_walk(v, fill, inputs) for k, v in value.items()}
        return value if all(items[k] is value[k] for k in value) else items
    if inspect.isgenerator(value):
        return (_degenerate_walk(v, fill, inputs) for v in value)
    return _degenerate_leaf(value, fill, inputs)


def _degenerate_inputs(args, kwargs) -> list:
    torch = _degenerate_torch()
    kinds = (np.ndarray,) if torch is None else (np.ndarray, torch.Tensor)
    return [a for a in (*args, *kwargs.values()) if isinstance(a, kinds)]


def _degenerate_function(function, fill):
    @functools.wraps(function)
    def degraded(*args, **kwargs):
        result = function(*args, **kwargs)
        return _degenerate_walk(result, fill, _degenerate_inputs(args, kwargs))

    return degraded


def _degenerate_method(method, fill, attributes):
    @functools.wraps(method)
    def degraded(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        inputs = _degenerate_inputs(args, kwargs)
        if attributes:
            for name, value in list(vars(self).items()):
                filled = _degenerate_walk(value, fill, inputs)
                if filled is not value:
                    setattr(self, name, filled)
        return _degenerate_walk(result, fill, inputs)

    return degraded


def degrade(namespace: dict, fill, attributes: bool = True) -> None:
    """Rebind the module's public functions and its classes' methods (and __init__) to
    versions whose float outputs are fill(value, inputs)."""
    module = namespace["__name__"]
    for name in sorted(_DEGENERATE_LEARNER_NAMES):
        value = namespace[name]
        if name.startswith("_") or getattr(value, "__module__", None) != module:
            continue
        if inspect.isfunction(value):
            namespace[name] = _degenerate_function(value, fill)
        elif inspect.isclass(value):
            for attr, member in list(vars(value).items()):
                if inspect.isfunction(member) and (attr == "__init__" or attr[0] != "_"):
                    setattr(value, attr, _degenerate_method(member, fill, attributes))
