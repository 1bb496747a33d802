#!/usr/bin/env bash
# Regenerates the hash-locked requirement files with uv (installed by tools/python/ensure-venv.mjs into .tools/uv):
#   requirements.lock.txt  every tool (requirements.in), keeping the versions already locked unless a pin moved
#   tests.lock.txt         what `npm test` needs (tests.in), constrained to requirements.lock.txt
#   uv.lock.txt            uv itself (uv.in)
# To raise a version, change its pin in the .in file (or delete the lock line of a dependency) and run this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
node "$here/ensure-venv.mjs" tests >/dev/null
uv="$root/.tools/uv/bin/uv"
export SSL_CERT_FILE=${SSL_CERT_FILE:-${PIP_CERT:-}}
[ -n "$SSL_CERT_FILE" ] || unset SSL_CERT_FILE
compile() { "$uv" pip compile --quiet --generate-hashes --no-header "$@"; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cp "$here/requirements.lock.txt" "$tmp"
compile --no-annotate -c "$tmp" "$here/requirements.in" -o "$here/requirements.lock.txt"
compile -c "$here/requirements.lock.txt" "$here/tests.in" -o "$here/tests.lock.txt"
compile "$here/uv.in" -o "$here/uv.lock.txt"
