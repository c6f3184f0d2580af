package dev.wharf.client.interop;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.FtpsException;
import dev.wharf.client.FtpsSession;
import dev.wharf.client.TlsMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against Vsftpd from Debian's package (see {@link Vsftpd}). */
class VsftpdInteropIT extends ForeignServerContract {

    @BeforeAll
    static void startServer() throws Exception {
        server = new Vsftpd();
    }

    /**
     * vsftpd does not follow MS-FTPS 3.2.5.1: an implicit session stays at PROT C until PBSZ/PROT
     * arrive, so a strict MS-FTPS client (the default) cannot transfer, and the error names the switch.
     */
    @Test
    void strictImplicitModeFailsWithAHintAboutTheSwitch() throws Exception {
        var dir = freshRemoteDir();
        try (FtpsSession s = builder(TlsMode.IMPLICIT, "TLSv1.3").sendPbszProtOnImplicit(false).build().connect()) {
            assertThatThrownBy(() -> s.list(server.remote(dir)))
                    .isInstanceOf(FtpsException.class)
                    .hasMessageContaining("sendPbszProtOnImplicit(true)");
        }
    }
}
