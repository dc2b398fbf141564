# Sourced: makes the pinned pnpm (package.json "packageManager") available and installs the
# workspace from the lockfile. npm is the only thing a fresh Node machine is sure to have.
mkdir -p "$VIGIL_STATE"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$VIGIL_ROOT/package.json")"
if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install -g --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1 \
    || npm install --silent --prefix "$VIGIL_STATE/pnpm" "pnpm@$PNPM_VERSION" >/dev/null
  [ -x "$VIGIL_STATE/pnpm/node_modules/.bin/pnpm" ] && export PATH="$VIGIL_STATE/pnpm/node_modules/.bin:$PATH"
  hash -r
fi
(cd "$VIGIL_ROOT" && pnpm install --frozen-lockfile --reporter=append-only >"$VIGIL_STATE/pnpm-install.log" 2>&1) \
  || { tail -n 30 "$VIGIL_STATE/pnpm-install.log" >&2; die "pnpm install failed"; }
