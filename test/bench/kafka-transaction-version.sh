#!/usr/bin/env bash
# Kafka transactions v1 against v2 on the local broker (test/bench/java/TransactionVersion.java):
# needs the broker started by deploy/local/infra.sh (its jars hold the Java client). Changes the
# cluster's transaction.version between rounds and restores it: a development broker only.
# Usage: bash test/bench/kafka-transaction-version.sh [rounds] [transactions per round]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIBS="$(ls -d "${KAFKA_STATE_DIR:-$ROOT/.local/kafka}"/libs-* | head -1)"
PID="$(pgrep -f 'kafka\.Kafka .*server\.properties' | head -1)"
[ -n "$PID" ] || { echo "no local Kafka broker running (bash deploy/local/infra.sh up)" >&2; exit 1; }
BROKER_PID="$PID" java -cp "$LIBS/*" -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" \
  "$HERE/java/TransactionVersion.java" "${1:-4}" "${2:-300}"
