package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumePlanTest {

    @Test
    void withoutACopyEverythingIsTransferred() {
        assertThat(ResumePlan.of(0, 1000)).isEqualTo(new ResumePlan(0, false, false));
        assertThat(ResumePlan.of(0, -1)).isEqualTo(new ResumePlan(0, false, false));
    }

    @Test
    void anEmptySourceWithoutACopyIsStillTransferredSoTheCopyExists() {
        assertThat(ResumePlan.of(0, 0)).isEqualTo(new ResumePlan(0, false, false));
    }

    @Test
    void aShorterCopyIsContinuedFromItsSize() {
        assertThat(ResumePlan.of(400, 1000)).isEqualTo(new ResumePlan(400, false, false));
    }

    @Test
    void aCompleteCopyIsOnlyVerified() {
        assertThat(ResumePlan.of(1000, 1000)).isEqualTo(new ResumePlan(1000, true, false));
    }

    @Test
    void aLongerCopyIsNotAPartOfTheSourceSoItStartsOver() {
        assertThat(ResumePlan.of(1200, 1000)).isEqualTo(new ResumePlan(0, false, true));
    }

    @Test
    void withoutTheSourceSizeTheCopyIsTrustedToBeAPartOfIt() {
        assertThat(ResumePlan.of(400, -1)).isEqualTo(new ResumePlan(400, false, false));
    }
}
