package dev.wharf.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The config file: {@code key = value} lines, {@code #} comments, the keys of {@link Setting}. The
 * vsftpd.conf/sshd_config family of formats that FTP admins already know, with no nesting to get
 * wrong. Every error names the file, the line and the problem.
 */
public final class ConfigFile {
    private ConfigFile() {}

    /** A value and where it came from, for error messages. */
    public record Value(String text, String origin) {}

    public static Map<Setting, Value> read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        var values = new LinkedHashMap<Setting, Value>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                // A UTF-8 byte order mark (Notepad, PowerShell's Out-File) would become part of the first key.
                line = line.substring(1);
            }
            line = line.strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            Setting setting = Setting.byKey(key).orElseThrow(() ->
                    new ConfigException(where + ": unknown setting '" + key + "'" + suggestion(key)));
            if (values.containsKey(setting)) {
                throw new ConfigException(where + ": '" + key + "' is already set at " + values.get(setting).origin());
            }
            values.put(setting, new Value(line.substring(eq + 1).strip(), where));
        }
        return values;
    }

    /**
     * A config file listing every setting with its description: the settings in {@code values} as
     * active lines, every other one as a comment showing its default. Reading it back gives
     * {@code values} again, except passwords (of the keystore, of the directory's service
     * account), which are never printed.
     */
    public static String template(Map<Setting, Value> values) {
        var out = new StringBuilder();
        out.append("# Wharf server configuration: 'key = value' lines, read by 'wharf serve --config FILE'.\n")
                .append("# Every setting is listed; a line starting with '#' shows its default. Options given\n")
                .append("# to 'wharf serve' override this file; 'wharf serve --help' describes the same settings.\n");
        for (Setting s : Setting.values()) {
            out.append('\n');
            wrap(s.description(), 98).forEach(line -> out.append("# ").append(line).append('\n'));
            Value v = values.get(s);
            if (v == null) {
                out.append(("# " + s.key() + " = " + s.defaultValue()).stripTrailing()).append('\n');
            } else if (s.key().endsWith("-password")) {
                out.append("# ").append(s.key()).append(" = (set, not printed: a secret)\n");
            } else {
                out.append(s.key()).append(" = ").append(v.text()).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> wrap(String text, int width) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String suggestion(String key) {
        String lower = key.toLowerCase(Locale.ROOT); // not the default locale: Turkish makes 'I' a dotless 'ı'
        return Arrays.stream(Setting.values())
                .min(Comparator.comparingInt(s -> distance(s.key(), lower)))
                .filter(s -> distance(s.key(), lower) <= 3)
                .map(s -> " (did you mean '" + s.key() + "'?)")
                .orElse("; 'wharf serve --help' lists them all");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
