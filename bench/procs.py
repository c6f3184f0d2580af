#!/usr/bin/env python3
"""Process-tree figures of a server for bench/curl-bench.sh (Python 3 standard library only).

  procs.py cpu PID
      Samples the CPU time (utime + stime) of PID and all its descendants every 50 ms until SIGTERM
      and prints the CPU seconds they spent meanwhile. Sampling, not the root's cutime, because a
      forking server's session process may be reaped by an intermediate process (vsftpd forks
      twice) whose own cutime the root never sees.
  procs.py idle PORT PID N
      Opens up to N authenticated explicit-TLS sessions to 127.0.0.1:PORT (AUTH TLS, bench/bench,
      PBSZ 0, PROT P) and keeps them idle, then prints "held pss_kib rss_kib errors": the growth
      of the tree's PSS and RSS per session. PSS divides shared pages among the processes that
      map them, the fair figure for a server that forks one process per session. Bounded: at most
      1,000 sessions, 150 s and 20 errors.
"""
import os
import signal
import ssl
import sys
import time
from ftplib import FTP_TLS


def tree(root):
    """{(pid, start time): utime+stime ticks} of root and its descendants (a reused PID is a new key)."""
    kids, stat = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kids.setdefault(int(fields[1]), []).append(int(d))
            stat[int(d)] = ((int(d), fields[19]), int(fields[11]) + int(fields[12]))
    out, todo = {}, [root]
    while todo:
        p = todo.pop()
        if p in stat:
            out[stat[p][0]] = stat[p][1]
        todo.extend(kids.get(p, []))
    return out


def cpu(pid):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    first = tree(pid)
    last = dict(first)
    deadline = time.monotonic() + 900
    while not stop and time.monotonic() < deadline:
        for k, v in tree(pid).items():
            last[k] = max(v, last.get(k, 0))
        time.sleep(0.05)
    ticks = sum(v - first.get(k, 0) for k, v in last.items())
    print(f"{ticks / os.sysconf('SC_CLK_TCK'):.3f}")


def memory(pid):
    """(pss, rss) in KiB summed over the tree."""
    pss = rss = 0
    for p, _ in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss, rss


def idle(port, pid, n):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    pss0, rss0 = memory(pid)
    sessions, errors = [], 0
    deadline = time.monotonic() + 150
    while len(sessions) < min(n, 1000) and errors < 20 and time.monotonic() < deadline:
        try:
            ftp = FTP_TLS(context=ctx, timeout=15)
            ftp.connect("127.0.0.1", port)
            ftp.login("bench", "bench")
            ftp.prot_p()
            sessions.append(ftp)
        except Exception as e:  # noqa: BLE001 - counted and reported, bounded by the error cap
            errors += 1
            print(f"session {len(sessions) + errors}: {e!r}", file=sys.stderr)
    time.sleep(2)  # let the server finish the last logins before its memory is read
    pss1, rss1 = memory(pid)
    for ftp in sessions:
        try:
            ftp.close()
        except OSError:
            pass
    k = len(sessions)
    if k:
        print(f"{k} {(pss1 - pss0) / k:.1f} {(rss1 - rss0) / k:.1f} {errors}")


if __name__ == "__main__":
    if sys.argv[1] == "cpu":
        cpu(int(sys.argv[2]))
    elif sys.argv[1] == "idle":
        idle(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
