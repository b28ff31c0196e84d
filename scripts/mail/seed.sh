#!/usr/bin/env bash
# Bulk-load realistic messages into a fixture user's mailboxes.
#
#   scripts/mail/seed.sh USER N [--inbox-only] [--reset] [--precache]
#
#   USER          alice | alice@school.test | user001 | a user from add-user.sh
#   N             messages for INBOX (50000 takes ~10 s)
#   --inbox-only  do not fill Sent/Archive/Drafts/Trash/Junk/Projects/...
#   --reset       delete the user's whole mail store first (kicks their sessions)
#   --precache    fill Dovecot's cache with the fields a webmail lists/sorts/searches by
#                 (makes the first SEARCH/SORT/FETCH fast; costs ~1 s per 50k up front)
#
# Other folders get (besides INBOX = N):  Sent N/10 (<=5000), Archive N/5 (<=10000),
# Drafts N/100 (<=20), Trash N/50 (<=500), Junk N/50 (<=500, incl. hostile HTML),
# Projects/Alpha N/50 (<=1000), Projects/Beta N/100 (<=300), Newsletters N/50 (<=1000),
# "학교 공지" (Korean name) N/50 (<=1000).  Each at least 1-3 messages.
#
# How: one node/seed-gen.mjs process writes Maildir files directly (tmp/ -> cur/, S= and W= sizes
# in the name, mtime = INTERNALDATE, flags in the name) as uid 5000; then `doveadm force-resync`
# makes Dovecot assign UIDs and build the index, and `doveadm quota recalc` updates the quota.
# Without --reset, running seed.sh twice appends.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib/common.sh"
trap 'mail_log "$(basename "$0") failed at line $LINENO: $BASH_COMMAND"' ERR

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 2 ] || usage
USER_ARG="$1"; N="$2"; shift 2
INBOX_ONLY=0; RESET=0; PRECACHE=0
for a in "$@"; do
  case "$a" in
    --inbox-only) INBOX_ONLY=1 ;;
    --reset) RESET=1 ;;
    --precache) PRECACHE=1 ;;
    *) usage ;;
  esac
done
[[ "$N" =~ ^[0-9]+$ ]] || usage
U="$(to_address "$USER_ARG")"

[ "$(id -u)" = 0 ] || { mail_log "must run as root"; exit 1; }
dovecot_pid >/dev/null || { mail_log "Dovecot is not running; run scripts/mail/start.sh first"; exit 1; }
HOME_DIR="$(doveadm_ user -f home "$U" 2>/dev/null)" || { mail_log "no such user: $U"; exit 1; }
command -v node >/dev/null || { mail_log "node is required"; exit 1; }

t0=$(date +%s.%N)
if [ "$RESET" = 1 ]; then
  mail_log "reset: kicking $U and deleting $HOME_DIR"
  doveadm_ kick "$U" >/dev/null 2>&1 || true
  case "$HOME_DIR" in "$MAILROOT"/*) rm -rf "$HOME_DIR" ;; *) mail_log "refusing to delete $HOME_DIR"; exit 1 ;; esac
fi

min() { [ "$1" -lt "$2" ] && echo "$1" || echo "$2"; }
max() { [ "$1" -gt "$2" ] && echo "$1" || echo "$2"; }
cnt() { max "$(min $(( N / $1 )) "$2")" "$3"; }   # cnt DIVISOR CAP FLOOR

# mailbox|kind|count|korean-text (1/0)
PLAN=("INBOX|inbox|$N|0")
if [ "$INBOX_ONLY" = 0 ]; then
  PLAN+=(
    "Sent|sent|$(cnt 10 5000 3)|0"
    "Archive|archive|$(cnt 5 10000 3)|0"
    "Drafts|drafts|$(cnt 100 20 2)|0"
    "Trash|trash|$(cnt 50 500 2)|0"
    "Junk|junk|$(cnt 50 500 3)|0"
    "Projects/Alpha|project|$(cnt 50 1000 2)|0"
    "Projects/Beta|project|$(cnt 100 300 1)|0"
    "Newsletters|list|$(cnt 50 1000 2)|0"
    "학교 공지|project|$(cnt 50 1000 2)|1"
  )
fi

RUN_ID="$(date +%s%N | tail -c 9)"
BOXES=(); JOBS=(); total=0
for entry in "${PLAN[@]}"; do
  IFS='|' read -r box kind count ko <<<"$entry"
  [ "$count" -gt 0 ] || continue
  BOXES+=("$box"); JOBS+=("$kind:$count:$ko"); total=$(( total + count ))
done
# creates the folders (and the user's home) if needed; INBOX and the auto folders exist already
doveadm_ mailbox create -s -u "$U" "${BOXES[@]}" >/dev/null 2>&1 || true
doveadm_ mailbox status -u "$U" messages "*" >/dev/null
ARGS=()
for i in "${!BOXES[@]}"; do
  ARGS+=(--job "${JOBS[$i]}:$(doveadm_ mailbox path -u "$U" "${BOXES[$i]}")")
done
# one node process for all folders (start-up and attachment blobs paid once)
node "$HERE/node/seed-gen.mjs" --user "$U" --uid "$VMAIL_UID" --gid "$VMAIL_GID" --run-id "$RUN_ID" "${ARGS[@]}" >/dev/null
# Dovecot assigns UIDs (in file-name time order) and indexes the new files
if [ "$INBOX_ONLY" = 1 ]; then doveadm_ force-resync -u "$U" INBOX; else doveadm_ force-resync -u "$U" '*'; fi
doveadm_ quota recalc -u "$U"
t1=$(date +%s.%N)
if [ "$PRECACHE" = 1 ]; then
  # Dovecot 2.3 caches only fields clients asked for (mail_cache_fields = flags): name the fields
  # a webmail lists, sorts and searches by, so doveadm index caches them now.
  doveadm_ -o "mail_cache_fields=flags date.received date.sent size.virtual hdr.date hdr.subject hdr.from hdr.to hdr.cc hdr.bcc hdr.reply-to hdr.sender hdr.message-id hdr.in-reply-to hdr.references imap.bodystructure" \
    index -u "$U" '*'
fi
t2=$(date +%s.%N)

doveadm_ -f tab mailbox status -u "$U" "messages unseen vsize" '*' \
  | awk -F'\t' '{ printf "  %-16s %9s %8s %12s\n", $1, $2, $3, $4 }' >&2 || true
doveadm_ quota get -u "$U" >&2 || true
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
extra=""; [ "$PRECACHE" = 1 ] && extra=", precache $(secs "$t1" "$t2")s"
echo "seeded $U: $total messages (INBOX $N) in $(secs "$t0" "$t1")s$extra"
