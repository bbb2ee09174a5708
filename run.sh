#!/bin/sh
# The course's two commands (make may be absent, so this small script stands in for it):
#   sh run.sh lab    set up if needed, then open the course in JupyterLab
#                    (sh run.sh lab id: JupyterLab itself in Bahasa Indonesia, as with LANG=id_ID;
#                     sh run.sh lab en: back to English)
#   sh run.sh test   set up if needed, then run every test
#   sh run.sh build  regenerate and re-execute every notebook from source/ (after a library change),
#                    and the lessons' lecturer notes; sh run.sh build --check only verifies that the
#                    notebooks and notes match their sources (the course builder: authoring/, not installed)
#   sh run.sh present 04 [id] [--lecturer]   present lesson 04 in class (Voila, code hidden, large type): swedu present
#   sh run.sh slides [04 ...]                 build the offline slide decks into build/slides (needs npm once): swedu slides
# Needs only Python 3.10+ and a POSIX shell. The environment lives in .venv (override: SWEDU_VENV).
set -eu
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
VENV="${SWEDU_VENV:-.venv}"

setup() {  # $1: which extras to install ("" or "test")
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        echo "swedu needs Python 3.10 or newer; '$PYTHON' is $("$PYTHON" --version 2>&1)." >&2
        echo "Install a newer Python, or run: PYTHON=/path/to/python3.11 sh run.sh $CMD" >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "Creating the course environment in $VENV ..."
        "$PYTHON" -m venv "$VENV"
    fi
    want="$1:$(cat pyproject.toml | cksum)"
    if [ "$(cat "$VENV/.swedu-setup" 2>/dev/null)" != "$want" ]; then
        echo "Installing the course and what it needs (a few minutes the first time) ..."
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        if [ -n "$1" ]; then spec=".[$1]"; else spec="."; fi
        "$VENV/bin/python" -m pip install --quiet -e "$spec"
        echo "$want" > "$VENV/.swedu-setup"
    fi
}

CMD="${1:-help}"
[ $# -gt 0 ] && shift
case "$CMD" in
    lab)
        setup ""
        root=""
        [ "$(id -u)" = "0" ] && root="--allow-root"
        lab_lang=en
        case "${LANG:-}" in id*) lab_lang=id ;; esac
        case "${1:-}" in en|id) lab_lang="$1"; shift ;; esac
        # JupyterLab's own language, set inside .venv only (never in the user's own settings).
        "$VENV/bin/python" -m swedu.cli.lab_language "$lab_lang"
        first="notebooks/$lab_lang/00-welcome.ipynb"
        exec "$VENV/bin/jupyter" lab $root --notebook-dir=. "$first" "$@"
        ;;
    build)
        setup ""
        export PYTHONHASHSEED=0
        exec "$VENV/bin/python" -m authoring build "$@"
        ;;
    present)
        setup ""
        export PYTHONHASHSEED=0
        exec "$VENV/bin/python" -m swedu.cli present "$@"
        ;;
    slides)
        setup ""
        export PYTHONHASHSEED=0
        exec "$VENV/bin/python" -m swedu.cli slides "$@"
        ;;
    test)
        setup test
        export PYTHONHASHSEED=0 MPLBACKEND=Agg
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: sh run.sh lab [en|id] | sh run.sh test [pytest options] | sh run.sh build [--check] [lessons|exercises|notes|all] | sh run.sh present LESSON [en|id] [--lecturer] | sh run.sh slides" >&2
        exit 2
        ;;
esac
