# Creates a throw-away CA and a server certificate, once per $MAIL_DIR.  Sourced by start.sh.
# A wiped $MAIL_DIR gets a new CA: clients read $MAIL_DIR/tls/ca.pem at run time, never embed it.
make_tls() {
  local d="$MAIL_DIR/tls"
  mkdir -p "$d"
  [ -s "$d/server.pem" ] && [ -s "$d/server.key" ] && [ -s "$d/ca.pem" ] && return 0
  mail_log "creating CA + server certificate in $d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
    -keyout "$d/ca.key" -out "$d/ca.pem" -subj "/O=Pigeon mail fixture/CN=Pigeon test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$d/server.key" -out "$d/server.csr" \
    -subj "/O=Pigeon mail fixture/CN=$MAILHOST" 2>/dev/null
  cat >"$d/server.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$MAILHOST,DNS:localhost,DNS:$DOMAIN,IP:127.0.0.1,IP:::1
EXT
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$d/server.ext" -out "$d/server.pem" 2>/dev/null
  chmod 0644 "$d/server.pem" "$d/ca.pem"; chmod 0600 "$d/server.key" "$d/ca.key"
}
