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
  # Another apt/dpkg (e.g. a background install) may hold the lock: wait for it instead of failing.
  export DEBIAN_FRONTEND=noninteractive
  apt_opts=(-o DPkg::Lock::Timeout=600)
  apt-get "${apt_opts[@]}" update -qq
  apt-get "${apt_opts[@]}" install -y -qq chromium libkrb5-dev
  [ -x /usr/bin/chromium ] && [ -e /usr/include/gssapi/gssapi.h ] && exit 0
  echo "ensure-system-deps: apt-get finished but /usr/bin/chromium or gssapi.h is still missing" >&2
  exit 1
fi
echo "ensure-system-deps: missing ${missing[*]}. Install the Debian packages: chromium libkrb5-dev" >&2
echo "  (e.g. as root: apt-get update && apt-get install -y chromium libkrb5-dev)" >&2
exit 1
