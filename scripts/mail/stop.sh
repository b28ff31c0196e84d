#!/usr/bin/env bash
# Stop Pigeon's mail fixture: only the masters whose pid files live under $PIGEON_MAIL_DIR,
# each checked (cmdline / environment) to really be this fixture's process before it is signalled.
#   scripts/mail/stop.sh            # Dovecot and Postfix
#   scripts/mail/stop.sh dovecot    # Dovecot only (reconnect tests); start.sh brings it back
#   scripts/mail/stop.sh postfix    # Postfix only
# Mail and config stay; `rm -rf /tmp/pigeon-mail` afterwards wipes everything.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"

WHAT="${1:-all}"
case "$WHAT" in all|dovecot|postfix) ;; *) echo "usage: $0 [all|dovecot|postfix]" >&2; exit 2 ;; esac

wait_gone() {  # pid seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

# pids of this instance's Dovecot processes: their titles start with "dovecot-$INSTANCE/" (another fixture's differ)
instance_pids() { pgrep -f "^dovecot-$INSTANCE/" || true; }

stop_dovecot() {
  local pid
  pid="$(live_pid "$DOVECOT_BASE/master.pid")" || { mail_log "dovecot not running"; return 0; }
  if ! is_our_dovecot "$pid"; then
    mail_log "pid $pid in $DOVECOT_BASE/master.pid is not our dovecot; not touching it"; return 0
  fi
  # the whole instance at once, as systemd's stop ends the service's cgroup: TERM to the master alone leaves its imap
  # processes (and TLS proxies) serving open connections for ~10 s, which no real "server died" looks like
  local children c
  children="$(instance_pids)"
  kill -TERM "$pid" $children 2>/dev/null
  wait_gone "$pid" 15 || { mail_log "dovecot $pid did not exit, sending KILL"; kill -KILL "$pid"; }
  for c in $children $(instance_pids); do
    wait_gone "$c" 5 || { mail_log "dovecot process $c did not exit, sending KILL"; kill -KILL "$c" 2>/dev/null; }
  done
  mail_log "dovecot (pid $pid) stopped"
}

stop_postfix() {
  local pid
  pid="$(live_pid "$POSTFIX_SPOOL/pid/master.pid")" || { mail_log "postfix not running"; return 0; }
  if ! is_our_postfix "$pid"; then
    mail_log "pid $pid in $POSTFIX_SPOOL/pid/master.pid is not our postfix; not touching it"; return 0
  fi
  postfix -c "$POSTFIX_CONF" stop 2>/dev/null || kill -TERM "$pid"
  wait_gone "$pid" 15 || { mail_log "postfix master $pid did not exit, sending KILL"; kill -KILL "$pid"; }
  mail_log "postfix (pid $pid) stopped"
}

# not while a start.sh / add-user.sh is half-way through
[ -d "$MAIL_DIR" ] && take_lock
case "$WHAT" in
  dovecot) stop_dovecot ;;
  postfix) stop_postfix ;;
  all) stop_postfix; stop_dovecot ;;
esac
rm -f "$MAIL_DIR/READY"
exit 0
