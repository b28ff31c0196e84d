#!/usr/bin/env bash
# Start Pigeon's mail fixture (Dovecot + Postfix on 127.0.0.1).  Idempotent and fast when up:
#   - installs the Debian packages if missing (no system daemon is started by apt),
#   - (re)writes all config under $PIGEON_MAIL_DIR (default /tmp/pigeon-mail; TLS cert only once),
#   - starts Dovecot / Postfix if not running, reloads them if their config changed,
#   - waits until every port answers, prints a one-line summary.
# Needs root.  Stop with scripts/mail/stop.sh.  Wipe: scripts/mail/stop.sh && rm -rf /tmp/pigeon-mail
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"
source "$HERE/lib/tls.sh"
source "$HERE/lib/write-dovecot.sh"
source "$HERE/lib/write-postfix.sh"

[ "$(id -u)" = 0 ] || { mail_log "must run as root (Dovecot and Postfix switch users)"; exit 1; }
trap 'mail_log "start.sh failed at line $LINENO: $BASH_COMMAND"' ERR

# ------------------------------------------------------------------ packages
PKGS=(dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd dovecot-sieve dovecot-managesieved postfix openssl)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  mail_log "installing: ${missing[*]}"
  # Postfix: no /etc/postfix/main.cf from debconf (we always run with our own -c dir)
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  echo "postfix postfix/mailname string $MAILHOST" | debconf-set-selections
  # Never let the package scripts start the system-wide daemons (0.0.0.0:143 etc.).
  tmp_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; tmp_policy=1
  fi
  if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=900 update >&2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}" >&2 || {
    apt-get -o DPkg::Lock::Timeout=900 update >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}" >&2
  }
  if [ "$tmp_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

# One start.sh / add-user.sh at a time (vitest, Playwright and bench may all call this at once).
take_lock

# ------------------------------------------------------------------ layout
mkdir -p "$MAIL_DIR"/{dovecot,run,state/dovecot,tls} "$LOGDIR" "$PIDDIR" "$MAILROOT" "$POSTFIX_SPOOL" "$POSTFIX_DATA"
chmod 0755 "$MAIL_DIR" "$MAIL_DIR/run"
# Dovecot runs mail processes as uid 5000: it must be able to create homes below here
chown "$VMAIL_UID:$VMAIL_GID" "$MAILROOT"; chmod 0750 "$MAILROOT"
# Postfix master creates master.lock in data_directory as user postfix
chown postfix:postfix "$POSTFIX_DATA"; chmod 0700 "$POSTFIX_DATA"
# postlogd (user postfix) appends to the log file
touch "$LOGDIR/postfix.log" "$LOGDIR/dovecot.log"
chown postfix "$LOGDIR/postfix.log"

make_tls
CHANGED=0; write_dovecot_users; write_dovecot_conf; dc_changed=$CHANGED
CHANGED=0; write_postfix_conf; pf_changed=$CHANGED

# ------------------------------------------------------------------ limits
# Dovecot's master and its ~1100 possible imap processes inherit this.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ------------------------------------------------------------------ Dovecot
if dovecot_pid >/dev/null; then
  if [ "$dc_changed" = 1 ]; then mail_log "dovecot config changed: reload"; doveadm_ reload 9>&- </dev/null >&2; fi
else
  doveconf -c "$DOVECOT_CONF" -n >/dev/null   # fail early on config errors
  # The daemons must not inherit the fixture lock (9>&-) nor our stdout/stderr: Dovecot's master
  # keeps fd 2, and a caller reading our output (Node's execFile) would wait for EOF forever.
  dovecot -c "$DOVECOT_CONF" 9>&- </dev/null >>"$LOGDIR/dovecot.log" 2>&1 || { tail -5 "$LOGDIR/dovecot.log" >&2; exit 1; }
fi

# ------------------------------------------------------------------ Postfix
if postfix_pid >/dev/null; then
  if [ "$pf_changed" = 1 ]; then mail_log "postfix config changed: reload"; postfix -c "$POSTFIX_CONF" reload 9>&- </dev/null >/dev/null 2>&1 || true; fi
else
  postfix -c "$POSTFIX_CONF" check
  postfix -c "$POSTFIX_CONF" start 9>&- </dev/null >"$LOGDIR/postfix-start.log" 2>&1 || {
    tail -5 "$LOGDIR/postfix-start.log" "$LOGDIR/postfix.log" >&2; exit 1; }
fi

# ------------------------------------------------------------------ wait
PORTS=("$IMAP_PORT" "$IMAPS_PORT" "$POP3_PORT" "$POP3S_PORT" "$LMTP_PORT" "$SMTP_PORT" "$SUBM_PORT" "$SUBMS_PORT")
SIEVE_TXT=""
if [ -e /usr/lib/dovecot/managesieve-login ]; then PORTS+=("$SIEVE_PORT"); SIEVE_TXT=" ManageSieve :$SIEVE_PORT"; fi
deadline=$(( $(date +%s) + 30 ))
for p in "${PORTS[@]}"; do
  until port_open "$p"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      mail_log "port $p did not open; see $LOGDIR/dovecot.log and $LOGDIR/postfix.log"
      tail -5 "$LOGDIR/dovecot.log" "$LOGDIR/postfix.log" >&2
      exit 1
    fi
    sleep 0.1
  done
done
# the LMTP / auth sockets Postfix needs (a reload re-creates them: wait, don't just test)
for s in "$MAIL_DIR/run/dovecot-lmtp" "$MAIL_DIR/run/auth-postfix"; do
  until [ -S "$s" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { mail_log "missing socket $s"; exit 1; }
    sleep 0.1
  done
done

dpid="$(dovecot_pid)"
ppid_="$(postfix_pid)"
ln -sfn "$DOVECOT_BASE/master.pid" "$PIDDIR/dovecot.pid"
ln -sfn "$POSTFIX_SPOOL/pid/master.pid" "$PIDDIR/postfix.pid"
cat >"$MAIL_DIR/READY.new" <<READY
# written by scripts/mail/start.sh while the fixture is up
host=127.0.0.1
domain=$DOMAIN
imap=$IMAP_PORT
imaps=$IMAPS_PORT
pop3=$POP3_PORT
pop3s=$POP3S_PORT
lmtp=$LMTP_PORT
smtp=$SMTP_PORT
submission=$SUBM_PORT
submissions=$SUBMS_PORT
sieve=$SIEVE_PORT
ca=$MAIL_DIR/tls/ca.pem
READY
mv -f "$MAIL_DIR/READY.new" "$MAIL_DIR/READY"

echo "pigeon-mail up: IMAP 127.0.0.1:$IMAP_PORT(STARTTLS) :$IMAPS_PORT(TLS) POP3 :$POP3_PORT(STLS) :$POP3S_PORT(TLS) LMTP :$LMTP_PORT SMTP :$SMTP_PORT(MX) :$SUBM_PORT(submission,STARTTLS+AUTH) :$SUBMS_PORT(TLS+AUTH)$SIEVE_TXT; users alice|bob|carol|dave|user001..user200@$DOMAIN pw=<name>-pw; CA $MAIL_DIR/tls/ca.pem; dovecot pid $dpid, postfix pid $ppid_; logs $LOGDIR"
