package dev.wharf.packaging;

import dev.wharf.server.support.ExternalPeer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a unit's {@code SystemCallFilter=} lines allow, with systemd's groups ({@code @system-service})
 * expanded as this machine's {@code systemd-analyze syscall-filter} lists them; and which system
 * calls an strace log shows.
 */
final class SystemCallFilter {
    /** "1234 openat(...", "1234 <... read resumed>...": the name of the call. */
    private static final Pattern CALL = Pattern.compile("^\\d+\\s+(?:<\\.\\.\\. )?([a-z_0-9]+)(?:\\(| resumed)");

    private SystemCallFilter() {}

    /** The allow-list of the unit's lines, in order: a list adds, a list after {@code ~} takes away. */
    static Set<String> of(String unit) throws Exception {
        Map<String, List<String>> groups = groups();
        Set<String> allowed = new TreeSet<>();
        for (String line : unit.lines().toList()) {
            if (!line.startsWith("SystemCallFilter=")) {
                continue;
            }
            String value = line.substring("SystemCallFilter=".length()).strip();
            boolean deny = value.startsWith("~");
            for (String name : (deny ? value.substring(1) : value).strip().split("\\s+")) {
                Set<String> calls = expand(name, groups);
                if (deny) {
                    allowed.removeAll(calls);
                } else {
                    allowed.addAll(calls);
                }
            }
        }
        return allowed;
    }

    /** Every system call named in an strace log (strace -f -o). */
    static Set<String> calls(String straceLog) {
        Set<String> calls = new TreeSet<>();
        for (String line : straceLog.lines().toList()) {
            Matcher m = CALL.matcher(line);
            if (m.find()) {
                calls.add(m.group(1));
            }
        }
        return calls;
    }

    private static Set<String> expand(String name, Map<String, List<String>> groups) {
        Set<String> calls = new TreeSet<>();
        if (!name.startsWith("@")) {
            calls.add(name);
            return calls;
        }
        List<String> members = groups.get(name);
        if (members == null) {
            throw new IllegalArgumentException("systemd-analyze knows no system call group " + name);
        }
        for (String member : members) {
            calls.addAll(expand(member, groups));
        }
        return calls;
    }

    /** "@group" lines, each followed by its indented members; '#' lines are comments. */
    private static Map<String, List<String>> groups() throws Exception {
        var listing = ExternalPeer.run(List.of("systemd-analyze", "syscall-filter")).assertOk().output();
        Map<String, List<String>> groups = new HashMap<>();
        List<String> current = null;
        for (String line : listing.lines().toList()) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                current = new ArrayList<>();
                groups.put(entry, current);
            } else if (current != null) {
                current.add(entry);
            }
        }
        return groups;
    }
}
