package dev.wharf.client.interop;

import org.junit.jupiter.api.BeforeAll;

/** The client against Proftpd from Debian's package (see {@link Proftpd}). */
class ProftpdInteropIT extends ForeignServerContract {

    @BeforeAll
    static void startServer() throws Exception {
        server = new Proftpd();
    }
}
