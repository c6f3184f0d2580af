package dev.wharf.client.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ProFTPD 1.3.8 with mod_tls at its default, which requires data connections to resume the
 * control connection's TLS session, and mod_digest for HASH. Two instances: explicit and implicit.
 */
final class Proftpd extends ForeignServer {

    Proftpd() throws IOException, InterruptedException, java.security.GeneralSecurityException {
        super("proftpd");
        explicitPort = ServerProcess.freePort();
        start("explicit", explicitPort, false);
        implicitPort = ServerProcess.freePort();
        start("implicit", implicitPort, true);
    }

    private void start(String instance, int port, boolean implicit) throws IOException {
        int pasv = ServerProcess.freePortRange(50);
        Path conf = work.resolve("proftpd-" + instance + ".conf");
        Files.writeString(conf, String.join("\n", List.of(
                "ServerName \"wharf-interop-" + instance + "\"",
                "ServerType standalone",
                "DefaultServer on",
                "DefaultAddress 127.0.0.1",
                "SocketBindTight on",
                "Port " + port,
                "UseIPv6 off",
                "User nobody",
                "Group nogroup",
                "Umask 022",
                "MaxInstances 50",
                "PidFile " + work.resolve("proftpd-" + instance + ".pid"),
                "ScoreboardFile " + work.resolve("proftpd-" + instance + ".scoreboard"),
                "DelayTable none",
                "WtmpLog off",
                "UseReverseDNS off",
                "UseLastlog off",
                "TransferLog none",
                "SystemLog " + work.resolve("proftpd-" + instance + ".log"),
                "PassivePorts " + pasv + " " + (pasv + 49),
                "AllowOverwrite on",
                "AllowStoreRestart on",
                "RequireValidShell off",
                "AuthPAM off",
                "AuthOrder mod_auth_unix.c",
                "ModulePath " + root.resolve("usr/lib/proftpd"),
                "LoadModule mod_tls.c",
                "LoadModule mod_digest.c",
                "<IfModule mod_tls.c>",
                "  TLSEngine on",
                "  TLSLog " + work.resolve("proftpd-" + instance + ".tls.log"),
                "  TLSProtocol TLSv1.2 TLSv1.3",
                "  TLSECCertificateFile " + work.resolve("cert.pem"),
                "  TLSECCertificateKeyFile " + work.resolve("key.pem"),
                "  TLSVerifyClient off",
                "  TLSRequired auth", // login must be protected; CCC may clear the control connection later
                "  TLSRenegotiate none",
                // No NoSessionReuseRequired: ProFTPD's default demands session reuse on data connections.
                implicit ? "  TLSOptions UseImplicitSSL" : "",
                "</IfModule>",
                "<IfModule mod_digest.c>",
                "  DigestEngine on",
                "</IfModule>",
                "")));
        String proftpd = root.resolve("usr/sbin/proftpd").toString();
        launch(instance, List.of(proftpd, "-n", "-q", "-c", conf.toString()), port);
    }

    @Override
    String name() {
        return "proftpd";
    }

    @Override
    boolean hasMlsd() {
        return true;
    }

    @Override
    boolean hasHash() {
        return true;
    }

    @Override
    boolean supportsCcc() {
        return true;
    }

    @Override
    boolean requiresSessionReuse() {
        return true; // mod_tls's default: no TLSOptions NoSessionReuseRequired in either configuration
    }
}
