"""grader/core/options.py and session.py: one frozen Options; every verdict option is in the
cache's digest; a Session crosses into a grading pytest whole."""

from __future__ import annotations

import dataclasses

import pytest

from coursekit.course import NAMES
from grader.core.options import Options, RunOptions, Verdict
from grader.core.session import Session

CHANGED = {  # a value other than the default, for every verdict option
    "parts": ("conv",),
    "timeout": 5.0,
    "submission_timeout": None,
    "device": "cpu",
    "sandbox": "none",
    "fail_fast": False,
    "worker_memory": 512,
}


def test_every_verdict_option_changes_the_digest():
    fields = {f.name for f in dataclasses.fields(Verdict)}
    assert fields == set(CHANGED), "a new verdict option needs a value here"
    base = Verdict().digest()
    digests = {name: Verdict(**{name: value}).digest() for name, value in CHANGED.items()}
    assert base not in digests.values() and len(set(digests.values())) == len(CHANGED)


def test_run_options_never_change_a_verdict():
    run = RunOptions(jobs=8, shards=3, threads=1, keep=True, progress=False, force=True)
    assert Options(Verdict(), run).verdict.digest() == Options().verdict.digest()


def test_options_are_frozen_and_parts_keep_teaching_order():
    verdict = Verdict(parts=("pooling", "padding"))
    assert verdict.parts == ("padding", "pooling")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.timeout = 1.0  # type: ignore[misc]
    assert Verdict().parts == NAMES


@pytest.mark.parametrize("bad", [{"parts": ("nope",)}, {"parts": ()}, {"sandbox": "docker"},
                                 {"device": "tpu"}])
def test_a_bad_option_is_an_error_not_a_default(bad):
    with pytest.raises(ValueError):
        Verdict(**bad)


def test_the_result_json_shows_the_verdict_and_the_shards():
    described = Options(Verdict(parts=("padding",)), RunOptions(shards=2)).describe()
    assert described == {**Verdict(parts=("padding",)).to_dict(), "shards": 2}


def test_a_session_comes_back_as_it_was_written(tmp_path):
    session = Session(
        verdict=Verdict(parts=("conv", "pooling"), timeout=7.5, worker_memory=256),
        staged="/tmp/staged", events="/tmp/e.jsonl", skip="/tmp/skip",
        watchdog="/tmp/w", timed_out=None, hard_grace=1.5,
    )  # fmt: skip
    assert Session.read(session.write(tmp_path / "session.json")) == session
    (tmp_path / "bad.json").write_text('{"verdict": {"parts": ["padding"], "colour": 1}}')
    with pytest.raises((ValueError, TypeError)):
        Session.read(tmp_path / "bad.json")
