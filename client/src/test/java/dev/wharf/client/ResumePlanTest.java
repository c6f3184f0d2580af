package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResumePlanTest {

    @ParameterizedTest(name = "a copy of {0} bytes of a source of {1}: start at {2}, complete {3}, start over {4}")
    @CsvSource({
        // no copy: everything, even an empty source, so that the copy exists
        "0,    1000, 0,    false, false",
        "0,    -1,   0,    false, false",
        "0,    0,    0,    false, false",
        // a shorter copy is continued from its size
        "400,  1000, 400,  false, false",
        // a complete copy is only verified
        "1000, 1000, 1000, true,  false",
        // a longer copy is not a part of the source: start over
        "1200, 1000, 0,    false, true",
        // without the source's size (no SIZE) the copy is trusted to be a part of it
        "400,  -1,   400,  false, false",
    })
    void startsWhereTheCopyEndsWhenItIsAPartOfTheSource(long copy, long source, long offset, boolean complete,
                                                       boolean restart) {
        assertThat(ResumePlan.of(copy, source)).isEqualTo(new ResumePlan(offset, complete, restart));
    }
}
