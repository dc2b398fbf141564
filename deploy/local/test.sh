#!/usr/bin/env bash
# The README's test command: installs the workspace, starts the real infrastructure (Kafka from
# Maven Central jars, PostgreSQL, Redis), then typechecks, lints and runs every test suite
# (unit, integration, end-to-end). Exits non-zero on any failure. Stops on exit what it started
# (infra-scope.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$VIGIL_ROOT/deploy/local/ensure-pnpm.sh"
cd "$VIGIL_ROOT"

source deploy/local/infra-scope.sh
source deploy/local/ensure-chromium.sh
source deploy/local/ensure-locales.sh
source deploy/local/ensure-promtool.sh

log "typecheck and lint"
pnpm exec turbo run typecheck lint --output-logs=errors-only --concurrency=2

log "tests (unit, integration, end-to-end)"
mkdir -p .local
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.local/test-results.json "$@" || status=$?
node deploy/local/print-test-summary.mjs .local/test-results.json || status=1
exit "$status"
