package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class TransferProgressTest {
    private static final long MIB = 1 << 20;

    @Test
    void theRateCountsOnlyWhatThisTransferMovedNotTheResumedPart() {
        var p = new TransferProgress("/a", 3 * MIB, 5 * MIB, MIB, Duration.ofSeconds(2));
        assertThat(p.transferred()).isEqualTo(2 * MIB);
        assertThat(p.bytesPerSecond()).isEqualTo(MIB);
        assertThat(p.percent()).isEqualTo(60);
        assertThat(p.remaining()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anUnknownTotalHasNoPercentageAndNoTimeLeft() {
        var p = new TransferProgress("/a", MIB, -1, 0, Duration.ofSeconds(1));
        assertThat(p.percent()).isEqualTo(-1);
        assertThat(p.remaining()).isEmpty();
        assertThat(p.bytesPerSecond()).isEqualTo(MIB);
    }

    @Test
    void beforeAnyTimeHasPassedTheRateIsZeroAndTheTimeLeftUnknown() {
        var p = new TransferProgress("/a", 0, MIB, 0, Duration.ZERO);
        assertThat(p.bytesPerSecond()).isZero();
        assertThat(p.remaining()).isEmpty();
        assertThat(p.percent()).isZero();
    }

    @Test
    void aFinishedOrEmptyFileIsAtAHundredPercentWithNothingLeft() {
        assertThat(new TransferProgress("/a", MIB, MIB, 0, Duration.ofSeconds(1)).remaining()).isEmpty();
        assertThat(new TransferProgress("/a", 0, 0, 0, Duration.ofSeconds(1)).percent()).isEqualTo(100);
    }

    @Test
    void theMeterReportsTheFilesBytesWithTheResumedPartAndItsTotal() {
        var seen = new ArrayList<TransferProgress>();
        var meter = new ProgressMeter("/big.bin", 400, 1000, seen::add);
        meter.start();
        meter.moved(250);
        meter.moved(600);
        assertThat(seen).extracting(TransferProgress::bytes).containsExactly(400L, 650L, 1000L);
        assertThat(seen).allSatisfy(p -> {
            assertThat(p.path()).isEqualTo("/big.bin");
            assertThat(p.total()).isEqualTo(1000);
            assertThat(p.offset()).isEqualTo(400);
        });
    }
}
