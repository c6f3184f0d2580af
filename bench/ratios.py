"""Reads the Java load generator's Markdown rows and prints each Wharf figure as a ratio to the best
peer measured in the same run (higher is better for rates, lower for times and memory)."""
import re
import sys
from collections import defaultdict

rows = defaultdict(dict)  # (test, mode) -> server -> (value, unit)
for line in open(sys.argv[1], encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 4 or cells[0] in ("server", "---") or cells[0].startswith("-"):
        continue
    server, test, mode, result = cells[:4]
    detail = cells[4] if len(cells) > 4 else ""
    # A figure from a run with errors is no figure: a client that failed fast looks fast.
    if result.startswith("failed") or re.search(r"\b[1-9][0-9]* errors", detail) or "held" in mode and result.startswith("n/a"):
        continue
    m = re.match(r"([0-9.]+)", result)
    if not m:
        continue
    unit = result.split(")")[-1].strip() if ")" in result else result.split(" ", 1)[-1]
    if test.startswith("e)"):
        mode = "per session"
    rows[(test, mode)][server] = (float(m.group(1)), unit)
    if "server CPU" in cells[4]:
        cpu = re.search(r"server CPU ([0-9.]+)", cells[4])
        if cpu:
            rows[(test + " server CPU", mode)][server] = (float(cpu.group(1)), "s/GiB")

lower_is_better = ("s", "s/GiB", "KiB RSS/session")
print("| test | mode | Wharf | best peer | Wharf / best peer |")
print("|---|---|---|---|---|")
for (test, mode), by_server in rows.items():
    if "Wharf" not in by_server:
        continue
    wharf, unit = by_server["Wharf"]
    peers = {s: v for s, (v, u) in by_server.items() if s != "Wharf" and v > 0}
    if not peers:
        print(f"| {test} | {mode} | {wharf} {unit} | – | – |")
        continue
    low = unit in lower_is_better
    best = min(peers, key=peers.get) if low else max(peers, key=peers.get)
    ratio = (peers[best] / wharf if low else wharf / peers[best]) if wharf > 0 else 0
    print(f"| {test} | {mode} | {wharf:g} {unit} | {best}: {peers[best]:g} | {ratio:.2f}x{' (lower is better, shown as best/Wharf)' if low else ''} |")
