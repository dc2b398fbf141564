#!/usr/bin/env bash
# Fetches the Apache Kafka broker jars from Maven Central (deploy/local/kafka/pom.xml) and runs a
# single-node KRaft broker on loopback. Idempotent: `start` on a running broker is a no-op.
#   kafka.sh fetch|start|stop|status|logs
# Overrides (env.sh): KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_STATE_DIR, VIGIL_STATE; the JVM's
# KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS (named as in Kafka's own scripts).
# When it launches a broker, `start` appends `kafka <state dir>` to $VIGIL_STARTED_FILE (if set), so a caller
# can stop exactly what it started (infra.sh up/down --started).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

HERE="$VIGIL_ROOT/deploy/local/kafka"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
LIBS="$VIGIL_STATE/kafka/libs-$KAFKA_VERSION"
KHOME="$KAFKA_STATE_DIR"
DATA="$KHOME/data"
PIDFILE="$KHOME/broker.pid"
LOG="$KHOME/broker.log"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid listening on a loopback port, when ss can tell (it may not for other users' processes).
listener_pid() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1
}

# A broker started by a kafka.sh (this checkout's state dir or another's): java running kafka.Kafka
# with our log4j2 config. Anything else on the port would make every client fail confusingly.
is_vigil_kafka() {
  local pid="$1"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  local cmd; cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *deploy/local/kafka/log4j2.properties* ]]
}

refuse_port() {
  local port="$1" what="$2" pid; pid="$(listener_pid "$port")"
  if is_vigil_kafka "$pid"; then
    [ "$what" = KAFKA_PORT ] || die "port $port ($what) is used by another local Kafka broker (pid $pid); set $what to a free port"
    log "reusing the Kafka broker another kafka.sh started (pid $pid) on 127.0.0.1:$port; it is not stopped by this one"
    return 1
  fi
  local who="another process"
  [ -n "$pid" ] && who="pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-80))"
  die "port $port is held by $who, not by a Kafka broker that kafka.sh started. Stop it, or pick free ports: KAFKA_PORT=<port> KAFKA_CONTROLLER_PORT=<port> KAFKA_STATE_DIR=<dir> (KAFKA_BROKERS follows KAFKA_PORT)"
}

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
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$VIGIL_STATE/kafka/fetch.log" 2>&1 \
    || { cat "$VIGIL_STATE/kafka/fetch.log" >&2; die "maven could not fetch the Kafka jars"; }
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
  if port_open "$KAFKA_PORT"; then refuse_port "$KAFKA_PORT" KAFKA_PORT || return 0; fi
  # A held controller port would only show up as a broker that never becomes ready.
  if port_open "$KAFKA_CONTROLLER_PORT"; then refuse_port "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT; fi
  mkdir -p "$VIGIL_STATE/kafka" "$KHOME"
  fetch
  write_config
  local cp="$LIBS/*"
  if [ ! -f "$DATA/meta.properties" ]; then
    local id; id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
    java -Dlog4j2.configurationFile="$HERE/log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
      format -t "$id" -c "$KHOME/server.properties" >"$KHOME/format.log" 2>&1 \
      || { cat "$KHOME/format.log" >&2; die "could not format KRaft storage"; }
  fi
  log "starting Kafka $KAFKA_VERSION (KRaft, single node) on $KAFKA_BROKERS, state in $KHOME"
  # shellcheck disable=SC2086 # the options are lists of words
  nohup java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC} \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$KHOME/server.properties" >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  # Recorded before readiness: a broker that fails to get ready is still ours to stop.
  # With its state dir: a broker some other kafka.sh started meanwhile (a test's, on other ports)
  # is never taken for this one.
  if [ -n "${VIGIL_STARTED_FILE:-}" ]; then echo "kafka $KAFKA_STATE_DIR" >>"$VIGIL_STARTED_FILE"; fi
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
  fetch) mkdir -p "$VIGIL_STATE/kafka"; fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running || port_open "$KAFKA_PORT"; then echo "kafka: up ($KAFKA_BROKERS)"; else echo "kafka: down"; exit 1; fi ;;
  logs) tail -n "${2:-100}" "$LOG" ;;
  *) echo "usage: $0 fetch|start|stop|status|logs" >&2; exit 2 ;;
esac
