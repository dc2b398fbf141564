#!/usr/bin/env bash
# Fetches the Apache Kafka broker jars from Maven Central (deploy/local/kafka/pom.xml) and runs a
# single-node KRaft broker on loopback. Idempotent: `start` on a running broker is a no-op.
#   kafka.sh fetch|start|stop|status|logs
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

HERE="$VIGIL_ROOT/deploy/local/kafka"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
KHOME="$VIGIL_STATE/kafka"
LIBS="$KHOME/libs-$KAFKA_VERSION"
DATA="$KHOME/data"
PIDFILE="$KHOME/broker.pid"
LOG="$KHOME/broker.log"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_java_maven() {
  if command -v java >/dev/null && command -v mvn >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || die "java and mvn are needed to fetch Kafka (apt-get install default-jre-headless maven)"
  log "installing java and maven from Debian packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless maven >/dev/null
}

fetch() {
  [ -f "$LIBS/.complete" ] && return
  ensure_java_maven
  log "fetching Apache Kafka $KAFKA_VERSION broker jars from Maven Central"
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$KHOME/fetch.log" 2>&1 \
    || { cat "$KHOME/fetch.log" >&2; die "maven could not fetch the Kafka jars"; }
  touch "$LIBS/.complete"
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

write_config() {
  mkdir -p "$DATA"
  sed -e "s#@DATA@#$DATA#" -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CPORT@#$KAFKA_CONTROLLER_PORT#g" \
    "$HERE/server.properties.in" >"$KHOME/server.properties"
}

start() {
  if running; then log "kafka already running (pid $(cat "$PIDFILE")) on $KAFKA_BROKERS"; return; fi
  if port_open "$KAFKA_PORT"; then log "something already listens on $KAFKA_PORT; using it as the broker"; return; fi
  fetch
  write_config
  local cp="$LIBS/*"
  if [ ! -f "$DATA/meta.properties" ]; then
    local id; id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
    java -Dlog4j2.configurationFile="$HERE/log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
      format -t "$id" -c "$KHOME/server.properties" >"$KHOME/format.log" 2>&1 \
      || { cat "$KHOME/format.log" >&2; die "could not format KRaft storage"; }
  fi
  log "starting Kafka $KAFKA_VERSION (KRaft, single node) on $KAFKA_BROKERS"
  nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$KHOME/server.properties" >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 120); do
    if grep -q "Kafka Server started" "$LOG" 2>/dev/null && port_open "$KAFKA_PORT"; then
      log "kafka ready"; return
    fi
    running || { tail -n 40 "$LOG" >&2; die "kafka exited during start-up"; }
    sleep 0.5
  done
  tail -n 40 "$LOG" >&2; die "kafka not ready after 60s"
}

stop() {
  running || { rm -f "$PIDFILE"; return; }
  local pid; pid="$(cat "$PIDFILE")"
  log "stopping kafka (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; return; }; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$PIDFILE"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running || port_open "$KAFKA_PORT"; then echo "kafka: up ($KAFKA_BROKERS)"; else echo "kafka: down"; exit 1; fi ;;
  logs) tail -n "${2:-100}" "$LOG" ;;
  *) echo "usage: $0 fetch|start|stop|status|logs" >&2; exit 2 ;;
esac
