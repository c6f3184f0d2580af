#!/usr/bin/env bash
# The ceilings bench/run-all.sh judges Wharf's figures against, measured on this machine in the
# same run, loopback only, each probe under a timeout. Writes OUTDIR/limits.tsv (key, MB/s, what)
# and raw output beside it; prints the table.
#
#   tls_curl      openssl s_server -WWW serving 1G.bin -> curl https, TLS 1.3 AES-128-GCM (the
#                 suite Wharf negotiates): what curl can receive over TLS on this machine when the
#                 other end costs as little as OpenSSL does (median of LIMIT_REPS)
#   disk_direct   dd 1 GiB to the upload folder's file system, oflag=direct bs=64M: the disk's write
#                 rate with the page cache out of the way, the ceiling of an upload that is durable
#                 before its 226
#   disk_fdatasync  dd 1 GiB, bs=1M, conv=fdatasync: through the page cache, one flush at the end
#   tcp_loopback  iperf3, one stream (else a Java stream when iperf3 is not installed)
#   aes128_gcm_core, aes256_gcm_core, tls_jsse   from limits/JdkLimits.java (JDK >= 21)
#
# Usage: bench/physical-limits.sh OUTDIR   (LIMIT_REPS=3, LIMIT_SECONDS=5; BENCH_HOME as setup-peers.sh)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
B="${BENCH_HOME:-/tmp/wharf-bench}"
OUTD=$1 REPS=${LIMIT_REPS:-3} SECS=${LIMIT_SECONDS:-5}
mkdir -p "$OUTD"
TSV=$OUTD/limits.tsv
: >"$TSV"
source "$HERE/../scripts/java-env.sh"
emit() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$TSV"; }
median() { python3 -c 'import statistics, sys; v = [float(x) for x in sys.stdin.read().split()]; print(f"{statistics.median(v):.0f}" if v else "")'; }

# 1. TLS: s_server serves the file, curl reads it; MB/s over curl's data phase.
: >"$OUTD/tls-curl.txt"
for _ in $(seq "$REPS"); do
  (cd "$B/root" && exec timeout 120 openssl s_server -quiet -WWW -accept 127.0.0.1:5443 -naccept 1 -tls1_3 \
     -ciphersuites TLS_AES_128_GCM_SHA256 -cert "$B/certs/rsa-cert.pem" -key "$B/certs/rsa-key.pem" \
     >/dev/null 2>>"$OUTD/s_server.err") &
  server=$!
  # Waits by looking, not by connecting: s_server -naccept 1 would spend its one connection on a probe.
  for _ in $(seq 50); do ss -Htln 'sport = :5443' | grep -q . && break; sleep 0.1; done
  timeout 120 curl -s -k -o /dev/null -w '%{size_download} %{time_pretransfer} %{time_total}\n' \
    https://127.0.0.1:5443/1G.bin >>"$OUTD/tls-curl.txt"
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
done
emit tls_curl "$(awk '$1 == 1073741824 {print $1 / ($3 - $2) / 1e6}' "$OUTD/tls-curl.txt" | median)" \
  "openssl s_server -> curl, TLS 1.3 AES-128-GCM, 1 GiB ($(openssl version | cut -d' ' -f1-2))"

# 2. Disk: the file system that holds the upload folder.
dd_rate() { # dd args... -> MB/s from dd's own summary (bytes / seconds)
  LC_ALL=C timeout 300 dd if=/dev/zero of="$B/root/up/dd-limit.bin" "$@" 2>&1 |
    awk '/copied/ {for (i = 1; i <= NF; i++) if ($i ~ /^s,?$/) s = $(i - 1); print $1 / s / 1e6}'
  rm -f "$B/root/up/dd-limit.bin"
}
fs="$(df --output=source,fstype "$B/root/up" | tail -1 | tr -s ' ')"
emit disk_direct "$(dd_rate bs=64M count=16 oflag=direct | median)" "dd 1 GiB oflag=direct bs=64M to the upload folder ($fs)"
emit disk_fdatasync "$(dd_rate bs=1M count=1024 conv=fdatasync | median)" "dd 1 GiB conv=fdatasync bs=1M to the upload folder ($fs)"

# 3. Loopback TCP.
java_tcp=""
if command -v iperf3 >/dev/null; then
  timeout 60 iperf3 -s -1 -B 127.0.0.1 -p 5201 >/dev/null 2>&1 &
  server=$!
  sleep 0.5
  timeout 60 iperf3 -c 127.0.0.1 -p 5201 -t "$SECS" -J >"$OUTD/iperf3.json" 2>&1
  wait "$server" 2>/dev/null
  rate=$(python3 -c 'import json, sys; print("%.0f" % (json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 8e6))' "$OUTD/iperf3.json" 2>/dev/null)
  if [ -n "$rate" ]; then emit tcp_loopback "$rate" "loopback TCP, iperf3 one stream, $SECS s"; else java_tcp=tcp; fi
else
  java_tcp=tcp
fi

# 4. The JDK: AES-GCM per core, JSSE to JSSE (and TCP when iperf3 gave nothing).
timeout 180 java "$HERE/limits/JdkLimits.java" "$SECS" "$B/certs/rsa.p12" $java_tcp >>"$TSV" 2>"$OUTD/jdk.err" ||
  echo "JdkLimits failed: $(tail -3 "$OUTD/jdk.err")" >&2

echo "| limit | MB/s | what |"
echo "|---|---|---|"
awk -F'\t' '{printf "| %s | %s | %s |\n", $1, $2, $3}' "$TSV"
