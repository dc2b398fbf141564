# Sourced by test.sh: the alert rules' tests (test/deploy/alert-rules.int.test.ts) run Prometheus's
# own promtool (`check rules`, `test rules`). It comes from Debian's prometheus package, unpacked
# under $VIGIL_STATE/promtool, not installed: installing would also start a Prometheus server.
# Also runs on its own: `bash deploy/local/ensure-promtool.sh`; PROMTOOL overrides the binary.
[ -n "${VIGIL_ROOT:-}" ] || source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$VIGIL_STATE"

ensure_promtool() {
  local dir="$VIGIL_STATE/promtool"
  [ -x "$dir/usr/bin/promtool" ] && return 0
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || die "the alert-rule tests need promtool; set PROMTOOL to one (no apt-get here)"
  log "fetching promtool (Debian's prometheus package, unpacked under $dir)"
  local download="$VIGIL_STATE/promtool-download"
  rm -rf "$download" && mkdir -p "$download"
  if ! (cd "$download" && apt-get download -qq prometheus >"$VIGIL_STATE/apt-get.log" 2>&1); then
    # No package lists yet (a fresh machine): refresh them once.
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >>"$VIGIL_STATE/apt-get.log" 2>&1 \
      && (cd "$download" && apt-get download -qq prometheus >>"$VIGIL_STATE/apt-get.log" 2>&1) \
      || { tail -n 20 "$VIGIL_STATE/apt-get.log" >&2; die "apt-get download prometheus failed"; }
  fi
  rm -rf "$dir" && dpkg-deb -x "$download"/prometheus_*.deb "$dir" && rm -rf "$download" \
    || die "could not unpack the prometheus package"
  "$dir/usr/bin/promtool" --version >/dev/null 2>&1 || die "the unpacked promtool does not run"
}
ensure_promtool
