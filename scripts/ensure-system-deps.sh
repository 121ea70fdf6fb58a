#!/usr/bin/env bash
# Make sure the Debian packages the real-editor E2E tests need are present:
#   chromium      -> /usr/bin/chromium, driven by playwright-core (no Playwright browser download offline)
#   libkrb5-dev   -> /usr/include/gssapi/gssapi.h, needed to build code-server's kerberos native addon
# Fast no-op when both are there. Installs them when root on Debian (apt-get); otherwise exits 1 saying what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Another apt/dpkg (e.g. a background install) may hold a lock: wait for it (DPkg::Lock::Timeout) and retry.
  apt_retry() { for i in 1 2 3 4 5 6; do apt-get -o DPkg::Lock::Timeout=300 "$@" && return 0; echo "apt-get $1 failed (try $i), retrying" >&2; sleep 10; done; return 1; }
  apt_retry update -qq
  apt_retry install -y -qq chromium libkrb5-dev
  [ -x /usr/bin/chromium ] && [ -e /usr/include/gssapi/gssapi.h ] && exit 0
  echo "ensure-system-deps: apt-get finished but /usr/bin/chromium or gssapi.h is still missing" >&2
  exit 1
fi
echo "ensure-system-deps: missing ${missing[*]}. Install the Debian packages: chromium libkrb5-dev" >&2
echo "  (e.g. as root: apt-get update && apt-get install -y chromium libkrb5-dev)" >&2
exit 1
