"""Attack fake_pass_lines_on_stdout: prints pytest pass lines, a Gradescope results.json, the
grader's result JSON and the plugin's event lines on stdout/stderr (print, os.write, a
spamming thread, 8 MB bursts).
"""

from s13_cnn.padding.padding import output_size, pad2d, same_pad  # where it is appended

ATTACK = {
    "base": "solutions",
    "honest": "wrong_same_pad",
}

# ---- appended to the submission below this line

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
