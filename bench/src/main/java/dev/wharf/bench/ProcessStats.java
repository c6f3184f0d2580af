package dev.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory and CPU of a server process and its children, read from Linux's /proc: what a forking
 * server (vsftpd, ProFTPD) spends is spread over its session processes.
 */
final class ProcessStats {
    private static final double CLOCK_TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ProcessStats() {}

    static boolean available(long pid) {
        return pid > 0 && Files.isDirectory(Path.of("/proc", Long.toString(pid)));
    }

    /** Resident memory of the process tree, in KiB. */
    static long rssKib(long pid) {
        long total = 0;
        for (long p : tree(pid)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // The process ended while we looked.
            }
        }
        return total;
    }

    /** CPU seconds (user + system) of the tree, including reaped children of the main process. */
    static double cpuSeconds(long pid) {
        long ticks = 0;
        for (long p : tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields 14-17 of stat(5), counted from the state field (index 0 = field 3)
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (p == pid) {
                    ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                }
            } catch (IOException | RuntimeException e) {
                // Ended while we looked.
            }
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    static List<Long> tree(long pid) {
        var out = new ArrayList<Long>();
        collect(pid, out);
        return out;
    }

    private static void collect(long pid, List<Long> out) {
        out.add(pid);
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var ts = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) ts::iterator) {
                Path children = t.resolve("children");
                if (Files.exists(children)) {
                    for (String c : Files.readString(children).trim().split("\\s+")) {
                        if (!c.isEmpty()) {
                            collect(Long.parseLong(c), out);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Gone.
        }
    }
}
