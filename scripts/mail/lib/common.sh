# Shared settings for Pigeon's mail fixture scripts.  Sourced, not executed.
# Everything at runtime lives under $MAIL_DIR (default /tmp/pigeon-mail), so
# `stop.sh && rm -rf /tmp/pigeon-mail && start.sh` recreates the fixture from nothing.

MAIL_DIR="${PIGEON_MAIL_DIR:-/tmp/pigeon-mail}"
MAIL_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

DOMAIN="school.test"
MAILHOST="mail.school.test"

# Mail files belong to this numeric uid/gid; Dovecot needs no /etc/passwd entry for it.
VMAIL_UID=5000
VMAIL_GID=5000

# All ports are on 127.0.0.1 and shifted by PIGEON_MAIL_PORT_OFFSET (default 20000), so the
# fixture runs beside a system mail server or another fixture (e.g. OFFSET=30000 for CI job 2).
OFF="${PIGEON_MAIL_PORT_OFFSET:-20000}"
[[ "$OFF" =~ ^[0-9]+$ ]] && [ "$OFF" -le 60000 ] || { echo "[pigeon-mail] PIGEON_MAIL_PORT_OFFSET must be 0..60000, got '$OFF'" >&2; exit 2; }
IMAP_PORT=$((1143 + OFF))    # IMAP, STARTTLS offered (loopback counts as secure: plaintext LOGIN works too)
IMAPS_PORT=$((1993 + OFF))   # IMAP, implicit TLS
POP3_PORT=$((1110 + OFF))    # POP3, STLS offered
POP3S_PORT=$((1995 + OFF))   # POP3, implicit TLS
LMTP_PORT=$((1024 + OFF))    # Dovecot LMTP (Postfix uses the unix socket $MAIL_DIR/run/dovecot-lmtp)
SMTP_PORT=$((1025 + OFF))    # Postfix inbound "MX": existing @school.test recipients only, no AUTH
SUBM_PORT=$((1587 + OFF))    # Postfix submission: STARTTLS required, then AUTH
SUBMS_PORT=$((1465 + OFF))   # Postfix submissions: implicit TLS + AUTH
SIEVE_PORT=$((4190 + OFF))   # ManageSieve (only if dovecot-managesieved is installed)
# Where the daemons listen: 127.0.0.1 (tests, dev) or `all` (the demo container of deploy/demo-mail).
LISTEN="${PIGEON_MAIL_LISTEN:-127.0.0.1}"
[[ "$LISTEN" =~ ^(all|[0-9.]+)$ ]] || { echo "[pigeon-mail] PIGEON_MAIL_LISTEN must be an IPv4 address or all, got '$LISTEN'" >&2; exit 2; }
if [ "$LISTEN" = all ]; then DC_LISTEN='*'; PF_INTERFACES=all; PF_BIND=''; else DC_LISTEN="$LISTEN"; PF_INTERFACES="$LISTEN"; PF_BIND="$LISTEN:"; fi
# Distinct from the reference lab ("maillab"), so both run side by side and ps tells them apart.
INSTANCE="pigeon-mail$([ "$OFF" = 20000 ] || echo "-$OFF")"

DOVECOT_CONF="$MAIL_DIR/dovecot.conf"
DOVECOT_BASE="$MAIL_DIR/run/dovecot"     # Dovecot base_dir (sockets, master.pid)
USERS_FILE="$MAIL_DIR/dovecot/users"     # passwd-file of the built-in users (written by start.sh)
# One passwd-file per user added by add-user.sh (Dovecot: users.d/%Lu).  Dovecot re-stats a
# passwd-file at most once a second, but opens a new one at its first lookup: no wait.
ADDED_USERS_DIR="$MAIL_DIR/dovecot/users.d"
POSTFIX_CONF="$MAIL_DIR/postfix"         # postfix -c $POSTFIX_CONF
POSTFIX_SPOOL="$MAIL_DIR/postfix-spool"  # queue_directory
POSTFIX_DATA="$MAIL_DIR/postfix-data"    # data_directory
PIDDIR="$MAIL_DIR/pids"
LOGDIR="$MAIL_DIR/log"
MAILROOT="$MAIL_DIR/mail"
LOCK_FILE="$MAIL_DIR/.lock"              # serialises start.sh and add-user.sh (tests call them in parallel)

DEFAULT_QUOTA="100M"

mail_log() { printf '[pigeon-mail] %s\n' "$*" >&2; }

# true if a TCP port on 127.0.0.1 accepts connections
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid from a pid file, only if that process is alive
live_pid() {
  local f="$1" p
  [ -r "$f" ] || return 1
  p="$(tr -dc '0-9' <"$f")"
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null && { echo "$p"; return 0; }
  return 1
}

# is this pid our Dovecot master (started with our config)?
is_our_dovecot() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q "dovecot -c $DOVECOT_CONF"; }
# is this pid our Postfix master (postfix -c sets MAIL_CONFIG in its environment)?
is_our_postfix() { grep -qz "^MAIL_CONFIG=$POSTFIX_CONF\$" "/proc/$1/environ" 2>/dev/null; }

dovecot_pid() { local p; p="$(live_pid "$DOVECOT_BASE/master.pid")" && is_our_dovecot "$p" && echo "$p"; }
postfix_pid() { local p; p="$(live_pid "$POSTFIX_SPOOL/pid/master.pid")" && is_our_postfix "$p" && echo "$p"; }

doveadm_() { doveadm -c "$DOVECOT_CONF" "$@"; }

# take the fixture-wide lock on fd 9 (waits for a concurrent start.sh / add-user.sh)
take_lock() {
  mkdir -p "$MAIL_DIR"
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || { mail_log "timed out waiting for $LOCK_FILE"; exit 1; }
}

# user argument -> lower-case full address
to_address() {
  local u="$1"
  case "$u" in *@*) ;; *) u="$u@$DOMAIN" ;; esac
  printf '%s' "$u" | tr 'A-Z' 'a-z'
}

# replace $2 with $1 only when the content differs (keeps mtimes, avoids needless reloads);
# sets CHANGED=1 when it replaced the file
CHANGED=0
install_if_changed() {
  if [ -e "$2" ] && cmp -s "$1" "$2"; then rm -f "$1"; return 0; fi
  mv -f "$1" "$2"; CHANGED=1
}
