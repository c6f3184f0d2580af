#!/usr/bin/env bash
# Measures one FTPS server with curl as the client, and prints Markdown rows in the load
# generator's format (| server | test | mode | result | detail |, result = median (min–max) unit).
#
# Usage: bench/curl-bench.sh NAME EXPLICIT_PORT [IMPLICIT_PORT|-]   (127.0.0.1, user bench/bench)
# Environment (defaults):
#   SERVER_PID=        server PID: its process tree's CPU per GiB (forked session processes too)
#                      and memory per idle session; without it those figures are left out
#   SERVER_PID_IMPLICIT=  the implicit listener's PID where it is another process (vsftpd, ProFTPD)
#   TESTS="a b c d e"  a) 1 GiB download PROT P (and PROT C, explicit), b) 1 GiB upload PROT P,
#                      c) sessions/s (one curl -I per session: connect, AUTH TLS, login, PBSZ/PROT,
#                      PWD, MDTM, SIZE, QUIT; sequential and CONC at once), d) LIST and MLSD of
#                      dir10k, e) PSS per idle TLS session (explicit only)
#   PINNED=0           1 = only the PROT C download, with curl on CPU 0 and the server's threads on
#                      CPU 1 (taskset), so that where the scheduler places the two ends of the
#                      loopback copy is taken out of the figure
#   REPS=3 N_SESSIONS=200 CONC=8 SESS_MAX_SECONDS=30 IDLE_SESSIONS=1000
#   BENCH_HOME=/tmp/wharf-bench   data in $BENCH_HOME/root, raw samples in $OUT (default a temp dir)
# Every loop is bounded: REPS <= 10, curl --max-time per transfer, session runs by count and time.
set -uo pipefail
NAME=$1 EPORT=$2 IPORT=${3:--}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
B="${BENCH_HOME:-/tmp/wharf-bench}"
SERVER_PID=${SERVER_PID:-} TESTS=${TESTS:-a b c d e} PINNED=${PINNED:-0}
REPS=$(( ${REPS:-3} > 10 ? 10 : ${REPS:-3} ))
N_SESSIONS=${N_SESSIONS:-200} CONC=${CONC:-8} SESS_MAX_SECONDS=${SESS_MAX_SECONDS:-30}
IDLE_SESSIONS=${IDLE_SESSIONS:-1000}
OUT=${OUT:-$(mktemp -d)}
BIG=1G.bin GIB=1073741824
mkdir -p "$OUT"
has() { [[ " $TESTS " == *" $1 "* ]]; }
log() { echo "[curl-bench $NAME] $*" >&2; }

# numbers on stdin (one per line) -> "median (min–max)" with $1 decimals, or "failed"
summary() { python3 -c '
import statistics, sys
v = [float(x) for x in sys.stdin.read().split()]
d = int(sys.argv[1])
print(f"{statistics.median(v):.{d}f} ({min(v):.{d}f}–{max(v):.{d}f})" if v else "failed")' "$1"; }
row() { echo "| $NAME | $1 | $2 | $3 | $4 |"; }

cpu_start() { CPU_PID=""; [ -n "$SERVER_PID" ] || return 0
  python3 "$HERE/procs.py" cpu "$SERVER_PID" >"$OUT/cpu.$1" & CPU_PID=$!; sleep 0.2; }
cpu_stop() { [ -n "$CPU_PID" ] || return 0; kill -TERM "$CPU_PID"; wait "$CPU_PID" 2>/dev/null; }

# curl over explicit (ftp:// + --ssl-reqd) or implicit (ftps://) FTPS; -k: the self-signed cert.
curl_ftps() { # mode prot path curl-args...
  local mode=$1 prot=$2 path=$3; shift 3
  local url=ftp tls=(--ssl-reqd)
  [ "$mode" = implicit ] && url=ftps
  [ "$prot" = C ] && tls=(--ftp-ssl-control)
  local port=$EPORT; [ "$mode" = implicit ] && port=$IPORT
  "${PIN[@]}" curl -s -S -k "${tls[@]}" -u bench:bench --max-time 300 "$@" "$url://127.0.0.1:$port$path"
}
PIN=()

transfer() { # test mode prot direction(down|up): REPS 1 GiB transfers, MB/s over the data phase
  local test=$1 mode=$2 prot=$3 dir=$4 label="$2-$3-$4" i w
  : >"$OUT/$label.rates"; : >"$OUT/$label.cpu"
  local fails=0
  for i in $(seq "$REPS"); do
    cpu_start "$label.$i"
    if [ "$dir" = down ]; then
      w=$(curl_ftps "$mode" "$prot" /$BIG -o /dev/null -w '%{size_download} %{time_pretransfer} %{time_total}' 2>>"$OUT/$label.err")
    else
      w=$(curl_ftps "$mode" "$prot" /up/curl-bench.bin -T "$B/root/$BIG" -w '%{size_upload} %{time_pretransfer} %{time_total}' 2>>"$OUT/$label.err")
      curl_ftps "$mode" P /1M.bin -o /dev/null -Q "DELE up/curl-bench.bin" 2>/dev/null
    fi
    cpu_stop
    read -r bytes t0 t1 <<<"${w:-0 0 0}"
    if [ "$bytes" = $GIB ]; then
      python3 -c 'import sys; print(int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])) / 1e6)' "$bytes" "$t0" "$t1" >>"$OUT/$label.rates"
      [ -s "$OUT/cpu.$label.$i" ] && cat "$OUT/cpu.$label.$i" >>"$OUT/$label.cpu"
    else
      fails=$((fails + 1))
    fi
  done
  local detail="$fails errors"
  [ -s "$OUT/$label.cpu" ] && detail="server CPU $(summary 2 <"$OUT/$label.cpu") s/GiB; $detail"
  [ $fails -gt 0 ] && detail="$detail; error: $(tail -1 "$OUT/$label.err")"
  local result="failed"; [ -s "$OUT/$label.rates" ] && result="$(summary 0 <"$OUT/$label.rates") MB/s"
  row "$test" "$mode PROT $prot${PIN_LABEL:-}" "$result" "$detail"
}

sessions() { # mode conc: N_SESSIONS curl -I runs, CONC at once, capped at SESS_MAX_SECONDS
  local mode=$1 conc=$2 t0 t1 ok bad
  local url=ftp tls=--ssl-reqd port=$EPORT
  [ "$mode" = implicit ] && { url=ftps; port=$IPORT; }
  t0=$(date +%s.%N)
  yes "$url://127.0.0.1:$port/1M.bin" | head -n "$N_SESSIONS" |
    timeout "$SESS_MAX_SECONDS" xargs -P "$conc" -n 1 curl -s -k $tls -u bench:bench --max-time 20 -I -o /dev/null -w '%{exitcode}\n' \
    >"$OUT/sess-$mode-$conc.codes" 2>/dev/null
  t1=$(date +%s.%N)
  ok=$(grep -c '^0$' "$OUT/sess-$mode-$conc.codes"); bad=$(grep -vc '^0$' "$OUT/sess-$mode-$conc.codes")
  local rate; rate=$(python3 -c 'import sys; print(f"{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):.1f}")' "$ok" "$t0" "$t1")
  row "c) sessions/s" "$mode, curl -I, $conc concurrent" "$rate sessions/s" "$ok of $N_SESSIONS done; $bad errors"
}

listing() { # mode kind(LIST|MLSD): REPS listings of dir10k, seconds of the data phase
  local mode=$1 kind=$2 i w n fails=0 extra=()
  [ "$kind" = MLSD ] && extra=(-X MLSD)
  : >"$OUT/$mode-$kind.s"
  for i in $(seq "$REPS"); do
    w=$(curl_ftps "$mode" P /dir10k/ "${extra[@]}" -o "$OUT/$mode-$kind.out" -w '%{time_pretransfer} %{time_total}' 2>"$OUT/$mode-$kind.err")
    n=$(grep -c . "$OUT/$mode-$kind.out" 2>/dev/null)
    if [ "${n:-0}" -ge 10000 ]; then awk '{print $2 - $1}' <<<"$w" >>"$OUT/$mode-$kind.s"; else fails=$((fails + 1)); fi
  done
  local result; result="$(summary 3 <"$OUT/$mode-$kind.s") s" detail="${n:-0} lines; $fails errors"
  if [ $fails -gt 0 ]; then
    result=failed
    grep -q 'response: 50[0-4]' "$OUT/$mode-$kind.err" && result="unsupported ($(grep -o -m1 'response: 50[0-4]' "$OUT/$mode-$kind.err"))"
    detail="$detail; error: $(tail -1 "$OUT/$mode-$kind.err")"
  fi
  row "d) $kind dir10k" "$mode PROT P" "$result" "$detail"
}

run_mode() {
  local mode=$1 SERVER_PID=$SERVER_PID
  [ "$mode" = implicit ] && SERVER_PID=${SERVER_PID_IMPLICIT:-$SERVER_PID}
  if [ "$PINNED" = 1 ]; then
    [ "$mode" = explicit ] || return 0
    # -a: every thread of the server (a JVM's too); forked session processes inherit the mask.
    taskset -a -p -c 1 "$SERVER_PID" >/dev/null
    PIN=(taskset -c 0) PIN_LABEL=", pinned (client CPU 0, server CPU 1)"
    transfer "a) download $BIG" explicit C down
    PIN=() PIN_LABEL=""
    taskset -a -p -c 0-"$(($(nproc) - 1))" "$SERVER_PID" >/dev/null
    return 0
  fi
  if has a; then
    transfer "a) download $BIG" "$mode" P down
    [ "$mode" = explicit ] && transfer "a) download $BIG" "$mode" C down
  fi
  has b && transfer "b) upload 1024 MiB" "$mode" P up
  if has c; then sessions "$mode" 1; sessions "$mode" "$CONC"; fi
  if has d; then listing "$mode" LIST; listing "$mode" MLSD; fi
  if has e && [ "$mode" = explicit ] && [ -n "$SERVER_PID" ]; then
    local r; r=$(timeout 300 python3 "$HERE/procs.py" idle "$EPORT" "$SERVER_PID" "$IDLE_SESSIONS" 2>"$OUT/idle.err")
    if [ -n "$r" ]; then
      read -r held pss rss errs <<<"$r"
      row "e) idle TLS sessions" "$held of $IDLE_SESSIONS held" "$pss KiB PSS/session" "RSS $rss KiB/session; $errs errors"
    else
      row "e) idle TLS sessions" "0 of $IDLE_SESSIONS held" "failed" "$(tail -1 "$OUT/idle.err")"
    fi
  fi
}

if [ "$PINNED" = 1 ] && [ -z "$SERVER_PID" ]; then log "PINNED=1 needs SERVER_PID"; exit 2; fi
run_mode explicit
[ "$IPORT" != - ] && run_mode implicit
exit 0
