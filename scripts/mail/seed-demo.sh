#!/usr/bin/env bash
# Give alice@school.test (password alice-pw) ~500 realistic messages in every folder, for trying
# Pigeon by hand (`pnpm dev:mail`).  Seeds only when alice's INBOX is empty, so it can run on every
# start; `scripts/mail/seed-demo.sh --reset` wipes alice's mail and seeds again.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"

case "${1:-}" in
  --reset) exec bash "$HERE/seed.sh" alice 500 --reset --precache ;;
  "") ;;
  *) echo "usage: $0 [--reset]" >&2; exit 2 ;;
esac
n="$(doveadm_ -f flow mailbox status -u "alice@$DOMAIN" messages INBOX 2>/dev/null | sed 's/.*messages=//')"
if [ "${n:-0}" -gt 0 ]; then
  echo "alice@$DOMAIN already has $n messages in INBOX (seed-demo.sh --reset to start over)"
  exit 0
fi
exec bash "$HERE/seed.sh" alice 500 --precache
