#!/usr/bin/env bash
# Makes a throwaway certificate authority and a server certificate it signed,
# for TLS tests (a local https receiver, an SMTP server with STARTTLS, serve
# with --tls-cert). Usage: make_test_ca.sh DIR [NAME]
# Writes DIR/ca.pem (the CA to trust), DIR/NAME.pem and DIR/NAME.key (the
# server's certificate for localhost and 127.0.0.1, and its key). NAME
# defaults to "server"; a second call with another NAME and the same DIR signs
# another certificate with the same CA. With ca.pem absent, a new CA is made.
set -euo pipefail
dir=${1:?dir}
name=${2:-server}
cd "$dir"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
if [[ ! -f ca.pem ]]; then
  openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 2 -subj "/CN=arshjul test CA $$" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
fi
openssl req "${ec[@]}" -keyout "$name.key" -out "$name.csr" -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$name.ext"
openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 2 \
  -extfile "$name.ext" 2>/dev/null
rm -f "$name.csr" "$name.ext"
