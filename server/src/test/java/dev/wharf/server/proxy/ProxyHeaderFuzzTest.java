package dev.wharf.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz target: the PROXY protocol header parser, the first bytes a balancer's connection brings. It
 * may refuse (MalformedException); it must never read past the header's end.
 */
class ProxyHeaderFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void header(byte[] input) {
        var in = new ByteArrayInputStream(input);
        try {
            ProxyHeader.read(in::read);
            int consumed = input.length - in.available();
            assertThat(consumed).isLessThanOrEqualTo(16 + ProxyHeader.V2_MAX_PAYLOAD);
        } catch (ProxyHeader.MalformedException refused) {
            int consumed = input.length - in.available();
            assertThat(consumed).isLessThanOrEqualTo(16 + ProxyHeader.V2_MAX_PAYLOAD);
        } catch (IOException e) {
            throw new AssertionError("only MalformedException may refuse a header", e);
        }
    }
}
