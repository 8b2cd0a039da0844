#!/usr/bin/env bash
# Installs the pinned LiteLLM proxy into dev/litellm/.venv, exactly as requirements.lock says
# (every package pinned and hash-checked). Safe to run every time: when the venv already holds
# this lock it returns at once. Needs `python3 -m venv` (Debian: apt-get install python3-venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
lock="$here/requirements.lock"
stamp="$venv/.installed-lock"
want="$(sha256sum "$lock" | cut -d' ' -f1)"

if [[ -x "$venv/bin/litellm" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "LiteLLM already installed in $venv ($("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))'))"
  exit 0
fi

# The lock's hashes are those of CPython 3.11 wheels for Linux x86_64.
python3 -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "requirements.lock is for Python 3.11; run dev/litellm/lock.sh with your python3 first")'

rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --require-hashes -r "$lock"

version="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))')"
case "$version" in
  1.82.7 | 1.82.8) echo "litellm $version is a compromised release; refusing it" >&2; rm -rf "$venv"; exit 1 ;;
esac
echo "$want" > "$stamp"
echo "LiteLLM $version installed in $venv"
