# Sourced by the local scripts: where the local infrastructure lives and how to reach it.
# Every value can be overridden from the environment.
VIGIL_ROOT="${VIGIL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
VIGIL_STATE="${VIGIL_STATE:-$VIGIL_ROOT/.local}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
# The broker's data, config, pid and log; the fetched jars stay under $VIGIL_STATE/kafka so a
# second broker (another port, another state dir) does not fetch them again.
KAFKA_STATE_DIR="${KAFKA_STATE_DIR:-$VIGIL_STATE/kafka}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
# Nothing here may call home: the machine reaches the package registries and nothing else.
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
log() { printf '[vigil] %s\n' "$*" >&2; }
die() { printf '[vigil] error: %s\n' "$*" >&2; exit 1; }
