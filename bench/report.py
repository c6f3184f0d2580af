#!/usr/bin/env python3
"""One table from one run of bench/run-all.sh (Python 3 standard library only).

Reads the run's folder: java.md and curl.md (rows "| server | test | mode | result | detail |" of
the load generator and of curl-bench.sh), limits/limits.tsv (physical-limits.sh) and meta.env
(what run-all.sh recorded: command line, times, versions). Prints a Markdown section, writes it to
RUN/report.md, and with --doc FILE replaces the part of FILE between the markers
<!-- bench:begin --> and <!-- bench:end --> with it (hand-written text outside them stays).

Every Wharf figure is shown with its ratio to the best peer of the same run and test, and, where
one applies, with its ratio to the physical limit measured in the same run. Ratios are oriented so
that above 1.0 is better for Wharf (for times, memory and CPU: best/Wharf). A figure from a run
with errors is no figure (a client that failed fast looks fast) and is left out.

Usage: bench/report.py RUN_DIR [--doc docs/performance.md]
"""
import glob
import os
import platform
import re
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
LOWER_IS_BETTER = ("s", "s/GiB", "KiB RSS/session", "KiB PSS/session")
NON_DURABLE = "non-durable"


def read_rows(path, client):
    """[(client, server, test, mode, value, unit, detail)] of the figures that count."""
    out = []
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or cells[0] in ("server", "target") or cells[0].startswith("-"):
            continue
        server, test, mode, result, detail = cells[:5]
        if re.search(r"\b[1-9][0-9]* errors", detail) or re.match(r"(failed|unsupported|n/a)", result):
            continue
        m = re.match(r"([0-9.]+)(?: \([^)]*\))? (.+)", result)
        if not m:
            continue
        value, unit = float(m.group(1)), m.group(2)
        if test.startswith("e)"):
            held = re.match(r"(\d+) of (\d+) held", mode)
            if not held or held.group(1) != held.group(2):
                continue  # fewer sessions than asked for: not the figure of the test
            mode = f"{held.group(2)} sessions"
        if unit.endswith("aggregate"):
            unit = "MB/s"
        out.append((client, server, test, mode, value, unit, detail))
        cpu = re.search(r"server CPU ([0-9.]+)", detail)
        if cpu and float(cpu.group(1)) > 0:  # 0: the listener measured is not the one that served
            out.append((client, server, test + ", server CPU", mode, float(cpu.group(1)), "s/GiB", ""))
    return out


def read_limits(path):
    limits = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1]:
                limits[parts[0]] = (float(parts[1]), parts[2])
    return limits


def limit_for(client, test, mode, variant, limits):
    """(figure, label, lower_is_better) of the physical limit a Wharf figure is judged against."""
    tls = limits.get("tls_curl" if client == "curl" else "tls_jsse")
    tls_name = "s_server→curl" if client == "curl" else "JSSE→JSSE"
    if test.endswith("server CPU"):
        aes = limits.get("aes128_gcm_core")
        if aes and "PROT P" in mode:
            # CPU that AES-128-GCM alone needs for 1 GiB on one core: the floor of encrypted bytes
            return 1073.741824 / aes[0], "AES-GCM alone", True
        return None
    if "PROT C" in mode and test.startswith("a)"):
        tcp = limits.get("tcp_loopback")
        return (tcp[0], "loopback TCP", False) if tcp else None
    if not tls or not (test.startswith("a)") or test.startswith("b)") or test.startswith("f)")):
        return None
    if test.startswith("a)"):
        return tls[0], tls_name, False
    disk = limits.get("disk_direct")
    if NON_DURABLE in variant or not disk:
        return tls[0], tls_name, False
    # Durable before its 226: no faster than the disk takes the bytes, nor than TLS brings them.
    if disk[0] < tls[0]:
        return disk[0], "disk (direct I/O)", False
    return tls[0], tls_name, False


def fmt(v):
    return f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}"


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    vm = any(l.startswith("flags") and " hypervisor" in l for l in open("/proc/cpuinfo"))
    return (f"{model}, {os.cpu_count()} cores{' (virtual machine)' if vm else ''}, {mem / 2**20:.0f} GiB RAM, "
            f"Linux {platform.release()}")


def main():
    args = sys.argv[1:]
    run = args[0]
    doc = args[args.index("--doc") + 1] if "--doc" in args else None
    meta = {}
    if os.path.exists(f"{run}/meta.env"):
        for line in open(f"{run}/meta.env", encoding="utf-8"):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    rows = read_rows(f"{run}/java.md", "Java") + read_rows(f"{run}/curl.md", "curl")
    limits = read_limits(f"{run}/limits/limits.tsv")

    figures = {}  # (client, test, mode) -> {server: (value, unit)}
    order = []
    for client, server, test, mode, value, unit, _ in rows:
        key = (client, test, mode)
        if key not in figures:
            figures[key] = {}
            order.append(key)
        figures[key][server] = (value, unit)

    table = ["| client | test | mode | Wharf | best peer | Wharf vs best peer | physical limit | Wharf vs limit |",
             "|---|---|---|---|---|---|---|---|"]
    for key in order:
        client, test, mode = key
        by_server = figures[key]
        peers = {s: v for s, (v, _) in by_server.items() if not s.startswith("Wharf") and v > 0}
        for server, (value, unit) in by_server.items():
            if not server.startswith("Wharf"):
                continue
            variant = server[len("Wharf"):].strip()
            low = unit in LOWER_IS_BETTER
            shown_mode = mode + (f"; **{variant}**" if variant else "")
            if peers:
                best = (min if low else max)(peers, key=peers.get)
                ratio = (peers[best] / value if low else value / peers[best]) if value > 0 else 0
                peer_cells = f"{best}: {fmt(peers[best])} | {ratio:.2f}×"
            else:
                peer_cells = "– | –"
            lim = limit_for(client, test, mode, variant, limits)
            if lim:
                fig, label, lim_low = lim
                r = fig / value if lim_low else value / fig
                lim_cells = f"{label}: {fmt(fig)} | {r:.2f}×"
            else:
                lim_cells = "– | –"
            table.append(f"| {client} | {test} | {shown_mode} | {fmt(value)} {unit} | {peer_cells} | {lim_cells} |")

    debs = sorted(os.path.basename(p).split("_")[:2] for p in glob.glob(f"{meta.get('bench_home', '/tmp/wharf-bench')}/debs/*/*.deb"))
    peers_line = ", ".join(f"{n} {v.split('-')[0].split('+')[0]}" for n, v in debs if n in ("vsftpd", "proftpd-core", "pure-ftpd"))
    quick = meta.get("quick") == "1"
    lines = [
        BEGIN,
        "<!-- Written by bench/report.py at the end of bench/run-all.sh; edits between the markers are lost. -->",
        "",
        f"## Generated by the last run ({meta.get('started', '?')} – {meta.get('finished', '?')} UTC)",
        "",
    ]
    if quick:
        lines += ["**QUICK=1: a pipeline check** (one repetition, fewer sessions, 256 MiB Java uploads): the figures "
                  "show that every row is produced, they are not the benchmark's results.", ""]
    lines += [
        f"- Command: `{meta.get('command', '?')}`",
        f"- Machine: {machine()}; disk of the upload folder: {meta.get('disk', '?')}",
        f"- JDK: {meta.get('jdk', '?')}; {meta.get('curl', '?')}; {meta.get('openssl', '?')}",
        f"- Peers: {peers_line or '?'}, Apache FtpServer {meta.get('apache', '?')}; servers measured: {meta.get('servers', '?')}",
        f"- Raw results: `{run}`",
        "",
        "Each figure is the median of the run's repetitions. \"Wharf vs best peer\" and \"Wharf vs limit\" are "
        "oriented so that above 1.0 is better for Wharf (times, memory and CPU: best/Wharf, limit/Wharf). "
        "Rows marked **non-durable** are Wharf with `--upload-sync off`, which answers 226 before the file is on "
        "the disk, as the peers do; unmarked Wharf uploads are durable before their 226. Rows marked **ECDSA P-256** "
        "are Wharf serving an ECDSA certificate, while every peer serves the RSA-2048 one. Rows marked **pinned** ran "
        "the client on CPU 0 and the server on CPU 1 (`taskset`). Figures from runs with errors are left out.",
        "",
    ] + table + [""]
    if limits:
        lines += ["Physical limits measured in this run (`bench/physical-limits.sh`):", "",
                  "| limit | MB/s | how |", "|---|---|---|"]
        lines += [f"| {k} | {v:.0f} | {what} |" for k, (v, what) in limits.items()]
        lines += [""]
    lines += [END]
    section = "\n".join(lines) + "\n"
    with open(f"{run}/report.md", "w", encoding="utf-8") as f:
        f.write(section)
    if doc:
        text = open(doc, encoding="utf-8").read()
        # Markers count only as whole lines: prose may quote them.
        begin = re.search(f"^{re.escape(BEGIN)}$", text, re.M)
        end = re.search(f"^{re.escape(END)}\n?", text, re.M)
        if begin and end and begin.start() < end.start():
            text = text[: begin.start()] + section + text[end.end():]
        else:  # first run: before the hand-written results, or at the end
            at = text.find("\n## Results of")
            text = text[: at + 1] + section + "\n" + text[at + 1:] if at >= 0 else text + "\n" + section
        with open(doc, "w", encoding="utf-8") as f:
            f.write(text)
    sys.stdout.write(section)


if __name__ == "__main__":
    main()
