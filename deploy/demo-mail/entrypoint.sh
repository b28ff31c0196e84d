#!/usr/bin/env bash
# Starts the demo mail server, hands its CA to Pigeon (/ca, a shared volume), seeds alice's demo mailbox once,
# then stays in the foreground until SIGTERM or until a daemon dies.
set -euo pipefail
S="${PIGEON_MAIL_SCRIPTS:-/opt/pigeon-mail}"
bash "$S/start.sh"
if [ -d /ca ]; then
  cp "$PIGEON_MAIL_DIR/tls/ca.pem" /ca/ca.pem
  chmod 0644 /ca/ca.pem
fi
bash "$S/seed-demo.sh" || echo "[demo-mail] seeding alice's mailbox failed; the server runs anyway" >&2
trap 'bash "$S/stop.sh"; exit 0' TERM INT
# shellcheck source=/dev/null
source "$S/lib/common.sh"
while dovecot_pid >/dev/null && postfix_pid >/dev/null; do
  sleep 5 &
  wait $!
done
echo "[demo-mail] a mail daemon exited; see $PIGEON_MAIL_DIR/log" >&2
exit 1
