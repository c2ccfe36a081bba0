#!/usr/bin/env bash
# Installs the system packages the test suite needs, if they are missing (Debian, as root).
# PostgreSQL: the tests start a throwaway server from these binaries (tests/support/postgres.py)
# (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, run as the `postgres` user).
# Redis: the tests of the shared cache start a throwaway redis-server (tests/support/servers.py).
# nginx: the tests of the caching proxy (deploy/nginx/) start a throwaway nginx on loopback (tests/support/nginx.py).
set -euo pipefail
need=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! id postgres >/dev/null 2>&1; then
  need+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/sbin/nginx ] || need+=(nginx)
# WeasyPrint (the Committee report's PDF) draws text with Pango; pdftoppm turns printed PDFs into images for the print tests.
ldconfig -p | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# LibreOffice opens and converts the providers' return templates (tests/integration/etl/returns/test_template.py).
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need these Debian packages: ${need[*]}. Install them as root: apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing system packages for the tests: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Installed packages must not start their services (nginx would listen on port 80 of every address):
  # Debian's invoke-rc.d asks policy-rc.d, and 101 means "do not start". One already there is left alone.
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "PostgreSQL binaries still missing after install" >&2; exit 1; }
command -v redis-server >/dev/null 2>&1 || { echo "redis-server still missing after install" >&2; exit 1; }
[ -x /usr/sbin/nginx ] || { echo "nginx still missing after install" >&2; exit 1; }
command -v soffice >/dev/null 2>&1 || { echo "LibreOffice (soffice) still missing after install" >&2; exit 1; }
