"""The grader fails closed: it grades only where a worker has shown, from the inside, that
it is confined, and a worker that cannot start is a setup error (exit 2), never zero
points. What each deployment mode gets is checked by the adversarial campaign
(tests/e2e/test_adversarial.py, tests/deployments.py); here, the refusals.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from commands import run_grader

from grader.cli import main as cli
from grader.core.result import Result
from grader.results.gradebook import gradebook_csv
from grader.results.gradescope_json import gradescope
from grader.run import confinement
from grader.worker import check_confinement, sandbox


def _refusal(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def test_a_worker_here_is_confined_and_says_how():
    c = check_confinement()
    assert c["exposed"] == [] and c["mechanism"] in ("namespaces", "user namespace", "landlock")
    assert c["network"]["isolated"] and c["filesystem"]["isolated"]
    if c["mechanism"] != "landlock":
        assert c["pid_namespace"]["applied"]


def test_a_probe_that_gets_through_refuses_grading(capsys, monkeypatch):
    real = sandbox.probe_targets

    def leaky(submission_root):  # a "hidden test" every worker can read
        listener, targets = real(submission_root)
        return listener, targets | {"hidden_test": "/dev/null"}

    monkeypatch.setattr(sandbox, "probe_targets", leaky)
    err = _refusal(capsys, ["run", "solutions", "--part", "padding"])
    assert "refusing to grade" in err and "not confined" in err, err
    assert "hidden tests: read 0 bytes of /dev/null" in err, err
    assert "user namespaces" in err and "Landlock" in err and "--sandbox none" in err, err


def test_a_worker_that_cannot_be_imported_refuses_grading(capsys, monkeypatch):
    def broken(name, *args):
        raise ImportError(f"no module named {name!r} (simulated)")

    monkeypatch.setattr(confinement.importlib, "import_module", broken)
    err = _refusal(capsys, ["run", "solutions", "--part", "padding"])
    assert "the confined worker is not available" in err and "simulated" in err, err


def test_non_linux_hosts_are_refused(capsys, monkeypatch):
    monkeypatch.setattr(confinement.sys, "platform", "darwin")
    err = _refusal(capsys, ["run", "solutions", "--part", "padding"])
    assert "needs Linux" in err and "darwin" in err and "--sandbox none" in err, err


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: only then has the worker a uid "
                    "of its own, which a Python in a 0700 folder of root's shuts out")
def test_a_python_the_worker_cannot_execute_is_a_setup_error(tmp_path):
    # /var/tmp: the worker's own /tmp is a tmpfs that would hide a Python below /tmp
    home = Path(tempfile.mkdtemp(prefix="s13-private-python-", dir="/var/tmp"))
    try:
        (home / "bin").mkdir(mode=0o700)
        python = home / "bin" / "python3"
        shutil.copy2(os.path.realpath(sys.executable), python)
        done = run_grader("run", "solutions", "--part", "padding",
                          env={"S13_WORKER_PYTHON": str(python)}, timeout=300)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"cannot execute {python}: {home / 'bin'} is mode 0700" in done.stderr, done.stderr
    assert "install Python where other users can read it" in done.stderr, done.stderr
    assert "score" not in done.stdout, "it graded anyway"


def test_unconfined_runs_say_so_in_every_output():
    result = Result(name="ada", target="ada", parts=("padding",), sandbox="none")
    assert "UNCONFINED" in result.confinement_line()
    assert result.to_dict()["sandbox"] | {"confinement": {}} == {
        "mode": "none", "confined": False, "label": "unconfined", "confinement": {}}
    row = next(csv.DictReader(io.StringIO(gradebook_csv([result], ["padding"]))))
    assert row["sandbox"] == "unconfined"
    results_json = gradescope(result)
    assert "UNCONFINED" in results_json["output"]
    assert results_json["extra_data"]["confined"] is False
    confined = Result(name="bo", target="bo", parts=("padding",), sandbox="worker")
    row = next(csv.DictReader(io.StringIO(gradebook_csv([confined], ["padding"]))))
    assert row["sandbox"] == "confined"
    assert "UNCONFINED" not in gradescope(confined)["output"]
