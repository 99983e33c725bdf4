"""LeNet-5 model files: one float array per parameter ("c1.w", ...) and string arrays of
metadata (activation, pool, dtype, the recipe and the training history, as JSON) in an
.npz, loaded with allow_pickle=False. A bad file is a ModelFileError that says what is
wrong, before anything of the learner's is imported."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from coursekit.training import Recipe

META_KEYS = ("activation", "pool", "dtype", "recipe", "history")


class ModelFileError(Exception):
    """A model file that is missing, unreadable, or not a LeNet5 saved by this tool."""


def save_model(
    model,
    path: str | os.PathLike[str],
    recipe: Recipe | None = None,
    history: list[dict] | None = None,
) -> Path:
    """Write every parameter and the metadata (the training history included, for
    `lenet show`'s curves) to path (.npz), atomically."""
    path = Path(path)
    arrays = {name: np.asarray(value) for name, value, _ in model.params()}
    meta = {
        "activation": _activation_name(model),
        "pool": _pool_name(model),
        "dtype": model.c1.w.dtype.name,
        "recipe": json.dumps(recipe.as_dict() if recipe else {}),
        "history": json.dumps(history or []),
    }
    arrays.update({key: np.array(value) for key, value in meta.items()})  # unicode, not object
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)
    return path


def read_model_file(path: str | os.PathLike[str]) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    """(metadata, parameters) of a model file, checked for form; ModelFileError if bad.

    Needs no implementation, so a bad file is reported before anything is imported.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(
            f"{path}: no such model file (make one with `lenet train --out {path}`)"
        )
    if not zipfile.is_zipfile(path):  # np.load would take any other file for a pickle
        raise ModelFileError(f"{path}: not a readable .npz model file (not a zip archive)")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except ValueError as exc:  # object arrays need pickle, which is refused
        raise ModelFileError(
            f"{path}: refused to load ({exc}); a model file holds plain arrays"
        ) from exc
    except (OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ModelFileError(f"{path}: not a readable .npz model file ({exc})") from exc
    missing = [key for key in META_KEYS[:3] if key not in arrays]
    if missing:
        raise ModelFileError(f"{path}: not a LeNet5 model file, no {', '.join(missing)} entry")
    meta = {key: str(arrays.pop(key)) for key in META_KEYS if key in arrays}
    return meta, arrays


def load_model(impl, path: str | os.PathLike[str]):
    """Rebuild the LeNet5 saved at path; ModelFileError says what is wrong with the file."""
    meta, arrays = read_model_file(path)
    try:
        model = impl.lenet.LeNet5(activation=meta["activation"], pool=meta["pool"], rng=0,
                                  dtype=np.dtype(meta["dtype"]))  # fmt: skip
    except (ValueError, TypeError) as exc:
        raise ModelFileError(f"{path}: its metadata does not build a LeNet5 ({exc})") from exc
    expected = {name: value.shape for name, value, _ in model.params()}
    if set(arrays) != set(expected):
        missing, unexpected = (
            sorted(set(expected) - set(arrays)),
            sorted(set(arrays) - set(expected)),
        )
        raise ModelFileError(
            f"{path}: parameters do not match LeNet5: missing {missing}, unexpected {unexpected}"
        )
    for name, value in arrays.items():
        if value.shape != expected[name] or value.dtype.kind != "f":
            raise ModelFileError(
                f"{path}: {name} is {value.dtype} {value.shape}, expected float {expected[name]}"
            )
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, value.astype(meta["dtype"]))  # assign, not write into
    return model


def _activation_name(model) -> str:
    return type(model.layers[1]).__name__.lower()  # ReLU -> "relu", Tanh -> "tanh"


def _pool_name(model) -> str:
    return "max" if "max" in type(model.s2).__name__.lower() else "avg"
