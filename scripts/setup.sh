#!/usr/bin/env bash
# Installs what TaskQueue needs on a Debian machine that has the .NET 10 SDK, and nothing
# that is already there. Safe to run again. Usage: scripts/setup.sh [--browser] [--tests]
#   --browser   also installs Debian's Chromium, which the browser tests drive.
#   --tests     everything the tests need: Chromium, and Node.js with npm (the OpenAPI lint).
set -euo pipefail

want_browser=false
want_node=false
for argument in "$@"; do
  case "$argument" in
    --browser) want_browser=true ;;
    --tests) want_browser=true; want_node=true ;;
    *) echo "usage: scripts/setup.sh [--browser] [--tests]" >&2; exit 2 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (https://dot.net); dotnet is not on PATH." >&2
  exit 1
fi

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

packages=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || packages+=(rabbitmq-server)
# --database postgres (and its tests) run a private node of Debian's PostgreSQL 15.
[ -x /usr/lib/postgresql/15/bin/postgres ] || packages+=(postgresql-15)
if $want_browser && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
if $want_node && ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "setup: installing ${packages[*]} with apt"
  # Another apt (an unattended upgrade, a second terminal) may hold the lock: wait for it
  # rather than fail.
  run_as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
  # The packages may start a system broker on 5672 and a system PostgreSQL on 5432; TaskQueue
  # never uses them and runs private nodes of its own (policy-rc.d is not touched).
  run_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if $want_node && command -v node >/dev/null 2>&1; then
  # Redocly CLI (tools/openapi-lint) needs Node.js 20.19 or later.
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
    || echo "setup: warning: Node.js $(node --version) is older than 20.19; the OpenAPI lint test needs a newer one" >&2
fi

dotnet tool restore >/dev/null
echo "setup: ready (rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?'))"
