# Sourced by test.sh: the browser tests (services/*/src/**/*.browser.int.test.ts) drive Debian's
# chromium through playwright-core, which downloads no browser of its own. CI runs on a clean
# clone of a clean machine, so chromium (and a CJK font, or Japanese and Chinese pages render as
# boxes in the screenshots) is installed here when missing, through apt-get.
# Also runs on its own: `bash deploy/local/ensure-chromium.sh`.
[ -n "${VIGIL_ROOT:-}" ] || source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$VIGIL_STATE"

ensure_chromium() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q . && fc-list :lang=zh-cn | grep -q .; }; then
    missing+=(fonts-wqy-microhei)
  fi
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "the browser tests need ${missing[*]}; install them (no apt-get here)"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing ${missing[*]} for the browser tests (apt-get)"
  "${sudo[@]}" apt-get update -qq >"$VIGIL_STATE/apt-get.log" 2>&1 \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$VIGIL_STATE/apt-get.log" 2>&1 \
    || { tail -n 20 "$VIGIL_STATE/apt-get.log" >&2; die "apt-get install ${missing[*]} failed"; }
}
ensure_chromium
