"""Reads the curl table of ../shared/bench/run-ftps-bench.sh (one row per server and mode) and prints
each Wharf figure as a ratio to the best peer of the same run, like ratios.py does for the Java
load generator. Higher is better for rates; for times, memory and CPU the ratio is best/Wharf, so
above 1.0 always means Wharf is ahead."""
import re
import sys

header, rows = None, []
for line in open(sys.argv[1], encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 3:
        continue
    if cells[0] == "target":
        header = cells
    elif header and not cells[0].startswith("-"):
        rows.append(dict(zip(header, cells)))


def number(text):
    m = re.match(r"([0-9.]+)", text or "")
    return float(m.group(1)) if m else None


print("| figure (curl client) | mode | Wharf | best peer | ratio (>1 = Wharf ahead) |")
print("|---|---|---|---|---|")
for mode in sorted({r["mode"] for r in rows}):
    in_mode = [r for r in rows if r["mode"] == mode]
    wharf = next((r for r in in_mode if r["target"] == "Wharf"), None)
    if not wharf:
        continue
    for column in header[2:]:
        w = number(wharf.get(column))
        if w is None or column == "TLS":
            continue
        peers = {r["target"]: number(r.get(column)) for r in in_mode if r["target"] != "Wharf"}
        peers = {k: v for k, v in peers.items() if v}
        if not peers:
            print(f"| {column} | {mode} | {w:g} | – | – |")
            continue
        lower = column.endswith(" s") or "KiB" in column or "CPU" in column
        best = min(peers, key=peers.get) if lower else max(peers, key=peers.get)
        ratio = (peers[best] / w if lower else w / peers[best]) if w > 0 else 0
        print(f"| {column} | {mode} | {w:g} | {best}: {peers[best]:g} | {ratio:.2f}x |")
