#!/bin/sh
# The course's commands for those who type `sh run.sh ...`: a thin wrapper around run.py, which does
# the work on Windows, macOS and Linux alike (python3 run.py lab | test | build | present | slides;
# on Windows: py run.py lab). PYTHON chooses the Python that makes the environment:
#   PYTHON=python3.12 sh run.sh test
cd "$(dirname "$0")" || exit 1
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
        id*) echo "Python ('$PYTHON') tidak ditemukan. Pasang Python 3.10 atau yang lebih baru dari https://www.python.org/downloads/ (atau: sudo apt install python3 python3-venv), lalu jalankan lagi." >&2 ;;
        *) echo "Python ('$PYTHON') was not found. Install Python 3.10 or newer from https://www.python.org/downloads/ (or: sudo apt install python3 python3-venv), then run again." >&2 ;;
    esac
    exit 1
fi
exec "$PYTHON" run.py "$@"
