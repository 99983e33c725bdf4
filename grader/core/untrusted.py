"""Text that learner code could have written, made safe to show anywhere.

An exception message, printed output, a submission's file name, or a reason or note built
from them may hold terminal escape sequences (an ANSI sequence in an exception message
once forged rows of the terminal summary), other control characters, invisible
formatting characters (bidirectional overrides) or megabytes of text. `clean` removes the
first three and caps the length; every rendering of a result calls it on such text
(grader/results/: the terminal table, feedback files, results.json, JUnit, the
gradebook), and so can any other (the class report's HTML escapes after it).

    clean("\\x1b[2J\\x1b[1;1Hscore 100/100")        -> "score 100/100"
    clean(message, limit=200, one_line=True)       -> one line, at most 200 characters
"""

from __future__ import annotations

import re
import unicodedata

LIMIT = 2000  # characters, by default

# ECMA-48 sequences: CSI (ESC [ or the C1 byte), OSC/DCS/SOS/PM/APC strings up to their
# terminator, and the two-character escapes; a lone ESC goes with the character after it
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\s\S]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but \t and \n
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
INVISIBLE = ("Cf", "Cs")  # format (bidi overrides, zero widths), lone surrogates


def clean(text: object, limit: int = LIMIT, *, one_line: bool = False) -> str:
    """`text` without escape sequences, control or invisible formatting characters, at
    most `limit` characters (the cut is said); `one_line` also turns line breaks and tabs
    into spaces."""
    s = _ESCAPES.sub("", str(text))
    s = _LINE_BREAKS.sub("\n", s)
    s = _CONTROLS.sub("", s)
    if not s.isascii():
        s = "".join(c for c in s if unicodedata.category(c) not in INVISIBLE)
    if one_line:
        s = " ".join(s.split())
    if len(s) > limit:
        cut = f" ... ({len(s) - limit} more characters)"
        s = s[: max(0, limit - len(cut))].rstrip() + cut
    return s
