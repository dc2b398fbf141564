#!/usr/bin/env bash
# Brings up what Vigil needs locally, without Docker: the real Kafka broker (kafka.sh) and the
# machine's PostgreSQL and Redis (reused when running; started, or installed, otherwise).
#   infra.sh up              start what is not running; with VIGIL_STARTED_FILE set, append to
#                            it one line (kafka, redis, postgres) per thing this call started
#   infra.sh down            stop the Kafka broker of this state dir (PostgreSQL and Redis are
#                            the machine's: left running)
#   infra.sh down --started FILE   stop exactly what FILE lists, then remove FILE
#   infra.sh status
# Where things are: KAFKA_PORT / KAFKA_CONTROLLER_PORT / KAFKA_STATE_DIR, REDIS_URL, DATABASE_URL
# (env.sh). Redis and PostgreSQL are only started when their URL points at this machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
DIR="$VIGIL_ROOT/deploy/local"

# host and port of a URL such as redis://127.0.0.1:6379 or postgres://user@host:5432/db
url_host() { local r="${1#*://}"; r="${r##*@}"; r="${r%%/*}"; echo "${r%:*}"; }
url_port() { local r="${1#*://}"; r="${r##*@}"; r="${r%%/*}"; [[ "$r" == *:* ]] && echo "${r##*:}" || echo "$2"; }
REDIS_HOST="$(url_host "$REDIS_URL")"; REDIS_PORT="$(url_port "$REDIS_URL" 6379)"
PG_HOST="$(url_host "$DATABASE_URL")"; PG_PORT="$(url_port "$DATABASE_URL" 5432)"
is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost ]]; }

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }
redis_up() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
record() { if [ -n "${VIGIL_STARTED_FILE:-}" ]; then echo "$1" >>"$VIGIL_STARTED_FILE"; fi; }
pg_version() { ls /etc/postgresql | sort -V | tail -n1; }

apt_install() {
  [ "$(id -u)" = 0 ] || die "missing $*; install it (apt-get install $*)"
  log "installing $* from Debian packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if pg_up; then return; fi
  is_local "$PG_HOST" || die "PostgreSQL at $DATABASE_URL is not reachable (DATABASE_URL)"
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  log "starting PostgreSQL"
  record postgres
  pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main start || true
  for _ in $(seq 1 60); do pg_up && break; sleep 0.5; done
  pg_up || die "PostgreSQL did not start on port $PG_PORT (the Debian cluster's port is in /etc/postgresql/*/main/postgresql.conf)"
  # Fresh Debian clusters use peer auth on the socket; tests connect over TCP as postgres.
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='test'\"" | grep -q 1 \
    || su postgres -c "createdb test" || true
}

ensure_redis() {
  if redis_up; then return; fi
  is_local "$REDIS_HOST" || die "Redis at $REDIS_URL is not reachable (REDIS_URL)"
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting Redis on port $REDIS_PORT"
  mkdir -p "$VIGIL_STATE/redis"
  record redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$VIGIL_STATE/redis" --logfile "$VIGIL_STATE/redis/redis.log"
  for _ in $(seq 1 40); do redis_up && break; sleep 0.25; done
  redis_up || die "Redis did not start"
}

# Stops what a previous `up` recorded in $1, newest first; each stop is best effort.
down_started() {
  local file="$1" what where
  [ -f "$file" ] || return 0
  while read -r what where; do
    case "$what" in
      kafka) KAFKA_STATE_DIR="${where:-$KAFKA_STATE_DIR}" bash "$DIR/kafka.sh" stop || true ;;
      redis) log "stopping Redis (started by this run)"; redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true ;;
      postgres) log "stopping PostgreSQL (started by this run)"; pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main stop || true ;;
    esac
  done < <(tac "$file")
  rm -f "$file"
}

case "${1:-}" in
  up)
    ensure_postgres
    ensure_redis
    bash "$DIR/kafka.sh" start
    log "infrastructure up: KAFKA_BROKERS=$KAFKA_BROKERS REDIS_URL=$REDIS_URL DATABASE_URL=$DATABASE_URL"
    ;;
  down)
    if [ "${2:-}" = --started ]; then down_started "${3:?usage: $0 down --started FILE}"
    else bash "$DIR/kafka.sh" stop; fi  # PostgreSQL and Redis belong to the machine; left running.
    ;;
  status)
    pg_up && echo "postgres: up" || echo "postgres: down"
    redis_up && echo "redis: up" || echo "redis: down"
    bash "$DIR/kafka.sh" status || true
    ;;
  *) echo "usage: $0 up|down [--started FILE]|status" >&2; exit 2 ;;
esac
