package dev.wharf.client.interop;

import org.junit.jupiter.api.BeforeAll;

/** The client against PureFtpd from Debian's package (see {@link PureFtpd}). */
class PureFtpdInteropIT extends ForeignServerContract {

    @BeforeAll
    static void startServer() throws Exception {
        server = new PureFtpd();
    }
}
