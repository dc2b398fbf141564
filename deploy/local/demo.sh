#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs the workspace, starts the real
# infrastructure (Kafka from Maven Central jars, PostgreSQL, Redis), then runs case-service,
# risk-engine and notifier as real processes with simulated traffic and a live summary
# (packages/devstack/src/demo.ts). Stays up until Ctrl-C; `--exit` (or CI=true) ends after the
# detection report. Extra arguments go to the demo (try --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$VIGIL_ROOT/deploy/local/ensure-pnpm.sh"
cd "$VIGIL_ROOT"

bash deploy/local/infra.sh up

log "demo (logs under .local/devstack/)"
# exec, one Node process (tsx as an import hook): Ctrl-C reaches the demo once, and it stops the
# services in order and cleans up.
exec node --import tsx packages/devstack/src/demo.ts "$@"
