#!/usr/bin/env bash
# Roundcube 1.6 from Debian, the baseline of the browser benchmarks (bench/versus-roundcube.ts): installs the
# packages once (no web server and no daemon: the bench runs PHP's own server on 127.0.0.1). Bench only, never
# part of the test run.
set -euo pipefail
if [ -f /usr/share/roundcube/index.php ] && command -v php >/dev/null && command -v sqlite3 >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# php-cgi satisfies php's web-server dependency without pulling in Apache
apt-get install -y --no-install-recommends php8.2-cgi php8.2-cli php8.2-sqlite3 php8.2-intl php8.2-mbstring \
  roundcube-core roundcube-sqlite3 sqlite3
