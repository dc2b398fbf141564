#!/usr/bin/env bash
# Brings up what Vigil needs locally, without Docker: the real Kafka broker (kafka.sh) and the
# machine's PostgreSQL and Redis (reused when running; started, or installed, otherwise).
#   infra.sh up|down|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
DIR="$VIGIL_ROOT/deploy/local"

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

apt_install() {
  [ "$(id -u)" = 0 ] || die "missing $*; install it (apt-get install $*)"
  log "installing $* from Debian packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if pg_up; then return; fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  log "starting PostgreSQL"
  local ver; ver="$(ls /etc/postgresql | sort -V | tail -n1)"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 1 60); do pg_up && break; sleep 0.5; done
  pg_up || die "PostgreSQL did not start"
  # Fresh Debian clusters use peer auth on the socket; tests connect over TCP as postgres.
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='test'\"" | grep -q 1 \
    || su postgres -c "createdb test" || true
}

ensure_redis() {
  if redis_up; then return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting Redis"
  mkdir -p "$VIGIL_STATE/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$VIGIL_STATE/redis" --logfile "$VIGIL_STATE/redis/redis.log"
  for _ in $(seq 1 40); do redis_up && break; sleep 0.25; done
  redis_up || die "Redis did not start"
}

case "${1:-}" in
  up)
    ensure_postgres
    ensure_redis
    bash "$DIR/kafka.sh" start
    log "infrastructure up: KAFKA_BROKERS=$KAFKA_BROKERS REDIS_URL=$REDIS_URL DATABASE_URL=$DATABASE_URL"
    ;;
  down) bash "$DIR/kafka.sh" stop ;;  # PostgreSQL and Redis belong to the machine; left running.
  status)
    pg_up && echo "postgres: up" || echo "postgres: down"
    redis_up && echo "redis: up" || echo "redis: down"
    bash "$DIR/kafka.sh" status || true
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
