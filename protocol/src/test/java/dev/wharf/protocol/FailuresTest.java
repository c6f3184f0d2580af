package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void describeGivesTheMessageOrTheKindWhenThereIsNone() {
        assertThat(Failures.describe(new ConnectException("Connection refused"))).isEqualTo("Connection refused");
        assertThat(Failures.describe(new EOFException())).isEqualTo("EOFException");
        assertThat(Failures.describe(new IOException("  "))).isEqualTo("IOException");
    }

    @Test
    void fileSystemExceptionsAreToldByTheirReasonNotTheirPath() {
        assertThat(Failures.describe(new NoSuchFileException("/x/y"))).isEqualTo("no such file or directory");
        assertThat(Failures.describe(new AccessDeniedException("/x/y"))).isEqualTo("permission denied");
        assertThat(Failures.describe(new FileSystemException("/x/y", null, "Is a directory"))).isEqualTo("Is a directory");
        assertThat(Failures.describe(new FileSystemException("/x/y"))).isEqualTo("FileSystemException");
    }

    @Test
    void rootMessagePrefersTheCertificateCheckThenTheInnermostMessage() {
        var certificate = new CertificateException("pinned fingerprint AB:CD does not match");
        var handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new IOException("outer wrapper", certificate));
        assertThat(Failures.rootMessage(handshake)).isEqualTo("pinned fingerprint AB:CD does not match");

        var nested = new IOException("could not connect", new ConnectException("Connection refused"));
        assertThat(Failures.rootMessage(nested)).isEqualTo("Connection refused");
        assertThat(Failures.rootMessage(new EOFException())).isEqualTo("EOFException");
    }
}
