#!/usr/bin/env bash
# 1 GiB through Wharf to S3 against awscli doing the same transfer directly (issue 13 §2).
# S3Proxy (filesystem backend, as a process) is the S3; Wharf runs with storage = s3 in front of
# it; curl uploads and downloads over FTPS (PROT P). awscli then copies the same file straight to
# and from S3Proxy. Prints each time and Wharf's as a ratio to awscli's (1.00 = as fast; above 1 =
# slower). Both paths end in the same S3Proxy on the same disk, so the ratio is what Wharf adds:
# the FTPS hop, TLS and its multipart upload.
#
# Usage: bench/s3-vs-awscli.sh            SIZE_MIB=1024 by default; SIZE_MIB=64 to check the pipeline
# Needs: curl, aws (awscli), a JDK >= 21. Never part of the test suite.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO/scripts/java-env.sh"
SIZE_MIB="${SIZE_MIB:-1024}"
W="$(mktemp -d /tmp/wharf-s3-bench.XXXXXX)"
log() { echo "[s3-bench] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT

log "building wharf.jar and S3Proxy's class path"
(cd "$REPO" && ./mvnw -B -q -DskipTests package -pl cli -am)
(cd "$REPO" && ./mvnw -B -q test-compile dependency:build-classpath -pl protocol,server,client,s3 \
    -Dmdep.outputFile="$W/s3proxy.cp" -Dmdep.includeScope=test)

export AWS_ACCESS_KEY_ID=bench-access-key AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
S3_PORT="$(free_port)"
mkdir -p "$W/s3data"
cat > "$W/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$W/s3data
CONF
log "S3Proxy on 127.0.0.1:$S3_PORT"
# Without slf4j-simple: S3Proxy's Main configures logback if it finds an SLF4J provider, and with
# slf4j-simple it fails at start; with no provider it logs nothing, which is all a benchmark needs.
"$JAVA_HOME/bin/java" -cp "$(tr ':' '\n' < "$W/s3proxy.cp" | grep -v slf4j-simple | paste -sd:)" \
    org.gaul.s3proxy.Main --properties "$W/s3proxy.conf" >"$W/s3proxy.log" 2>&1 &
PIDS+=($!)
S3="aws --endpoint-url http://127.0.0.1:$S3_PORT s3"
for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break; sleep 0.2; done
$S3 mb s3://bench >/dev/null || { cat "$W/s3proxy.log" >&2; exit 1; }

FTP_PORT="$(free_port)"
PASSWORD="$("$JAVA_HOME/bin/java" -jar "$REPO/cli/target/wharf.jar" user add bench --home "$W/unused" \
    --users-file "$W/state/users" --generate-password | sed -n 's/^Generated password: \([^ ]*\).*/\1/p')"
log "Wharf on 127.0.0.1:$FTP_PORT, storage = s3"
"$JAVA_HOME/bin/java" -jar "$REPO/cli/target/wharf.jar" serve --state-dir "$W/state" \
    --listen-addresses 127.0.0.1 --explicit-port "$FTP_PORT" --implicit-port off --transfer-log off \
    --storage s3 --s3-endpoint "http://127.0.0.1:$S3_PORT" --s3-path-style yes --s3-bucket bench \
    --s3-prefix wharf/ >"$W/wharf.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$FTP_PORT") 2>/dev/null && break; sleep 0.2; done
(echo > "/dev/tcp/127.0.0.1/$FTP_PORT") 2>/dev/null || { cat "$W/wharf.log" >&2; exit 1; }

log "$SIZE_MIB MiB of random data"
head -c "$((SIZE_MIB << 20))" /dev/urandom > "$W/file.bin"
CURL=(curl --silent --show-error --ssl-reqd --insecure --user "bench:$PASSWORD")
URL="ftp://127.0.0.1:$FTP_PORT"
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

WHARF_UP=$(seconds "${CURL[@]}" -T "$W/file.bin" "$URL/file.bin")
WHARF_DOWN=$(seconds "${CURL[@]}" -o "$W/back-wharf.bin" "$URL/file.bin")
cmp "$W/file.bin" "$W/back-wharf.bin"
cmp "$W/file.bin" <($S3 cp s3://bench/wharf/bench/file.bin -)
rm -f "$W/back-wharf.bin"
AWS_UP=$(seconds $S3 cp "$W/file.bin" s3://bench/direct/file.bin)
AWS_DOWN=$(seconds $S3 cp s3://bench/direct/file.bin "$W/back-aws.bin")
cmp "$W/file.bin" "$W/back-aws.bin"

printf '\n%s MiB through Wharf (curl, FTPS PROT P) to S3Proxy vs awscli directly\n\n' "$SIZE_MIB"
printf '| transfer | Wharf s | awscli s | Wharf MiB/s | awscli MiB/s | ratio (Wharf time / awscli time) |\n|---|---|---|---|---|---|\n'
for row in "upload $WHARF_UP $AWS_UP" "download $WHARF_DOWN $AWS_DOWN"; do
  set -- $row
  printf '| %s | %.2f | %.2f | %.0f | %.0f | %.2f |\n' "$1" "$2" "$3" "$(echo "$SIZE_MIB / $2" | bc -l)" \
      "$(echo "$SIZE_MIB / $3" | bc -l)" "$(echo "$2 / $3" | bc -l)"
done
