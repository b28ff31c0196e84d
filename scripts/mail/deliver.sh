#!/usr/bin/env bash
# Send one message to a fixture user through Postfix's inbound SMTP "MX" port (127.0.0.1:21025 by default,
# no AUTH), which delivers it into Dovecot over LMTP.  Prints the Message-ID.
#
#   scripts/mail/deliver.sh USER [SUBJECT] [BODY]        # USER: bob | bob@school.test
#   scripts/mail/deliver.sh USER --raw FILE.eml          # send a ready-made RFC 5322 file
#   FROM='Eve <eve@example.com>' scripts/mail/deliver.sh alice '회의 안내'
#
# Non-ASCII subjects are RFC 2047 encoded (UTF-8, B).  Pure bash (/dev/tcp), no
# extra tools.  Exit status 1 with the server's reply on stderr if SMTP refuses.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"
trap 'mail_log "$(basename "$0") failed at line $LINENO: $BASH_COMMAND"' ERR

[ $# -ge 1 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "$1" in *@*) RCPT="$1" ;; *) RCPT="$1@$DOMAIN" ;; esac
shift
FROM_HDR="${FROM:-Pigeon Sender <sender@example.com>}"
FROM_ADDR="$(printf '%s' "$FROM_HDR" | sed -n 's/.*<\([^>]*\)>.*/\1/p')"; [ -n "$FROM_ADDR" ] || FROM_ADDR="$FROM_HDR"

RAW=""
if [ "${1:-}" = "--raw" ]; then
  RAW="$2"
  MSGID="$( (grep -i -m1 '^Message-ID:' "$RAW" || true) | sed 's/^[^:]*:[[:space:]]*//' | tr -d '\r')"
  if [ -z "$MSGID" ]; then
    MSGID="<deliver.$(date +%s%N).$$@example.com>"
    RAW_HDR="Message-ID: $MSGID"
  else
    RAW_HDR=""
  fi
else
  SUBJECT="${1:-Pigeon test message $(date '+%Y-%m-%d %H:%M:%S')}"
  BODY="${2:-This message was sent by scripts/mail/deliver.sh at $(date -R).}"
  MSGID="<deliver.$(date +%s%N).$$@example.com>"
  if printf '%s' "$SUBJECT" | LC_ALL=C grep -q '[^ -~]'; then
    SUBJ_HDR="=?UTF-8?B?$(printf '%s' "$SUBJECT" | base64 -w0)?="
  else
    SUBJ_HDR="$SUBJECT"
  fi
fi

exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT" || { echo "cannot connect to 127.0.0.1:$SMTP_PORT" >&2; exit 1; }
REPLY_LINE=""
expect() {  # expect CODE: read a (multi-line) reply, fail unless it starts with CODE
  local line
  while IFS= read -r -t 15 line <&3; do
    line="${line%$'\r'}"
    [[ "$line" =~ ^[0-9]{3}- ]] && continue
    REPLY_LINE="$line"
    [[ "$line" == "$1"* ]] && return 0
    echo "SMTP error (wanted $1): $line" >&2
    printf 'QUIT\r\n' >&3 || true
    exit 1
  done
  echo "SMTP timeout waiting for $1" >&2; exit 1
}
send() { printf '%s\r\n' "$1" >&3; }

expect 220
send "EHLO deliver.example.com"; expect 250
send "MAIL FROM:<$FROM_ADDR>";    expect 250
send "RCPT TO:<$RCPT>";          expect 250
send "DATA";                     expect 354
{
  if [ -n "$RAW" ]; then
    [ -n "$RAW_HDR" ] && printf '%s\r\n' "$RAW_HDR"
    # normalise line ends to CRLF and dot-stuff
    sed -e 's/\r$//' -e 's/^\./../' -e 's/$/\r/' "$RAW"
  else
    printf 'From: %s\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\n' \
      "$FROM_HDR" "$RCPT" "$SUBJ_HDR" "$(date -R)" "$MSGID"
    printf 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
    printf '%s\n' "$BODY" | sed -e 's/^\./../' -e 's/$/\r/'
  fi
  printf '.\r\n'
} >&3
expect 250
QUEUED="$REPLY_LINE"
send "QUIT"; expect 221 || true
exec 3>&-
echo "$QUEUED" | sed -n 's/.*queued as \([A-Z0-9a-z]*\).*/postfix queue id \1/p' >&2
echo "$MSGID"
