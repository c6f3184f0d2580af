package dev.wharf.client.interop;

import org.junit.jupiter.api.BeforeAll;

/** The client against Vsftpd from Debian's package (see {@link Vsftpd}). */
class VsftpdInteropTest extends ForeignServerContract {

    @BeforeAll
    static void startServer() throws Exception {
        server = new Vsftpd();
    }
}
