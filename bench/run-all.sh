#!/usr/bin/env bash
# Measures Wharf and the anchor servers (vsftpd, ProFTPD, Pure-FTPd, Apache FtpServer) one after
# the other in one run, each alone on the machine, with two clients:
#   - Wharf's Java load generator (bench/target/wharf-bench.jar): tests a-f;
#   - curl, through ../shared/bench/run-ftps-bench.sh: the figures the anchors were published with.
# Then prints every Wharf figure as a ratio to the best peer of the same run.
#
# Usage (as root, on an idle machine): bench/run-all.sh
#   QUICK=1              small sizes and counts (a few minutes), to check the pipeline
#   SERVERS="wharf vsftpd proftpd pureftpd apache"   which servers, in this order
#   SHARED=/path/to/shared/bench                     default: ../shared/bench beside the repository
#   LIMITS=0             skip the physical-limits probes at the end
# Results: /tmp/ftpsbench/results/wharf-run-<time>/{java.md,curl.md,limits.md,ratios.md}
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$REPO/../shared/bench}"
SERVERS="${SERVERS:-wharf vsftpd proftpd pureftpd apache}"
QUICK="${QUICK:-0}"
source "$REPO/scripts/java-env.sh"
B=/tmp/ftpsbench CERT=/tmp/ftpsbench/certs/rsa-cert.pem KEY=/tmp/ftpsbench/certs/rsa-key.pem
OUT="$B/results/wharf-run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
log() { echo "[run-all] $*" >&2; }

if [ "$QUICK" = 1 ]; then
  JAVA_ARGS=(--reps 1 --upload-size 268435456 --sessions 100 --idle 200 --many 20)
  export REPS=1 SESS_REPS=1 N_SESSIONS=50 IDLE_SESSIONS=50 TESTS="a b c d"
else
  JAVA_ARGS=(--reps 3 --sessions 300 --max-seconds 20 --idle 1000)
  export REPS=3 SESS_REPS=1 N_SESSIONS=200 SESS_MAX_SECONDS=30 IDLE_SESSIONS=1000
fi

log "building"
(cd "$REPO" && ./mvnw -B -q -DskipTests -Pbench-jar package -pl cli,bench -am)
log "anchors and data (Debian packages unpacked side by side; user bench/bench; /tmp/ftpsbench/root)"
bash "$SHARED/setup-anchors.sh" install >/dev/null
bash "$SHARED/setup-anchors.sh" data >/dev/null
bash "$SHARED/stop-anchors.sh" >/dev/null 2>&1 || true

WHARF_PID=""
start_wharf() {
  local state=$B/wharf
  mkdir -p "$state"
  if [ ! -f "$state/users" ]; then
    echo bench | java -jar "$REPO/cli/target/wharf.jar" user add bench --home "$B/root" \
      --users-file "$state/users" --password-stdin >/dev/null
  fi
  # 1 GiB heap: the target is 10,000 idle TLS sessions within it.
  java -Xmx1g -jar "$REPO/cli/target/wharf.jar" serve --state-dir "$state" --users-file "$state/users" \
    --listen-addresses 127.0.0.1 --explicit-port 2521 --implicit-port 2522 --passive-ports 20000-20999 \
    --tls-certificate "$CERT" --tls-key "$KEY" --allow-clear-data yes --transfer-log off \
    --max-sessions 20000 --max-sessions-per-address 20000 --failed-login-delay 0 \
    >"$OUT/wharf.log" 2>&1 &
  WHARF_PID=$!
  for _ in $(seq 100); do grep -q "Ready in" "$OUT/wharf.log" && return 0; sleep 0.2; done
  log "Wharf did not start:"; cat "$OUT/wharf.log" >&2; exit 1
}
stop_wharf() { kill "$WHARF_PID" 2>/dev/null || true; wait "$WHARF_PID" 2>/dev/null || true; }

measure() { # name explicit-port implicit-port|- pid [extra java args...]
  local name=$1 ep=$2 ip=$3 pid=$4; shift 4
  log "$name: Java load generator"
  java -jar "$REPO/bench/target/wharf-bench.jar" --name "$name" --port "$ep" \
    $([ "$ip" != - ] && echo --implicit-port "$ip") --trust-cert "$CERT" --server-pid "$pid" \
    "${JAVA_ARGS[@]}" "$@" | tee -a "$OUT/java.md" >&2
  log "$name: curl (shared/bench/run-ftps-bench.sh)"
  if [ "$ip" != - ]; then
    SERVER_PID=$pid OUT="$OUT/curl" bash "$SHARED/run-ftps-bench.sh" "$name" 127.0.0.1 "$ep" "$ip" bench bench | tee -a "$OUT/curl.md" >&2
  else
    SERVER_PID=$pid OUT="$OUT/curl" bash "$SHARED/run-ftps-bench.sh" "$name" 127.0.0.1 "$ep" bench bench | tee -a "$OUT/curl.md" >&2
  fi
}

anchor_pid() { cat "$B/run/$1.pid"; }

# A server left listening on one of these ports (a `./wharf serve --explicit-port 2121` from the
# README, say) would be measured in a peer's place; the client's certificate pin would then fail.
busy=""
for port in 2120 2121 2122 2221 2222 2321 2421 2422 2521 2522; do
  if ss -Htln "sport = :$port" | grep -q .; then busy="$busy $port"; fi
done
if [ -n "$busy" ]; then
  log "ports already in use:$busy; stop what listens there (ss -tlnp) and run again"; exit 1
fi

for server in $SERVERS; do
  case $server in
    wharf)
      start_wharf
      measure "Wharf" 2521 2522 "$WHARF_PID"
      if [ "$QUICK" != 1 ]; then
        log "Wharf: 10,000 idle TLS sessions in a 1 GiB heap"
        java -jar "$REPO/bench/target/wharf-bench.jar" --name "Wharf" --port 2521 --trust-cert "$CERT" \
          --server-pid "$WHARF_PID" --tests e --idle 10000 --max-seconds 300 | grep '^| Wharf' | tee -a "$OUT/idle10k.md" >&2
      fi
      stop_wharf ;;
    vsftpd)
      bash "$SHARED/setup-anchors.sh" start vsftpd >/dev/null
      # vsftpd runs explicit and implicit as two processes; CPU and memory are the explicit one's.
      measure "vsftpd" 2121 2122 "$(anchor_pid vsftpd-explicit)" --implicit-sends-prot
      bash "$SHARED/stop-anchors.sh" >/dev/null 2>&1 ;;
    proftpd)
      bash "$SHARED/setup-anchors.sh" start proftpd >/dev/null
      measure "ProFTPD" 2221 2222 "$(anchor_pid proftpd-explicit)"
      bash "$SHARED/stop-anchors.sh" >/dev/null 2>&1 ;;
    pureftpd)
      bash "$SHARED/setup-anchors.sh" start pureftpd >/dev/null
      measure "Pure-FTPd" 2321 - "$(anchor_pid pureftpd-explicit)"
      bash "$SHARED/stop-anchors.sh" >/dev/null 2>&1 ;;
    apache)
      bash "$SHARED/setup-anchors.sh" start apache >/dev/null
      measure "Apache FtpServer" 2421 2422 "$(anchor_pid apache-ftpserver)" --tls TLSv1.2
      bash "$SHARED/stop-anchors.sh" >/dev/null 2>&1 ;;
  esac
done

if [ "${LIMITS:-1}" = 1 ]; then
  # The ceilings the figures are judged against (openssl s_server -> curl, AES-GCM per core,
  # loopback TCP, JSSE to JSSE), measured in this run, on this machine, after the servers.
  log "physical limits (shared/bench/physical-limits.sh)"
  bash "$SHARED/physical-limits.sh" "$OUT/limits" 2>&1 | tee "$OUT/limits.md" >&2 || true
fi
python3 "$REPO/bench/ratios.py" "$OUT/java.md" > "$OUT/ratios.md"
python3 "$REPO/bench/curl_ratios.py" "$OUT/curl.md" >> "$OUT/ratios.md" 2>/dev/null || true
log "results in $OUT"
cat "$OUT/ratios.md"
