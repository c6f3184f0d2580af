package dev.wharf.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.client.TlsMode;
import org.junit.jupiter.api.Test;

class FtpUrlTest {
    @Test
    void ftpsIsImplicitOnPort990() {
        FtpUrl u = FtpUrl.parse("ftps://alice@ftp.example.com/pub/a.bin");
        assertThat(u).isEqualTo(new FtpUrl(TlsMode.IMPLICIT, "alice", null, "ftp.example.com", 990, "/pub/a.bin"));
        assertThat(u.fileName()).isEqualTo("a.bin");
        assertThat(u.namesDirectory()).isFalse();
    }

    @Test
    void ftpIsExplicitOnPort21() {
        FtpUrl u = FtpUrl.parse("FTP://host");
        assertThat(u).isEqualTo(new FtpUrl(TlsMode.EXPLICIT, null, null, "host", 21, ""));
        assertThat(u.namesDirectory()).isTrue();
    }

    @Test
    void portsPasswordsAndPercentEncoding() {
        FtpUrl u = FtpUrl.parse("ftp://me%40corp:p%3Ass@w@10.0.0.1:2121/dir%20x/f%25.txt");
        assertThat(u.user()).isEqualTo("me@corp");
        assertThat(u.password()).isEqualTo("p:ss@w");
        assertThat(u.host()).isEqualTo("10.0.0.1");
        assertThat(u.port()).isEqualTo(2121);
        assertThat(u.path()).isEqualTo("/dir x/f%.txt");
        assertThat(u.toString()).isEqualTo("ftp://me@corp@10.0.0.1:2121/dir x/f%.txt").doesNotContain("p:ss");
    }

    @Test
    void ipv6LiteralsInBrackets() {
        FtpUrl u = FtpUrl.parse("ftps://[::1]:9990/");
        assertThat(u.host()).isEqualTo("::1");
        assertThat(u.port()).isEqualTo(9990);
        assertThat(u.hostAndPort()).isEqualTo("[::1]:9990");
        assertThat(FtpUrl.parse("ftp://[2001:db8::1]/").port()).isEqualTo(21);
    }

    @Test
    void anAtInThePathIsNotUserInfo() {
        FtpUrl u = FtpUrl.parse("ftp://host/mail/a@b.txt");
        assertThat(u.user()).isNull();
        assertThat(u.host()).isEqualTo("host");
        assertThat(u.path()).isEqualTo("/mail/a@b.txt");
    }

    @Test
    void badUrlsAreExplained() {
        assertThatThrownBy(() -> FtpUrl.parse("host/path")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> FtpUrl.parse("sftp://host/")).hasMessageContaining("SSH");
        assertThatThrownBy(() -> FtpUrl.parse("http://host/")).hasMessageContaining("unknown URL scheme 'http'");
        assertThatThrownBy(() -> FtpUrl.parse("ftp://host:0/")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> FtpUrl.parse("ftp://host:ftp/")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> FtpUrl.parse("ftp:///path")).hasMessageContaining("no host");
        assertThatThrownBy(() -> FtpUrl.parse("ftp://host/%zz")).hasMessageContaining("%25");
        assertThatThrownBy(() -> FtpUrl.parse("ftp://host/a%0D%0ADELE%20x")).hasMessageContaining("CR, LF");
    }

    @Test
    void messagesNeverShowThePassword() {
        assertThatThrownBy(() -> FtpUrl.parse("ftp://bob:hunter2@host:99999/"))
                .hasMessageNotContaining("hunter2").hasMessageContaining("ftp://...@host:99999/");
    }
}
