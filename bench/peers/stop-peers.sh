#!/usr/bin/env bash
# Stops what bench/peers/setup-peers.sh (and bench/run-all.sh) started: every PID file in
# $BENCH_HOME/run, or only the instances named. Each listener and its descendants (forked session
# processes) get SIGTERM, and SIGKILL after 5 s.
# Usage: bench/peers/stop-peers.sh [instance...]   e.g. vsftpd-explicit apache-ftpserver
set -uo pipefail
RUN="${BENCH_HOME:-/tmp/wharf-bench}/run"

alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

descendants() { # PID -> its descendants, from the parent fields of /proc/*/stat
  local all; all=$(awk '{print $1, $4}' /proc/[0-9]*/stat 2>/dev/null)
  local todo=("$1") p kid
  while [ ${#todo[@]} -gt 0 ]; do
    p=${todo[0]}; todo=("${todo[@]:1}")
    for kid in $(awk -v p="$p" '$2 == p {print $1}' <<<"$all"); do echo "$kid"; todo+=("$kid"); done
  done
}

if [ $# -gt 0 ]; then insts=("$@"); else
  insts=(); for f in "$RUN"/*.pid; do [ -e "$f" ] && insts+=("$(basename "$f" .pid)"); done
fi
for inst in "${insts[@]}"; do
  f=$RUN/$inst.pid
  [ -f "$f" ] || continue
  pid=$(cat "$f"); rm -f "$f"
  alive "$pid" || continue
  kids=$(descendants "$pid" | tr '\n' ' ')
  # shellcheck disable=SC2086
  kill -TERM "$pid" $kids 2>/dev/null
  for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
  for p in $pid $kids; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
  echo "[stop-peers] $inst: stopped $pid${kids:+ and $kids}" >&2
done
exit 0
