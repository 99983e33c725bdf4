#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
# It builds the grader's environment from the bundle's own uv.lock, then locks the bundle
# away from the learner's code (which runs as another user; see run_autograder).
#
# S13_AUTOGRADER_ROOT   where the tree is (default /autograder; a test points it elsewhere)
# S13_PYTHON            the interpreter to build on (default: a system Python 3.11+, else
#                       one uv installs under $S13_AUTOGRADER_ROOT/python)
set -euo pipefail
AUTOGRADER="${S13_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$AUTOGRADER/source"
export UV_PROJECT_ENVIRONMENT="$AUTOGRADER/venv"
export UV_PYTHON_INSTALL_DIR="$AUTOGRADER/python"

if ! command -v uv >/dev/null; then
    python3 -m pip --version >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-pip; }
    python3 -m pip install --quiet uv || python3 -m pip install --quiet --break-system-packages uv
fi

# The learner's worker executes this Python as an unprivileged user: it must live where
# that user can read it (not under /root, as pyenv's do).
PYTHON="${S13_PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for candidate in /usr/bin/python3 /usr/bin/python3.1[1-9] /usr/local/bin/python3; do
        if [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            PYTHON="$candidate"
            break
        fi
    done
fi
if [ -z "$PYTHON" ]; then
    uv python install 3.11
    PYTHON="$(uv python find --managed-python 3.11)"
fi

# torch's CUDA libraries are needed to import it (PyPI has no CPU-only build for Linux
# x86_64), but triton (1 GB) is used only by torch.compile, which the grader never calls.
sync=(uv sync --project "$SOURCE" --locked --no-dev --no-install-project
      --no-install-package triton --python "$PYTHON")
"${sync[@]}" --offline 2>/dev/null || "${sync[@]}"

# nothing in the bundle is for the learner's eyes: hidden tests, solutions, settings
chown -R root:root "$SOURCE"
chmod -R go-rwx "$SOURCE"
chmod -R a+rX "$AUTOGRADER/venv"
[ -d "$AUTOGRADER/python" ] && chmod -R a+rX "$AUTOGRADER/python"
echo "setup.sh: environment in $AUTOGRADER/venv ($(du -sh "$AUTOGRADER/venv" | cut -f1))"
