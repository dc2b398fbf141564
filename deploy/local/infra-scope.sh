# Sourced by test.sh and demo.sh after env.sh: brings the infrastructure up for this invocation
# and, however it ends (success, failure, Ctrl-C, SIGTERM), stops exactly what it started. A
# broker, Redis or PostgreSQL that was already running is left running. VIGIL_KEEP_INFRA=1 keeps
# everything up (faster re-runs; stop it with `infra.sh down`).
VIGIL_STARTED_FILE="$(mktemp "${TMPDIR:-/tmp}/vigil-started.XXXXXX")"
export VIGIL_STARTED_FILE

infra_release() {
  if [ "${VIGIL_KEEP_INFRA:-}" = 1 ]; then
    [ -s "$VIGIL_STARTED_FILE" ] && log "VIGIL_KEEP_INFRA=1: leaving running: $(tr '\n' ' ' <"$VIGIL_STARTED_FILE")"
    rm -f "$VIGIL_STARTED_FILE"; return 0
  fi
  bash "$VIGIL_ROOT/deploy/local/infra.sh" down --started "$VIGIL_STARTED_FILE" || true
}
trap infra_release EXIT
# Exiting from the handlers runs the EXIT trap; bash runs them once the foreground step ends
# (Ctrl-C reaches that step too, through the terminal's process group).
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$VIGIL_ROOT/deploy/local/infra.sh" up
