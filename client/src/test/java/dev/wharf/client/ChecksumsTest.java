package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void choosesTheStrongestFastAlgorithmTheServerOffers() {
        assertThat(Checksums.choose(List.of("MD5", "SHA-1", "SHA-256", "SHA-512"))).contains("SHA-256");
        assertThat(Checksums.choose(List.of("MD5", "SHA-512"))).contains("SHA-512");
        assertThat(Checksums.choose(List.of("MD5", "SHA-1"))).contains("SHA-1");
        assertThat(Checksums.choose(List.of("CRC32", "MD5"))).contains("MD5");
    }

    @Test
    void withoutAKnownAlgorithmNothingIsVerified() {
        assertThat(Checksums.choose(List.of())).isEmpty();
        assertThat(Checksums.choose(List.of("CRC32"))).isEmpty();
    }
}
