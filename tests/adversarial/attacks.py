"""Hostile submissions: each a real attempt to forge a score or take the grader down.

One real Python file per attack in this folder (tests/adversarial/<name>.py, linted like
the rest): its docstring says what it tries, its ATTACK dict holds its settings (the
fields of Attack below), and everything after the line MARKER is the hostile code. The
code it shares with other attacks (the safety guard, the folder search, the liars, the
DoS wrapper, the learner's honest code, files a submission ships) lives in shared/, and a
`from adversarial.shared.X import ...  # inlined` line stands for it. The files are read
as text (load), never imported: importing one would run the attack.

Widely used Python autograders import learner code into the process that runs the tests,
so a submission can rewrite its own score. Every attack below is code that WOULD forge a
score (or hang, crash or flood a grader) if it ran in the grading process or could reach
the grader's files; tests/e2e/test_adversarial.py grades them all in one `grader run --batch`
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
shared/guard.py), __ADV_PORT__ (a TCP/UDP port on 127.0.0.1 the test listens on), __ADV_UNIX__ (an
abstract unix socket name the test listens on).

`requires` names the confinement an attack must not run without (checked against the
worker's own confinement report before the batch; see `unmet`): a fork bomb is run only
where RLIMIT_NPROC binds an unprivileged uid inside a pid namespace, 50 GB only under
a cgroup's memory.max or RLIMIT_DATA, a disk fill only with a private tmpfs and RLIMIT_FSIZE.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import py_compile
import re
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
# The catalog: one file per attack in this folder (never imported: it would run the attack)

HERE = Path(__file__).resolve().parent
SHARED = HERE / "shared"
MARKER = "# ---- appended to the submission below this line"
INLINE = re.compile(
    r"^(?:from adversarial\.shared\.(\w+) import .*|import adversarial\.shared\.(\w+)\b.*)\n",
    re.MULTILINE,
)


def appended(path: Path) -> str:
    """What a file appends to a submission: the text after its MARKER line, with each
    `from adversarial.shared.X import ...  # inlined` line replaced by what X appends."""
    head, sep, body = path.read_text(encoding="utf-8").partition(MARKER + "\n")
    assert sep, f"{path}: no line {MARKER!r}"
    return INLINE.sub(lambda m: appended(SHARED / f"{m.group(1) or m.group(2)}.py"), body)


def load(path: Path) -> Attack:
    """An attack from its file: the description is its docstring's first paragraph (after
    "Attack <name>: "), the settings its ATTACK dict (a literal), the code what it appends.
    `honest` names a file in shared/; an extra file's text "shared/X.py" is what X appends;
    a symlink's target may start with __ADV_SOLUTIONS__ (solutions/s13_cnn here)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree) or ""
    settings = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ATTACK"
    )
    first = " ".join(doc.split("\n\n")[0].split())
    description = first.removeprefix(f"Attack {path.stem}: ").removesuffix(".")
    honest = settings.pop("honest", "")
    links = settings.pop("symlinks", {})
    extra = {
        rel: appended(HERE / data) if isinstance(data, str) and data.startswith("shared/") else data
        for rel, data in settings.pop("extra_files", {}).items()
    }
    return Attack(
        path.stem,
        description,
        code=appended(path),
        honest=appended(SHARED / f"{honest}.py") if honest else "",
        extra_files=extra,
        symlinks={rel: to.replace("__ADV_SOLUTIONS__", str(SOLUTIONS)) for rel, to in
                  links.items()},
        **settings,
    )


ATTACKS: list[Attack] = [
    load(p) for p in sorted(HERE.glob("*.py")) if p.name not in ("__init__.py", "attacks.py")
]


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

    `marker` is the only folder an attack may write to should confinement fail (shared/guard.py);
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
        elif need == "data":
            n = _limit(confinement, "data")
            cgroup = "cgroup memory.max" in str(confinement.get("memory"))
            if not cgroup and (n is None or n > 8 * GIB):
                reasons.append(f"neither a cgroup nor RLIMIT_DATA of 8 GiB or less (data={n})")
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
