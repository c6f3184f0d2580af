package dev.wharf.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The features of a FEAT reply (RFC 2389 3.2): each is a name, optionally followed by a space and
 * parameters ({@code AUTH TLS;SSL;}, {@code REST STREAM}). Names are case-insensitive.
 */
public final class FeatureSet {
    private final Map<String, String> features = new LinkedHashMap<>();

    /** An empty set, to {@link #add} to. */
    public FeatureSet() {
    }

    public FeatureSet add(String featureLine) {
        String line = featureLine.strip();
        if (line.isEmpty()) {
            return this;
        }
        int space = line.indexOf(' ');
        String name = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String params = space < 0 ? "" : line.substring(space + 1).strip();
        features.put(name, params);
        return this;
    }

    public boolean has(String name) {
        return features.containsKey(name.toUpperCase(Locale.ROOT));
    }

    /** The parameters of a feature, empty if it has none; absent if the feature is not there. */
    public Optional<String> parameters(String name) {
        return Optional.ofNullable(features.get(name.toUpperCase(Locale.ROOT)));
    }

    /**
     * For features whose parameters are a {@code ;}-separated list ({@code AUTH TLS;SSL;},
     * {@code PROT C;P;}, {@code HASH SHA-256*;MD5}): whether it lists {@code value}, ignoring case
     * and a trailing {@code *} that marks the selected one.
     */
    public boolean lists(String name, String value) {
        return parameters(name).map(p -> {
            for (String item : p.split(";")) {
                String v = item.strip();
                if (v.endsWith("*")) {
                    v = v.substring(0, v.length() - 1);
                }
                if (v.equalsIgnoreCase(value)) {
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(features);
    }

    public boolean isEmpty() {
        return features.isEmpty();
    }

    /** The lines between {@code 211-} and {@code 211 End}, each starting with one space. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(features.size());
        features.forEach((name, params) -> lines.add(" " + (params.isEmpty() ? name : name + " " + params)));
        return lines;
    }

    /** RFC 2389 3.2: the exact FEAT reply form. */
    public Reply toReply() {
        if (features.isEmpty()) {
            return Reply.of(ReplyCode.SYSTEM_STATUS, "No features supported");
        }
        return Reply.multiLine(ReplyCode.SYSTEM_STATUS, "Extensions supported:", lines(), "End");
    }

    /** Reads a FEAT reply; a 211 single-line reply or a 500/502 means no features. */
    public static FeatureSet parse(Reply reply) {
        var set = new FeatureSet();
        if (reply.code() != ReplyCode.SYSTEM_STATUS || reply.lines().size() < 2) {
            return set;
        }
        for (String line : reply.lines().subList(1, reply.lines().size() - 1)) {
            set.add(line);
        }
        return set;
    }

    @Override
    public String toString() {
        return features.toString();
    }
}
