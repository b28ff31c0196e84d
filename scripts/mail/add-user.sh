#!/usr/bin/env bash
# Add a mail user at run time (the fixture must be up).  Idempotent.  Prints "EMAIL PASSWORD".
#
#   scripts/mail/add-user.sh NAME [PASSWORD]     # NAME: t-inbox-x1y2 | t-inbox-x1y2@school.test
#
# PASSWORD defaults to "<name>-pw"; given for an existing user, it replaces the old one.
# The user goes into Dovecot's passwd-file (Dovecot re-reads it when it changes) and Postfix's
# recipient map; Postfix is reloaded and the script returns only once the MX port accepts
# RCPT TO:<NAME@school.test>.  Added users survive start.sh; `rm -rf` of the fixture dir drops them.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"
source "$HERE/lib/write-dovecot.sh"
source "$HERE/lib/write-postfix.sh"
trap 'mail_log "$(basename "$0") failed at line $LINENO: $BASH_COMMAND"' ERR

[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
ADDR="$(to_address "$1")"
LOCAL="${ADDR%@*}"
[ "${ADDR#*@}" = "$DOMAIN" ] || { mail_log "only @$DOMAIN users: $ADDR"; exit 2; }
[[ "$LOCAL" =~ ^[a-z0-9][a-z0-9._-]{0,63}$ ]] || { mail_log "user name must match [a-z0-9][a-z0-9._-]*: $LOCAL"; exit 2; }
PASS="${2:-$LOCAL-pw}"
# passwd-file fields are ':'-separated, one user per line
[[ "$PASS" != *:* && "$PASS" != *$'\n'* && -n "$PASS" ]] || { mail_log "password must be non-empty, without ':' or newline"; exit 2; }

[ "$(id -u)" = 0 ] || { mail_log "must run as root"; exit 1; }
dovecot_pid >/dev/null && postfix_pid >/dev/null || { mail_log "the fixture is not running; run scripts/mail/start.sh first"; exit 1; }

take_lock
touch "$ADDED_USERS"
LINE="$ADDR:{PLAIN}$PASS::::::"
old="$(grep -m1 "^$ADDR:" "$USERS_FILE" || true)"
if [ -z "$old" ]; then
  echo "$LINE" >>"$ADDED_USERS"
elif [ $# -ge 2 ] && [ "$old" != "$LINE" ]; then
  grep -q "^$ADDR:" "$ADDED_USERS" || { mail_log "$ADDR is a built-in user; its password cannot change"; exit 1; }
  { grep -v "^$ADDR:" "$ADDED_USERS" || true; echo "$LINE"; } >"$ADDED_USERS.new"
  mv -f "$ADDED_USERS.new" "$ADDED_USERS"
else
  PASS="$(printf '%s' "$old" | cut -d: -f2 | sed 's/^{PLAIN}//')"
fi

CHANGED=0
write_dovecot_users
write_postfix_vmailbox
if [ "$CHANGED" = 1 ] || [[ "$(smtp_rcpt_probe "$ADDR" || true)" != 250* ]]; then
  postfix_reload_until_accepts "$ADDR"
fi
echo "$ADDR $PASS"
