#!/usr/bin/env bash
# Add a mail user at run time (the fixture must be up).  Idempotent.  Prints "EMAIL PASSWORD".
#
#   scripts/mail/add-user.sh NAME [PASSWORD] [--quota SIZE]   # NAME: t-inbox-x1y2 | t-inbox-x1y2@school.test
#
# PASSWORD defaults to "<name>-pw"; given for an existing user, it replaces the old one.
# --quota SIZE (e.g. 200K, 5M, 1G) gives the user a storage limit (GETQUOTAROOT, over-quota tests); without it
# a new user has none (unlimited; the built-in users keep theirs).  An existing user keeps theirs unless given.
# The user gets its own passwd-file in dovecot/users.d/ (Dovecot reads it at the first lookup) and
# a line in Postfix's recipient map; Postfix is reloaded, and the script returns only once Dovecot
# knows the user and the MX port accepts RCPT TO:<NAME@school.test>.  Added users survive start.sh;
# `rm -rf` of the fixture dir drops them.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"
source "$HERE/lib/write-dovecot.sh"
source "$HERE/lib/write-postfix.sh"
trap 'mail_log "$(basename "$0") failed at line $LINENO: $BASH_COMMAND"' ERR

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
QUOTA=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quota) [ $# -ge 2 ] || usage; QUOTA="$2"; shift 2 ;;
    --quota=*) QUOTA="${1#--quota=}"; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
set -- "${ARGS[@]}"
[ $# -ge 1 ] && [ $# -le 2 ] || usage
[ -z "$QUOTA" ] || [[ "$QUOTA" =~ ^[1-9][0-9]{0,9}[KMG]?$ ]] || { mail_log "--quota must look like 200K, 5M or 1G: $QUOTA"; exit 2; }
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
mkdir -p "$ADDED_USERS_DIR"
FILE="$ADDED_USERS_DIR/$ADDR"
old="$( (grep -h "^$ADDR:" "$USERS_FILE" "$FILE" 2>/dev/null || true) | head -1)"
# an existing user keeps their password unless one is given
[ $# -ge 2 ] || [ -z "$old" ] || PASS="$(printf '%s' "$old" | cut -d: -f2 | sed 's/^{PLAIN}//')"
# and their quota unless one is given; storage=0 is Dovecot's "no limit" (the fixture-wide rule would give 100M)
[ -n "$QUOTA" ] || [ -z "$old" ] || QUOTA="$(printf '%s' "$old" | sed -n 's/.*userdb_quota_rule=\*:storage=\([0-9]*[KMG]\{0,1\}\)$/\1/p')"
LINE="$ADDR:{PLAIN}$PASS::::::userdb_quota_rule=*:storage=${QUOTA:-0}"
if grep -q "^$ADDR:" "$USERS_FILE"; then
  [ "$old" = "$ADDR:{PLAIN}$PASS::::::" ] && [ -z "$QUOTA" ] ||
    [[ "$old" == "$ADDR:{PLAIN}$PASS::::::userdb_quota_rule="* && -z "$QUOTA" ]] ||
    { mail_log "$ADDR is a built-in user; its password and quota cannot change"; exit 1; }
elif [ -z "$old" ] || [ "$old" != "$LINE" ]; then
  # A change: Dovecot notices a changed passwd-file only by (mtime in whole seconds, size), and a new quota
  # often keeps the size (200K -> 100K), so the new file is WRITTEN in a later second than the old one
  # (mv keeps the mtime of the moment the file was written, so waiting before mv is not enough).
  printf '%s\n' "$LINE" >"$FILE.new"
  chmod 0640 "$FILE.new"; chgrp dovecot "$FILE.new"
  if [ -n "$old" ]; then
    was="$(stat -c %Y "$FILE")"
    until [ "$(stat -c %Y "$FILE.new")" -gt "$was" ]; do sleep 0.05; touch "$FILE.new"; done
  fi
  mv -f "$FILE.new" "$FILE"
  # Dovecot re-stats a passwd-file at most once per second of its clock: once the second of the move has
  # passed, the next lookup (passdb and userdb alike) reads the new line.
  [ -z "$old" ] || until [ "$(stat -c %Y "$FILE")" -lt "$(date +%s)" ]; do sleep 0.05; done
fi

# Dovecot: the userdb must know the user (a new per-user file is read at its first lookup)
deadline=$(( $(date +%s) + 10 ))
until doveadm_ user -f home "$ADDR" >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || { mail_log "Dovecot does not know $ADDR; see $LOGDIR/dovecot.log"; exit 1; }
  sleep 0.05
done

# and an added user's limit is the one asked for (a stale one here is the bug this check exists for)
want="*:storage=${QUOTA:-0}"
grep -q "^$ADDR:" "$USERS_FILE" || [ "$(doveadm_ user -f quota_rule "$ADDR" 2>/dev/null)" = "$want" ] ||
  { mail_log "Dovecot still has another quota for $ADDR (want $want); see $LOGDIR/dovecot.log"; exit 1; }

# Create the mail store now, in one process: Dovecot's first access builds the folder list index and the
# auto folders, and two processes doing that at once (a test's IMAP client, Pigeon's connections, LMTP)
# can hit fcntl's deadlock detection and crash with "Panic: ... Resource deadlock avoided".
doveadm_ mailbox status -u "$ADDR" messages '*' >/dev/null

# Postfix: recipient map, then reload until a fresh smtpd accepts the address
CHANGED=0
write_postfix_vmailbox
if [ "$CHANGED" = 1 ] || [[ "$(smtp_rcpt_probe "$ADDR" || true)" != 250* ]]; then
  postfix_reload_until_accepts "$ADDR"
fi
echo "$ADDR $PASS"
