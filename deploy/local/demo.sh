#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs the workspace, starts the real
# infrastructure (Kafka from Maven Central jars, PostgreSQL, Redis), then runs case-service,
# risk-engine, notifier and the agent console as real processes with simulated traffic and a live summary
# (packages/devstack/src/demo.ts). Stays up until Ctrl-C; `--exit` (or CI=true) ends after the
# detection report. Extra arguments go to the demo (try --help). On exit it stops what it
# started (infra-scope.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$VIGIL_ROOT/deploy/local/ensure-pnpm.sh"
cd "$VIGIL_ROOT"

source deploy/local/infra-scope.sh

log "build (the demo runs the built services, node services/<svc>/dist/main.js)"
pnpm build --output-logs=errors-only

log "demo (logs under .local/devstack/)"
# The demo is a child (tsx as an import hook), not exec'd, so the EXIT trap can stop the
# infrastructure afterwards. Ctrl-C reaches it from the terminal and from the relay below; the
# demo takes a repeat within a second as the same Ctrl-C, stops the services in order and cleans up.
node --import tsx packages/devstack/src/demo.ts "$@" &
demo=$!
trap 'kill -INT "$demo" 2>/dev/null || true' INT
trap 'kill -TERM "$demo" 2>/dev/null || true' TERM
# `wait` returns early when a relayed signal arrives; wait again until the demo has ended.
while kill -0 "$demo" 2>/dev/null; do wait "$demo" || true; done
status=0
wait "$demo" || status=$?
exit "$status"
