"""Every `uv` command of every README, run as written on a fresh copy of its tree.

The handout (built once with `grader handout`) and the project (its files as git lists
them) are each copied to a fresh folder, and the commands of each README run there in
reading order (tests/readmes.py), with uv offline from its cache, no network, and no MNIST
(so training uses the digits, as a learner without it would). On the stubs each command
runs, and where it fails it fails the way the READMEs say: a function still to write,
named, or a one-line `lenet:` error; never a missing module or command, a usage error, or a
traceback other than a stub's NotImplementedError. Then the reference's modules are copied
into stages/ and every command that failed on the stubs runs again: it must pass (in the
project, those of its own READMEs; the parts' READMEs pass in the handout). Identical
commands run once per tree and phase. A command marked `# not run in tests: <why>` is
reported as skipped with its reason. `pytest -s` prints every command run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from readmes import Command, cases, readme_texts, readmes
from trees import ROOT

from coursekit.course import LEARNER_FILES, PACKAGE
from grader.generate.handout import build_handout

TREES = ("handout", "project")
TIMEOUT = 1200  # seconds for one command
BROKEN = ("Failed to spawn", "No module named", "ModuleNotFoundError", "command not found",
          "unrecognized arguments", "invalid choice")  # fmt: skip


CASES = cases()


@dataclass(frozen=True)
class Done:
    code: int
    output: str
    seconds: float


def _run(command: Command, cwd: Path, env: dict[str, str]) -> Done:
    start = time.monotonic()
    try:
        proc = subprocess.run(["bash", "-c", command.shell], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT)  # fmt: skip
        code, output = proc.returncode, proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as exc:
        code, output = -9, f"timed out after {TIMEOUT} s: {exc.stdout!r:.2000}"
    return Done(code, output, time.monotonic() - start)


def _fresh_project(dest: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    for rel in filter(None, listed.split("\0")):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest


def _environment(tmp: Path) -> dict[str, str]:
    """uv offline from its cache. Bytecode is written, as on a learner's machine, but under
    tmp/pycache (PYTHONPYCACHEPREFIX), never into the trees: where PYTHONDONTWRITEBYTECODE
    is set (as in CI), every command would otherwise compile numpy, pytest, hypothesis,
    torch and the course from source again."""
    cache = subprocess.run(["uv", "cache", "dir"], capture_output=True, text=True, check=True)
    dropped = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "S13_", "PYTEST_", "MNIST_DIR",
               "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    return env | {
        "UV_OFFLINE": "1",
        "UV_CACHE_DIR": cache.stdout.strip(),
        "XDG_CACHE_HOME": str(tmp / "cache"),
        "PYTHONPYCACHEPREFIX": str(tmp / "pycache"),
    }


def _in_reference_phase(tree: str, command: Command) -> bool:
    return tree == "handout" or not command.readme.startswith("stages/")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[tuple[str, str, str], Done]:
    tmp = tmp_path_factory.mktemp("readmes")
    built = build_handout(tmp / "built" / "handout")
    assert {rel: (built / rel).read_text() for rel in readmes(built)} == readme_texts(
        "handout"
    )  # the commands collected are the built handout's
    env = _environment(tmp)
    done: dict[tuple[str, str, str], Done] = {}
    log = []
    for tree in TREES:
        root = tmp / tree / "tree"
        if tree == "handout":
            shutil.copytree(built, root)
        else:
            _fresh_project(root)
        runnable = [c for t, c in CASES if t == tree and not c.why_not]
        for phase in ("stubs", "reference"):
            if phase == "reference":
                for rel in LEARNER_FILES:  # the reference, copied over the stubs
                    source, dest = ROOT / "solutions" / PACKAGE / rel, root / "stages" / PACKAGE
                    shutil.copy2(source, dest / rel)
            for command in runnable:
                key = (tree, phase, command.key)
                if key in done:
                    continue
                if phase == "reference" and (
                    done[(tree, "stubs", command.key)].code == 0
                    or not _in_reference_phase(tree, command)
                ):
                    continue
                done[key] = _run(command, root, env)
                first = command.shell.split("#")[0].strip().splitlines()[0]
                log.append(
                    f"{tree:8} {phase:9} exit {done[key].code:3} "
                    f"{done[key].seconds:6.1f} s  {first}"
                )
    print("\nREADME commands run (tree, phase, exit status, seconds, command):")
    print("\n".join(log))
    print("not run:\n" + "\n".join(f"{t:8} {c.id}: {c.why_not}" for t, c in CASES if c.why_not))
    return done


def _broken(done: Done) -> str:
    said = [sign for sign in BROKEN if sign in done.output]
    if (
        "Traceback (most recent call last)" in done.output
        and "NotImplementedError: " not in done.output
    ):
        said.append("a traceback")
    return ", ".join(said)


@pytest.mark.slow
@pytest.mark.parametrize(("tree", "command"), CASES, ids=[f"{t}:{c.id}" for t, c in CASES])
def test_readme_command(runs, tree, command):
    if command.why_not:
        pytest.skip(f"not run in tests: {command.why_not}")
    stubs = runs[(tree, "stubs", command.key)]
    tail = stubs.output[-3000:]
    assert not _broken(stubs), f"{_broken(stubs)}:\n{tail}"
    if "pytest" in command.shell.split():
        assert stubs.code == 1 and "implement " in stubs.output, tail  # the stubs fail
    elif stubs.code != 0:
        named = "implement " in stubs.output or any(
            line.startswith("lenet: ") for line in stubs.output.splitlines()
        )
        assert stubs.code == 1 and named, f"exit {stubs.code}:\n{tail}"
    if stubs.code != 0 and _in_reference_phase(tree, command):
        reference = runs[(tree, "reference", command.key)]
        assert reference.code == 0 and not _broken(reference), reference.output[-3000:]
