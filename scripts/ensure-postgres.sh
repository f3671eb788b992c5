#!/usr/bin/env bash
# Make sure PostgreSQL server binaries (initdb + postgres) exist for the test fixtures
# (factbase/testing/pgserver.py). Installs them with apt-get only when none are found, searching
# where find_pg_bin() searches: $FACTBASE_PG_BIN, `pg_config --bindir`, /usr/lib/postgresql/*/bin,
# /usr/pgsql-*/bin, PATH. Prints the bin dir it found or installed. Needs root (or sudo) to install.
set -euo pipefail

has_server() { [[ -x "$1/initdb" && -x "$1/postgres" ]]; }

find_bin() {
    local dir
    if [[ -n "${FACTBASE_PG_BIN:-}" ]]; then
        dir="$FACTBASE_PG_BIN"
        [[ -f "$dir" ]] && dir="$(dirname "$dir")"
        has_server "$dir" && { echo "$dir"; return 0; }
        echo "ensure-postgres: FACTBASE_PG_BIN=$FACTBASE_PG_BIN holds no initdb/postgres" >&2
        return 2
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        [[ -n "$dir" ]] && has_server "$dir" && { echo "$dir"; return 0; }
    fi
    # newest packaged version first (version sort: 9.6 < 13 < 16)
    local packaged=()
    mapfile -t packaged < <({ compgen -G '/usr/lib/postgresql/*/bin' || true
                              compgen -G '/usr/pgsql-*/bin' || true; } | sort -V -r)
    for dir in "${packaged[@]}"; do
        has_server "$dir" && { echo "$dir"; return 0; }
    done
    if command -v postgres >/dev/null 2>&1; then
        dir="$(dirname "$(readlink -f "$(command -v postgres)")")"
        has_server "$dir" && { echo "$dir"; return 0; }
    fi
    return 1
}

status=0
found="$(find_bin)" || status=$?
if [[ $status -eq 0 ]]; then
    echo "$found"
    exit 0
elif [[ $status -eq 2 ]]; then
    exit 1  # an explicit FACTBASE_PG_BIN that is wrong is the user's to fix, not apt's
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: no PostgreSQL server binaries and no apt-get; install PostgreSQL >= 13" \
         "and set FACTBASE_PG_BIN to its bin directory" >&2
    exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "ensure-postgres: need root or sudo to install" >&2; exit 1; }
    sudo=(sudo)
fi
echo "ensure-postgres: installing PostgreSQL with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
# The server package alone: the fixtures run their own throwaway cluster, never the packaged one.
"${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql >&2
found="$(find_bin)" || { echo "ensure-postgres: installed, but still no initdb/postgres" >&2; exit 1; }
echo "$found"
