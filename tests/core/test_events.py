"""grader/core/events.py: the runner <-> plugin protocol as typed events; a malformed line
is an error, never a default."""

from __future__ import annotations

import json

import pytest

from grader.core import events as protocol
from grader.core.events import MalformedEvent, decode, encode
from grader.core.outcomes import Outcome, Status, Suite

INFO = protocol.TestInfo(
    "stages/s13_cnn/padding/test_padding.py::test_a[1]", "stages/s13_cnn/padding/test_padding.py",
    "test_a", "padding", Suite.VISIBLE, 0.5, "checks a", "uv run pytest stages/s13_cnn/padding",
)  # fmt: skip


EVENTS = [
    protocol.Collected((INFO,)),
    protocol.CollectError("grader/hidden/test_x.py", "SyntaxError: invalid syntax"),
    protocol.ImplReady("worker", {"user": {"switched": True}, "summary": "ok"}),
    protocol.TestStarted(INFO.nodeid, 60.0),
    protocol.TestEnded(INFO.nodeid, Outcome.TIMEOUT, 1.5, "ran past", True, ["a"], {"x": 2.0}),
    protocol.Finished(0),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.EVENT)
def test_every_event_comes_back_as_it_was_sent(event):
    line = encode(event)
    assert "\n" not in line
    assert decode(line) == event


def test_outcomes_and_statuses_are_written_as_their_plain_values():
    data = json.loads(encode(EVENTS[4]))
    assert data["event"] == "test" and data["outcome"] == "timeout"
    assert json.dumps([Status.CRASHED, Suite.HIDDEN]) == '["crashed", "hidden"]'


def ended(**change) -> str:
    data = json.loads(encode(EVENTS[4]))
    data.update(change)
    return json.dumps({k: v for k, v in data.items() if v is not ...})


MALFORMED = {
    "not JSON": '{"event": "test", "nodeid"',
    "not an object": '["test"]',
    "no event": '{"nodeid": "x"}',
    "unknown event": '{"event": "passed_all", "exitstatus": 0}',
    "missing field": ended(notes=...),
    "unknown field": ended(points=44),
    "unknown outcome": ended(outcome="won"),
    "number as text": ended(duration="0.0"),
    "int as bool": ended(crashed=1),
    "bool as float": ended(duration=True),
    "note not text": ended(notes=[1]),
    "item missing field": json.dumps({"event": "collected", "items": [{"nodeid": "x"}]}),
    "items not a list": json.dumps({"event": "collected", "items": {"x": 1}}),
}


@pytest.mark.parametrize("line", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_line_is_an_error_not_a_default(line):
    with pytest.raises(MalformedEvent):
        decode(line)


def test_only_a_last_line_cut_short_is_left_out(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(encode(EVENTS[0]) + "\n" + encode(EVENTS[5])[:-3])
    assert list(protocol.read_events(path)) == [EVENTS[0]]
    path.write_text(encode(EVENTS[0])[:-3] + "\n" + encode(EVENTS[5]) + "\n")
    with pytest.raises(MalformedEvent):
        list(protocol.read_events(path))
