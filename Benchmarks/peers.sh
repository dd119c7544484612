#!/usr/bin/env bash
# Amable against two peers trained on Amable's own examples (Intents/<lang>/*.json):
# scikit-learn TF-IDF + LinearSVC, and Mycroft's Adapt keyword parser. One table of accuracy,
# macro-F1, oos-recall and messages/s per dev file (/work/shared/data/dev by default).
#
#   Benchmarks/peers.sh [--quick] [--json OUT]
#     --quick      only the first 300 lines of each dev file
#     --json OUT   also save the raw figures (and training details) to OUT
#     (--home DIR and --dev DIR: another Intents/ home or dev folder, for testing)
#   env: AMABLE      amable binary (default .build/release/amable, built when missing)
#        AMABLE_DEV  folder of the dev .tsv files (default /work/shared/data/dev)
#        PYTHON      Python 3.11+ used to make the virtualenv (default python3.11, else python3)
#
# The virtualenv is .build/peers-venv (ignored with .build/); pins are below. Details of the
# peers, the out_of_scope thresholds and the metrics: the docstrings in peers.py.
# Exit status: 0 when every system was measured on every file (whatever the result), 1 when
# something could not be measured or installed, 2 on bad usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.build/peers-venv"

# Pinned: the two peers, and everything they pull in, so a rerun measures the same code.
PINS=(
  scikit-learn==1.9.1
  adapt-parser==1.0.0
  numpy==2.4.6
  scipy==1.17.1
  joblib==1.6.0
  threadpoolctl==3.8.0
  narwhals==2.29.0
  cloudpickle==3.1.2
  six==1.17.0
)

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# Check the arguments before installing or building anything (peers.py parses them again).
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    -h|--help) usage; exit 0;;
    --quick|--json=?*|--home=?*|--dev=?*) ;;
    --json|--home|--dev) ((i + 1 < ${#args[@]})) || { echo "peers.sh: ${args[i]} needs a value" >&2; exit 2; }; ((++i));;
    *) echo "peers.sh: unknown argument ${args[i]}" >&2; usage >&2; exit 2;;
  esac
done

pick_python() {
  local c
  for c in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$c" ] || continue
    command -v "$c" >/dev/null 2>&1 || continue
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

stamp="$VENV/.peers-pins"
want="$(printf '%s\n' "${PINS[@]}")"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] \
   || ! "$VENV/bin/python" -c 'import sklearn, adapt' 2>/dev/null; then
  py="$(pick_python)" || { echo "peers.sh: needs Python 3.11 or newer (set PYTHON)" >&2; exit 1; }
  [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
  log="$(mktemp)"
  if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "peers.sh: pip install failed" >&2; exit 1
  fi
  rm -f "$log"
  echo "$want" >"$stamp"
  echo "peers: installed ${PINS[0]} ${PINS[1]} (+ pinned dependencies) into .build/peers-venv"
else
  echo "peers: using ${PINS[0]} ${PINS[1]} (+ pinned dependencies) from .build/peers-venv"
fi

DEFAULT_AMABLE="$ROOT/.build/release/amable"
AMABLE="${AMABLE:-$DEFAULT_AMABLE}"
if [ ! -x "$AMABLE" ]; then
  if [ "$AMABLE" = "$DEFAULT_AMABLE" ]; then
    echo "peers: building amable (swift build -c release --product amable)" >&2
    (cd "$ROOT" && swift build -c release --product amable) >&2 || { echo "peers.sh: swift build failed" >&2; exit 1; }
  else
    echo "peers.sh: AMABLE=$AMABLE is not an executable" >&2; exit 1
  fi
fi

exec "$VENV/bin/python" "$ROOT/Benchmarks/peers.py" --home "$ROOT" --amable "$AMABLE" "$@"
