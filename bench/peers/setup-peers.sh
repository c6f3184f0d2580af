#!/usr/bin/env bash
# The peer servers Wharf is measured against, on loopback, for bench/run-all.sh:
#
#   server                  explicit  implicit  passive ports (explicit / implicit)
#   vsftpd 3.0.3            2121      2122      24000-24999 / 25000-25999
#   ProFTPD 1.3.8 mod_tls   2221      2222      27000-27999 / 28000-28999
#   Pure-FTPd 1.0.50        2321      -         10000-12999 (Debian builds it without implicit TLS)
#   Apache FtpServer 1.2.x  2421      2422      30000-30999 / 31000-31999
#
# The three C servers come from Debian 12 packages, unpacked side by side with dpkg-deb -x into
# $BENCH_HOME/peers/root: the packages Conflict (all Provide ftp-server), so apt cannot install them
# together; only their shared libraries are installed with apt. Apache FtpServer comes from Maven
# Central through bench/peers/apache-ftpserver/pom.xml, built on demand. Passive ranges lie below
# the kernel's ephemeral range (32768-60999), so a client port never takes a server's.
#
# Every server sees the same things: system user bench/bench whose home is $BENCH_HOME/root with
# 1G.bin (1 GiB random), 1M.bin, dir10k/ (10,000 files) and a writable up/, and one RSA-2048
# certificate ($BENCH_HOME/certs/rsa-*.pem, rsa.p12 for Java). An ECDSA P-256 pair (ec-*) is made
# beside it for Wharf's own handshake rows.
#
# Usage: bench/peers/setup-peers.sh install | data | start SERVER... | available SERVER
#   SERVER: vsftpd proftpd pureftpd apache
# install: packages and the Apache launcher (each step under a timeout; a peer that cannot be
# installed is reported and left out, the others go on); data: user, certificates, files;
# start: background processes with PID files in $BENCH_HOME/run (stop: bench/peers/stop-peers.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
B="${BENCH_HOME:-/tmp/wharf-bench}"
SW=$B/peers/root RUN=$B/run LOGS=$B/logs CERTS=$B/certs ROOT=$B/root
APACHE_JAR=$HERE/apache-ftpserver/target/wharf-bench-apache-ftpserver.jar
mkdir -p "$RUN" "$LOGS"
log() { echo "[setup-peers] $*" >&2; }

# Debian package names of each peer (proftpd-mod-crypto carries mod_tls).
debs_of() {
  case $1 in
    vsftpd) echo vsftpd ;;
    proftpd) echo proftpd-core proftpd-mod-crypto ;;
    pureftpd) echo pure-ftpd pure-ftpd-common ;;
  esac
}
binary_of() {
  case $1 in
    vsftpd) echo "$SW/usr/sbin/vsftpd" ;;
    proftpd) echo "$SW/usr/lib/proftpd/mod_tls.so" ;;
    pureftpd) echo "$SW/usr/sbin/pure-ftpd" ;;
    apache) echo "$APACHE_JAR" ;;
  esac
}
available() { [ -e "$(binary_of "$1")" ]; }

apt_quiet() { # bounded apt-get: a held lock or a dead mirror fails the step instead of hanging it
  timeout "${APT_TIMEOUT:-300}" apt-get -q -o DPkg::Lock::Timeout=60 -o Acquire::http::Timeout=30 \
    -o Acquire::Retries=2 "$@" >>"$LOGS/apt.log" 2>&1
}

install_peers() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ]; then
    apt_quiet update || log "apt-get update failed (see $LOGS/apt.log)"
  fi
  # Tools of the physical-limits probes; optional (physical-limits.sh falls back to Java).
  dpkg -s iperf3 >/dev/null 2>&1 || apt_quiet install -y --no-install-recommends iperf3 ||
    log "iperf3 could not be installed: loopback TCP is measured another way"
  local s debs libs
  for s in vsftpd proftpd pureftpd; do
    available "$s" && continue
    debs=$(debs_of $s)
    # Only the shared libraries the server links against (lib*), from its own dependency list.
    libs=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
             --no-enhances $debs 2>/dev/null | awk '/Depends: lib/ {print $2}' | sort -u | tr '\n' ' ')
    # shellcheck disable=SC2086 # word splitting of the package lists is intended
    if [ -n "$libs" ] && ! dpkg -s $libs >/dev/null 2>&1; then
      apt_quiet install -y --no-install-recommends $libs || { log "$s: its libraries did not install (see $LOGS/apt.log)"; continue; }
    fi
    mkdir -p "$B/debs/$s" "$SW"
    # shellcheck disable=SC2086
    (cd "$B/debs/$s" && rm -f ./*.deb && timeout 180 apt-get download $debs >>"$LOGS/apt.log" 2>&1) ||
      { log "$s: apt-get download failed (see $LOGS/apt.log)"; continue; }
    for d in "$B/debs/$s"/*.deb; do dpkg-deb -x "$d" "$SW"; done
    available "$s" && log "$s unpacked into $SW" || log "$s: unpacked, but $(binary_of $s) is missing"
  done
  # vsftpd authenticates through PAM: a service of its own, plain pam_unix (no ftpusers list).
  [ -f /etc/pam.d/wharf-bench-vsftpd ] ||
    printf 'auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_permit.so\n' \
      >/etc/pam.d/wharf-bench-vsftpd
  if ! available apache; then
    log "building the Apache FtpServer launcher (Maven Central)"
    (cd "$REPO" && timeout 600 ./mvnw -B -q -f bench/peers/apache-ftpserver/pom.xml package >"$LOGS/apache-build.log" 2>&1) ||
      log "Apache FtpServer launcher did not build (see $LOGS/apache-build.log)"
  fi
}

make_data() {
  id bench >/dev/null 2>&1 || useradd -M -d "$ROOT" -s /bin/bash bench
  echo 'bench:bench' | chpasswd
  grep -qx /bin/bash /etc/shells || echo /bin/bash >>/etc/shells   # vsftpd's PAM and pure-ftpd check the shell
  mkdir -p "$ROOT/up" "$CERTS" "$RUN/empty"
  chmod 555 "$RUN/empty"
  if [ ! -f "$CERTS/ec.p12" ]; then
    local san='subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost -addext "$san" \
      -keyout "$CERTS/rsa-key.pem" -out "$CERTS/rsa-cert.pem" 2>/dev/null
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=localhost \
      -addext "$san" -keyout "$CERTS/ec-key.pem" -out "$CERTS/ec-cert.pem" 2>/dev/null
    cat "$CERTS/rsa-cert.pem" "$CERTS/rsa-key.pem" >"$CERTS/rsa-combined.pem"   # Pure-FTPd wants one file
    openssl pkcs12 -export -in "$CERTS/rsa-cert.pem" -inkey "$CERTS/rsa-key.pem" -name peer \
      -out "$CERTS/rsa.p12" -passout pass:benchpass
    openssl pkcs12 -export -in "$CERTS/ec-cert.pem" -inkey "$CERTS/ec-key.pem" -name peer \
      -out "$CERTS/ec.p12" -passout pass:benchpass
    chmod 600 "$CERTS"/*key.pem "$CERTS/rsa-combined.pem"
  fi
  if [ "$(stat -c %s "$ROOT/1G.bin" 2>/dev/null)" != 1073741824 ]; then
    log "writing 1 GiB of random data"
    openssl rand -out "$ROOT/1G.bin" 1073741824
  fi
  [ -f "$ROOT/1M.bin" ] || openssl rand -out "$ROOT/1M.bin" 1048576
  if [ "$(find "$ROOT/dir10k" -type f 2>/dev/null | wc -l)" != 10000 ]; then
    mkdir -p "$ROOT/dir10k"
    python3 -c '
import os, sys
for i in range(10000):
    with open(os.path.join(sys.argv[1], "f%05d.txt" % i), "w") as f:
        f.write("x" * (100 + i % 900))' "$ROOT/dir10k"
  fi
  chown -R bench:bench "$ROOT"
  chmod 755 "$ROOT"
}

wait_port() { # port [seconds]
  local i
  for i in $(seq $((${2:-20} * 10))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  log "port $1 did not open"; return 1
}

spawn() { # instance command... (background, PID file, log)
  local inst=$1; shift
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  nohup "$@" >"$LOGS/$inst.out" 2>&1 </dev/null &
  echo $! >"$RUN/$inst.pid"
}

fill() { # template -> stdout, replacing @KEY@ with the values given as KEY=value
  local t; t=$(cat "$1"); shift
  local kv; for kv in "$@"; do t=${t//@${kv%%=*}@/${kv#*=}}; done
  printf '%s\n' "$t"
}

start_peer() {
  local s=$1
  available "$s" || { log "$s is not installed"; return 1; }
  case $s in
    vsftpd)
      # Two processes: vsftpd has one listener per configuration file.
      fill "$HERE/vsftpd.conf.in" PORT=2121 PASV_LO=24000 PASV_HI=24999 IMPLICIT=NO B="$B" INST=vsftpd-explicit >"$RUN/vsftpd-explicit.conf"
      fill "$HERE/vsftpd.conf.in" PORT=2122 PASV_LO=25000 PASV_HI=25999 IMPLICIT=YES B="$B" INST=vsftpd-implicit >"$RUN/vsftpd-implicit.conf"
      spawn vsftpd-explicit "$SW/usr/sbin/vsftpd" "$RUN/vsftpd-explicit.conf"
      spawn vsftpd-implicit "$SW/usr/sbin/vsftpd" "$RUN/vsftpd-implicit.conf"
      wait_port 2121 && wait_port 2122 ;;
    proftpd)
      local inst port lo hi opts
      for spec in "explicit 2221 27000 27999 NoSessionReuseRequired" "implicit 2222 28000 28999 NoSessionReuseRequired UseImplicitSSL"; do
        read -r inst port lo hi opts <<<"$spec"
        fill "$HERE/proftpd.conf.in" INST="proftpd-$inst" PORT="$port" PASV_LO="$lo" PASV_HI="$hi" \
          TLS_OPTIONS="$opts" B="$B" SW="$SW" >"$RUN/proftpd-$inst.conf"
        "$SW/usr/sbin/proftpd" -t -c "$RUN/proftpd-$inst.conf" >"$LOGS/proftpd-$inst.configtest" 2>&1 ||
          { cat "$LOGS/proftpd-$inst.configtest" >&2; return 1; }
        spawn "proftpd-$inst" "$SW/usr/sbin/proftpd" -n -c "$RUN/proftpd-$inst.conf"
        wait_port "$port"
      done ;;
    pureftpd)
      # -Y 2: TLS required on the control connection, data may be clear (for the PROT C rows);
      # -L 20000:5: list up to 20,000 entries (default 10,000 would cut dir10k's at the limit);
      # -p: Pure-FTPd admits at most (passive ports / 2) clients, so 3,000 ports for 1,000 idle sessions.
      spawn pureftpd-explicit "$SW/usr/sbin/pure-ftpd" -S 127.0.0.1,2321 -4 -l unix -E -H -Y 2 \
        -2 "$CERTS/rsa-combined.pem" -p 10000:12999 -P 127.0.0.1 -c 4000 -C 4000 -L 20000:5 -I 600 -u 1
      wait_port 2321 ;;
    apache)
      # Java 21+ from scripts/java-env.sh, the same JDK as Wharf's. TLS 1.2 only: explicit AUTH TLS
      # with TLS 1.3 hangs in FtpServer 1.2 (MINA's SslFilter), so its shipped default stays.
      source "$REPO/scripts/java-env.sh"
      spawn apache-ftpserver java -Dpeer.keystore="$CERTS/rsa.p12" -Dpeer.root="$ROOT" \
        -cp "$APACHE_JAR:$HERE/apache-ftpserver/target/lib/*" dev.wharf.bench.peers.ApacheFtpServerPeer
      wait_port 2421 60 && wait_port 2422 ;;
    *) log "unknown server $s"; return 2 ;;
  esac
}

case "${1:-}" in
  install) install_peers ;;
  data) make_data ;;
  start) shift; for s in "$@"; do start_peer "$s"; done ;;
  available) available "$2" ;;
  *) sed -n '2,27p' "$0" >&2; exit 2 ;;
esac
