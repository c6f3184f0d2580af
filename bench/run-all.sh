#!/usr/bin/env bash
# Wharf's benchmark, one command, one table: measures Wharf and its peers (vsftpd, ProFTPD,
# Pure-FTPd, Apache FtpServer) one after the other in one run, each alone on the machine, with two
# clients, then the machine's physical limits, and writes one table into docs/performance.md
# (between <!-- bench:begin --> and <!-- bench:end -->).
#
#   clients: Wharf's Java load generator (bench/target/wharf-bench.jar, tests a-f) and curl
#            (bench/curl-bench.sh);
#   Wharf is measured three ways: as shipped (uploads durable before their 226), with
#            --upload-sync off (non-durable, as the peers answer: upload rows only) and serving an
#            ECDSA P-256 certificate (handshake rows, sessions/s); every server also gets PROT C
#            downloads with client and server pinned to different cores (taskset);
#   peers:   bench/peers/setup-peers.sh (Debian packages unpacked side by side, Apache FtpServer
#            from Maven Central; user bench/bench, the same data and RSA-2048 certificate);
#   limits:  bench/physical-limits.sh (s_server -> curl TLS, dd direct and fdatasync, loopback TCP,
#            JDK AES-GCM per core, JSSE -> JSSE);
#   table:   bench/report.py: every Wharf figure against the best peer and against its limit.
#
# Usage (root, on an otherwise idle machine; about 40 min on 2 cores): bench/run-all.sh
#   QUICK=1     one repetition, fewer sessions (about 8 min): checks the pipeline, not a result
#   SERVERS="wharf vsftpd proftpd pureftpd apache"   which servers, in this order
#   LIMITS=0    skip the physical limits;  DOC=0  do not write docs/performance.md
#   BENCH_HOME=/tmp/wharf-bench   data, peers, certificates; results in $BENCH_HOME/results/run-<time>/
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="$(for v in QUICK SERVERS LIMITS DOC BENCH_HOME; do if [ -n "${!v:-}" ]; then printf '%s=%q ' "$v" "${!v}"; fi; done)bench/run-all.sh"
export BENCH_HOME="${BENCH_HOME:-/tmp/wharf-bench}"
B=$BENCH_HOME
SERVERS="${SERVERS:-wharf vsftpd proftpd pureftpd apache}"
QUICK="${QUICK:-0}"
source "$REPO/scripts/java-env.sh"
CERT=$B/certs/rsa-cert.pem KEY=$B/certs/rsa-key.pem
OUT="$B/results/run-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
log() { echo "[run-all $(date -u +%H:%M:%S)] $*" >&2; }
STARTED="$(date -u '+%Y-%m-%d %H:%M')"

if [ "$QUICK" = 1 ]; then
  JAVA_ARGS=(--reps 1 --upload-size 268435456 --sessions 60 --max-seconds 5 --concurrency 1,8
             --idle 200 --many 20)
  export REPS=1 N_SESSIONS=30 SESS_MAX_SECONDS=10 IDLE_SESSIONS=100 TESTS="a b c d"
  export LIMIT_REPS=1 LIMIT_SECONDS=2
else
  JAVA_ARGS=(--reps 3 --session-reps 2 --sessions 300 --max-seconds 8 --idle 1000)
  export REPS=3 N_SESSIONS=150 SESS_MAX_SECONDS=15 IDLE_SESSIONS=500 TESTS="a b c d e"
  export LIMIT_REPS=3 LIMIT_SECONDS=5
fi
PINNED_NOTE=", pinned (client CPU 0, server CPU 1)"

# A server left listening on one of these ports would be measured in a peer's place.
busy=""
for port in 2121 2122 2221 2222 2321 2421 2422 2521 2522 5201 5443; do
  ss -Htln "sport = :$port" | grep -q . && busy="$busy $port"
done
[ -z "$busy" ] || { log "ports already in use:$busy; stop what listens there (ss -tlnp) and run again"; exit 1; }

log "building Wharf and the load generator"
(cd "$REPO" && ./mvnw -B -q -DskipTests -Pbench-jar package -pl cli,bench -am)
log "peers and data (bench/peers/setup-peers.sh)"
bash "$REPO/bench/peers/setup-peers.sh" install
bash "$REPO/bench/peers/setup-peers.sh" data

WHARF_PID=""
stop_all() {
  [ -n "$WHARF_PID" ] && { kill "$WHARF_PID" 2>/dev/null; wait "$WHARF_PID" 2>/dev/null; }
  WHARF_PID=""
  bash "$REPO/bench/peers/stop-peers.sh"
}
trap stop_all EXIT

start_wharf() { # log-name extra serve options...
  local name=$1; shift
  local state=$B/wharf
  mkdir -p "$state"
  [ -f "$state/users" ] || echo bench | java -jar "$REPO/cli/target/wharf.jar" user add bench --home "$B/root" \
    --users-file "$state/users" --password-stdin >/dev/null
  # 1 GiB heap: the target is 10,000 idle TLS sessions within it.
  java -Xmx1g -jar "$REPO/cli/target/wharf.jar" serve --state-dir "$state" --users-file "$state/users" \
    --listen-addresses 127.0.0.1 --explicit-port 2521 --implicit-port 2522 --passive-ports 20000-20999 \
    --allow-clear-data yes --transfer-log off --failed-login-delay 0 \
    --max-sessions 20000 --max-sessions-per-address 20000 "$@" >"$OUT/$name.log" 2>&1 &
  WHARF_PID=$!
  for _ in $(seq 150); do grep -q "Ready in" "$OUT/$name.log" && return 0; sleep 0.2; done
  log "Wharf did not start:"; cat "$OUT/$name.log" >&2; exit 1
}
stop_wharf() { kill "$WHARF_PID" 2>/dev/null || true; wait "$WHARF_PID" 2>/dev/null || true; WHARF_PID=""; }

rows() { grep -v -e '^| server |' -e '^|---'; } # the load generator's rows without its table header
java_bench() { # name explicit-port implicit-port|- pid cert [load generator args...]
  local name=$1 ep=$2 ip=$3 pid=$4 cert=$5; shift 5
  local implicit=(); [ "$ip" != - ] && implicit=(--implicit-port "$ip")
  java -jar "$REPO/bench/target/wharf-bench.jar" --name "$name" --port "$ep" "${implicit[@]}" \
    --trust-cert "$cert" --server-pid "$pid" "$@" | rows | tee -a "$OUT/java.md" >&2 || log "$name: load generator failed"
}
curl_bench() { # name explicit-port implicit-port|- pid [implicit-pid]   (TESTS, PINNED from the environment)
  SERVER_PID=$4 SERVER_PID_IMPLICIT=${5:-$4} OUT="$OUT/curl-raw/$1" \
    bash "$REPO/bench/curl-bench.sh" "$1" "$2" "$3" | tee -a "$OUT/curl.md" >&2 || log "$1: curl-bench failed"
}
pinned() { # name explicit-port pid cert [load generator args...]: PROT C downloads, CPU 0 client / CPU 1 server
  local name=$1 ep=$2 pid=$3 cert=$4; shift 4
  log "$name: PROT C downloads pinned (client CPU 0, server CPU 1)"
  taskset -a -p -c 1 "$pid" >/dev/null
  taskset -c 0 java -jar "$REPO/bench/target/wharf-bench.jar" --name "$name" --port "$ep" --trust-cert "$cert" \
    --server-pid "$pid" --tests a --downloads explicit-C --mode-note "$PINNED_NOTE" "${JAVA_ARGS[@]}" "$@" |
    rows | tee -a "$OUT/java.md" >&2 || log "$name: pinned load generator failed"
  taskset -a -p -c "0-$(($(nproc) - 1))" "$pid" >/dev/null
  PINNED=1 curl_bench "$name" "$ep" - "$pid"
}
measure() { # name explicit-port implicit-port|- pid implicit-pid [load generator args...]
  local name=$1 ep=$2 ip=$3 pid=$4 ipid=$5; shift 5
  log "$name: Java load generator"
  java_bench "$name" "$ep" "$ip" "$pid" "$CERT" "${JAVA_ARGS[@]}" "$@"
  log "$name: curl"
  curl_bench "$name" "$ep" "$ip" "$pid" "$ipid"
  pinned "$name" "$ep" "$pid" "$CERT" "$@"
}
peer_pid() { cat "$B/run/$1.pid"; }
warm_up() { # cert: a fresh JVM compiles its TLS and transfer paths in the first gigabyte and the first
  # hundred handshakes; the Wharf measured first gets that from the load generator's own warm-up
  # transfer, and the two Wharfs started after it get it here, unmeasured.
  java -jar "$REPO/bench/target/wharf-bench.jar" --name warm-up --port 2521 --trust-cert "$1" --tests a,c \
    --downloads explicit-P --reps 1 --warmup 0 --sessions 100 --concurrency 8 --max-seconds 5 >/dev/null 2>&1 || true
}

for server in $SERVERS; do
  case $server in
    wharf)
      start_wharf wharf --tls-certificate "$CERT" --tls-key "$KEY"
      measure "Wharf" 2521 2522 "$WHARF_PID" "$WHARF_PID"
      if [ "$QUICK" != 1 ]; then
        log "Wharf: 10,000 idle TLS sessions in a 1 GiB heap"
        java_bench "Wharf" 2521 - "$WHARF_PID" "$CERT" --tests e --idle 10000 --max-seconds 300
      fi
      stop_wharf
      log "Wharf --upload-sync off (non-durable): uploads"
      start_wharf wharf-nondurable --tls-certificate "$CERT" --tls-key "$KEY" --upload-sync off
      warm_up "$CERT"
      java_bench "Wharf non-durable (upload-sync off)" 2521 2522 "$WHARF_PID" "$CERT" "${JAVA_ARGS[@]}" \
        --tests b,f
      TESTS=b curl_bench "Wharf non-durable (upload-sync off)" 2521 2522 "$WHARF_PID"
      stop_wharf
      log "Wharf with an ECDSA P-256 certificate: handshakes"
      start_wharf wharf-ecdsa --tls-certificate "$B/certs/ec-cert.pem" --tls-key "$B/certs/ec-key.pem"
      warm_up "$B/certs/ec-cert.pem"
      java_bench "Wharf ECDSA P-256" 2521 - "$WHARF_PID" "$B/certs/ec-cert.pem" "${JAVA_ARGS[@]}" --tests c
      stop_wharf ;;
    vsftpd|proftpd|pureftpd|apache)
      if ! bash "$REPO/bench/peers/setup-peers.sh" available $server; then log "$server is not installed: left out"; continue; fi
      bash "$REPO/bench/peers/setup-peers.sh" start $server
      case $server in
        # vsftpd and ProFTPD run one process per listener; CPU and memory are the explicit one's
        # in the Java rows, each listener's own in curl's.
        vsftpd) measure "vsftpd" 2121 2122 "$(peer_pid vsftpd-explicit)" "$(peer_pid vsftpd-implicit)" --implicit-sends-prot ;;
        proftpd) measure "ProFTPD" 2221 2222 "$(peer_pid proftpd-explicit)" "$(peer_pid proftpd-implicit)" ;;
        pureftpd) measure "Pure-FTPd" 2321 - "$(peer_pid pureftpd-explicit)" "$(peer_pid pureftpd-explicit)" ;;
        apache) measure "Apache FtpServer" 2421 2422 "$(peer_pid apache-ftpserver)" "$(peer_pid apache-ftpserver)" --tls TLSv1.2 ;;
      esac
      bash "$REPO/bench/peers/stop-peers.sh" ;;
    *) log "unknown server $server" ;;
  esac
done

if [ "${LIMITS:-1}" = 1 ]; then
  log "physical limits (bench/physical-limits.sh)"
  bash "$REPO/bench/physical-limits.sh" "$OUT/limits" >&2 || log "physical limits failed"
fi

{
  echo "command=$COMMAND"
  echo "started=$STARTED"
  echo "finished=$(date -u '+%Y-%m-%d %H:%M')"
  echo "quick=$QUICK"
  echo "servers=$SERVERS"
  echo "bench_home=$B"
  echo "jdk=$(java -version 2>&1 | head -1)"
  echo "curl=$(curl --version | head -1 | cut -d' ' -f1-2)"
  echo "openssl=$(openssl version | cut -d' ' -f1-2)"
  echo "apache=$(sed -n 's:.*<ftpserver.version>\(.*\)</ftpserver.version>.*:\1:p' "$REPO/bench/peers/apache-ftpserver/pom.xml")"
  df_line=$(df -h --output=source,fstype,size "$B/root/up" | tail -1 | tr -s ' ')
  dev=$(basename "$(df --output=source "$B/root/up" | tail -1)")
  rot=$(cat "/sys/block/${dev%%[0-9]*}/queue/rotational" 2>/dev/null || echo '?')
  echo "disk=$df_line, rotational=$rot"
} >"$OUT/meta.env"
DOC_ARGS=(); [ "${DOC:-1}" = 1 ] && DOC_ARGS=(--doc "$REPO/docs/performance.md")
python3 "$REPO/bench/report.py" "$OUT" "${DOC_ARGS[@]}"
log "results in $OUT"
