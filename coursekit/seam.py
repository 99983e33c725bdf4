"""The one seam through which every test reaches an implementation of stage 13.

Tests never import `s13_cnn` themselves: they take the `impl` fixture and call
`impl.conv.conv_forward(x, w, b, stride=2)`, `impl.lenet.LeNet5(rng=0)`, ... The object
behind `impl` is either `InProcessImpl` (the learner's quick loop: the modules imported
here) or the grader's worker proxy (learner code in a confined process). Both honour
the same rules, so one test file serves both:

1. Arguments are data: ndarrays (their writeable flag is kept), Python scalars, str,
   None, numpy dtypes (np.float32), tuples/lists/dicts of these, and handles (opaque
   objects an earlier call returned, such as a cache or a Conv2D). Random generators
   are passed as int seeds (`rng=0`).
2. Results are data of the same kinds; anything else comes back as a handle, which can
   be passed back, have its methods called, and its attributes read (`layer.w`) or set
   (`layer.w = new`). Iterators (`params()`) are read with `list(...)`.
3. A returned array is a result, not a view into the implementation: to change a
   parameter, assign the attribute (`layer.w = w2`), never write into a returned array.
4. Exceptions from the implementation arrive as the builtin exception of the same name
   (ValueError, NotImplementedError, ...) and otherwise as `ImplementationError`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

from coursekit.course import MODULES, NAMES, PACKAGE

__all__ = ["MODULES", "PACKAGE", "ImplementationError", "InProcessImpl"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"stages": PROJECT_ROOT / "stages", "solutions": PROJECT_ROOT / "solutions"}


class ImplementationError(Exception):
    """An exception raised by the implementation that has no builtin counterpart."""


def resolve_root(target: str | Path) -> Path:
    """'stages' | 'solutions' | a folder holding s13_cnn/ -> that folder."""
    root = TARGETS.get(str(target), Path(target)).resolve()
    if not (root / PACKAGE / "__init__.py").is_file():
        raise FileNotFoundError(f"no {PACKAGE}/ package under {root}")
    return root


def load_as(target: str | Path, name: str) -> SimpleNamespace:
    """The modules of target's s13_cnn package imported as package `name` instead (so that
    a second implementation, such as the reference, can live beside `s13_cnn` in one
    process), as attributes: ns.conv.conv_forward(...)."""
    package_dir = resolve_root(target) / PACKAGE
    package = sys.modules.get(name)
    if package is None:
        spec = importlib.util.spec_from_file_location(
            name, package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {package_dir} as {name}")
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package
        try:
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[name]
            raise
    return SimpleNamespace(
        **{attr: importlib.import_module(f"{name}.{module}") for attr, module in MODULES.items()}
    )


class InProcessImpl:
    """The stage 13 modules of one root, imported into this process as `s13_cnn`."""

    kind = "in-process"

    def __repr__(self) -> str:  # shown in assertion messages: no address, no internals
        return "impl"

    def __init__(self, target: str | Path = "stages"):
        self.root = resolve_root(target)
        loaded = sys.modules.get(PACKAGE)
        if loaded is None:
            sys.path.insert(0, str(self.root))
            loaded = importlib.import_module(PACKAGE)
        where = Path(loaded.__file__).resolve().parents[1]
        if where != self.root:
            raise RuntimeError(
                f"{PACKAGE} is already imported from {where}; one process tests one root"
            )
        # pytest imports the visible tests as s13_cnn.<part>.test_<part>; bind each part
        # package to this root first, or it would come from stages/ whatever the target.
        for part in NAMES:
            importlib.import_module(f"{PACKAGE}.{part}")

    def __getattr__(self, name: str) -> ModuleType:
        if name not in MODULES:
            raise AttributeError(f"impl has no part {name!r}; parts: {', '.join(MODULES)}")
        module = importlib.import_module(f"{PACKAGE}.{MODULES[name]}")
        setattr(self, name, module)
        return module

    def close(self) -> None:
        pass
