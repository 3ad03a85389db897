#!/usr/bin/env bash
# The README's test command: set up .venv with the test extra, make sure Debian's chromium
# is there for the browser tests, lint with ruff, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The store's tests also run on PostgreSQL: a throwaway cluster that tests/pg.py starts with
# Debian's initdb/pg_ctl (never a server of the machine's).
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing Debian's postgresql for the PostgreSQL store tests..." >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# Lint first: a lint error fails the README's test command ([tool.ruff] in pyproject.toml).
.venv/bin/ruff check --exclude .venv .

exec .venv/bin/python -m pytest "$@"
