package dev.wharf.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.LocalDate;
import java.util.List;

/**
 * Fuzz target: the client's listing parsers (MLSD, Unix and DOS LIST), which read whatever a server
 * sends. They skip what they cannot read; an exception thrown out of them is a finding.
 */
class ListingFuzzTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    @FuzzTest(maxDuration = "2m")
    void listings(FuzzedDataProvider data) {
        List<String> lines = List.of(data.consumeString(400).split("\n", -1));
        ListingParser.parseMlsd(lines, "/dir");
        ListingParser.parseList(lines, "/dir", TODAY);
    }
}
