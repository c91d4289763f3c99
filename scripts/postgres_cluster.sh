#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests under tests/postgres/ (and for trying the production setup
# by hand): Debian's postgresql package, a fresh cluster in a temporary directory, reachable only on
# 127.0.0.1 and through a Unix socket inside that directory. Nothing is registered with the system's
# own clusters, so stopping it and deleting the directory leaves no trace.
#
#   scripts/postgres_cluster.sh install       apt-get install postgresql when initdb is missing
#   scripts/postgres_cluster.sh start         install if needed, start a cluster; prints KEY=VALUE lines:
#                                             PGDATA_ROOT, PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
#   scripts/postgres_cluster.sh stop DIR      stop the cluster started in DIR (its PGDATA_ROOT), delete DIR
set -euo pipefail

SUPERUSER=city
DATABASE=city

if [[ "$(id -u)" -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi

pg_bin() {
    # The newest installed major version's binaries (Debian keeps them off PATH).
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        echo "$dir"
    fi
}

install() {
    if [[ -n "$(pg_bin)" ]]; then
        return 0
    fi
    echo "postgres_cluster: PostgreSQL not found; installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # No default cluster: this machine gets the binaries, not a system service on port 5432.
    $SUDO apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
    $SUDO sed -i 's/^#\?\s*create_main_cluster\s*=.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    if [[ -z "$(pg_bin)" ]]; then
        echo "postgres_cluster: apt-get finished but initdb is still missing" >&2
        exit 1
    fi
}

# PostgreSQL refuses to run as root: as root, the server runs as the package's `postgres` user.
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    install
    local bin root password port
    bin=$(pg_bin)
    root=$(mktemp -d "${TMPDIR:-/tmp}/city-postgres.XXXXXX")
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    port=$(free_port)
    printf '%s\n' "$password" >"$root/pwfile"
    chmod 600 "$root/pwfile"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown -R postgres: "$root"
    fi
    # Password (SCRAM) on TCP, the socket only for the owner: the same rules a real server would have.
    as_owner "$bin/initdb" --pgdata="$root/data" --username="$SUPERUSER" --pwfile="$root/pwfile" \
        --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log"
    rm -f "$root/pwfile"
    as_owner "$bin/pg_ctl" --pgdata="$root/data" --log="$root/server.log" --wait --silent \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$root -c fsync=off" \
        start
    PGPASSWORD=$password "$bin/psql" --quiet --no-psqlrc --host=127.0.0.1 --port="$port" \
        --username="$SUPERUSER" --dbname=postgres --command="CREATE DATABASE $DATABASE" >/dev/null
    cat <<EOF
PGDATA_ROOT=$root
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=$SUPERUSER
PGPASSWORD=$password
PGDATABASE=$DATABASE
EOF
}

stop() {
    local root=${1:?usage: postgres_cluster.sh stop DIR}
    case "$root" in
        "${TMPDIR:-/tmp}"/city-postgres.*) ;;
        *) echo "postgres_cluster: refusing to stop and delete $root (not a cluster this script made)" >&2
           exit 1 ;;
    esac
    if [[ -f "$root/data/postmaster.pid" ]]; then
        as_owner "$(pg_bin)/pg_ctl" --pgdata="$root/data" --wait --silent --mode=fast stop
    fi
    rm -rf "$root"
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 install | start | stop DIR" >&2; exit 2 ;;
esac
