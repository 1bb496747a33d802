#!/usr/bin/env bash
# Regenerates requirements.lock.txt from requirements.in in a throwaway virtualenv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet -r "$here/requirements.in"
"$tmp/venv/bin/pip" check
"$tmp/venv/bin/pip" freeze > "$here/requirements.lock.txt"
