package dev.wharf.cli.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code wharf probe} found, in the order it found it: results grouped under sections,
 * deviations from MS-FTPS and RFC 4217, and what it did not test and why. It only holds what was
 * actually tried.
 */
final class ProbeReport {
    static final String DEVIATIONS = "deviations";
    static final String SKIPPED = "not tested";

    record Finding(String section, String check, String result) {}

    private final List<Finding> findings = new ArrayList<>();

    void add(String section, String check, String result) {
        findings.add(new Finding(section, check, result));
    }

    /** A departure from MS-FTPS or RFC 4217, citing the section. */
    void deviation(String what) {
        add(DEVIATIONS, "deviation", what);
    }

    void skipped(String what, String why) {
        add(SKIPPED, what, why);
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** The result of the first finding with this section and check, or null. */
    String result(String section, String check) {
        return findings.stream().filter(f -> f.section().equals(section) && f.check().equals(check))
                .map(Finding::result).findFirst().orElse(null);
    }

    List<String> deviations() {
        return findings.stream().filter(f -> f.section().equals(DEVIATIONS)).map(Finding::result).toList();
    }

    void print(Reporter reporter) {
        List<String> sections = new ArrayList<>();
        for (Finding f : findings) {
            if (!sections.contains(f.section()) && !f.section().equals(DEVIATIONS) && !f.section().equals(SKIPPED)) {
                sections.add(f.section());
            }
        }
        sections.add(DEVIATIONS);
        sections.add(SKIPPED);
        for (String section : sections) {
            List<Finding> in = findings.stream().filter(f -> f.section().equals(section)).toList();
            if (section.equals(DEVIATIONS)) {
                reporter.text("Deviations from MS-FTPS / RFC 4217:");
                if (in.isEmpty()) {
                    reporter.text("  none found in what was tested");
                }
                in.forEach(f -> reporter.text("  ! " + f.result()));
            } else if (section.equals(SKIPPED)) {
                if (!in.isEmpty()) {
                    reporter.text("Not tested:");
                    in.forEach(f -> reporter.text("  - " + f.check() + ": " + f.result()));
                }
            } else {
                reporter.text(section + ":");
                in.forEach(f -> reporter.text(f.result().contains("\n")
                        ? "  " + f.check() + ":\n      " + f.result().replace("\n", "\n      ")
                        : "  " + f.check() + ": " + f.result()));
            }
        }
        for (Finding f : findings) {
            reporter.json(Json.object().put("section", f.section()).put("check", f.check()).put("result", f.result()));
        }
    }
}
