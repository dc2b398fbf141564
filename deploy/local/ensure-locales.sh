# Sourced by test.sh: the Lua scripts' byte-order test starts a redis-server under en_US.UTF-8,
# built in a temporary directory with glibc's localedef from Debian's locales package (the
# locale's sources), installed here when missing, through apt-get.
# Also runs on its own: `bash deploy/local/ensure-locales.sh`.
[ -n "${VIGIL_ROOT:-}" ] || source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$VIGIL_STATE"

ensure_locales() {
  command -v localedef >/dev/null && [ -f /usr/share/i18n/locales/en_US ] && return 0
  command -v apt-get >/dev/null || die "the tests need localedef and the en_US locale source; install Debian's locales package (no apt-get here)"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing locales for the byte-order test (apt-get)"
  "${sudo[@]}" apt-get update -qq >"$VIGIL_STATE/apt-get.log" 2>&1 \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >>"$VIGIL_STATE/apt-get.log" 2>&1 \
    || { tail -n 20 "$VIGIL_STATE/apt-get.log" >&2; die "apt-get install locales failed"; }
}
ensure_locales
