package dev.wharf.client.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * vsftpd 3.0.3 with {@code require_ssl_reuse=YES}: every PROT P data connection must resume the
 * control connection's TLS session. Two instances: explicit and implicit FTPS.
 */
final class Vsftpd extends ForeignServer {

    Vsftpd() throws IOException, InterruptedException, java.security.GeneralSecurityException {
        super("vsftpd");
        Path empty = Files.createDirectories(work.resolve("empty")); // secure_chroot_dir: root-owned, empty
        explicitPort = ServerProcess.freePort();
        start("explicit", explicitPort, false, empty);
        implicitPort = ServerProcess.freePort();
        start("implicit", implicitPort, true, empty);
    }

    private void start(String instance, int port, boolean implicit, Path empty) throws IOException {
        int pasv = ServerProcess.freePortRange(50);
        Path conf = work.resolve("vsftpd-" + instance + ".conf");
        Files.writeString(conf, String.join("\n", List.of(
                "listen=YES",
                "listen_ipv6=NO",
                "listen_address=127.0.0.1",
                "listen_port=" + port,
                "background=NO",
                "seccomp_sandbox=NO",
                "anonymous_enable=NO",
                "local_enable=YES",
                "write_enable=YES",
                "local_umask=022",
                "chroot_local_user=NO",
                "secure_chroot_dir=" + empty,
                // No PAM file of its own: PAM falls back to /etc/pam.d/other (pam_unix on Debian).
                "pam_service_name=wharf-interop-vsftpd",
                "session_support=NO",
                "xferlog_enable=NO",
                "vsftpd_log_file=" + work.resolve("vsftpd-" + instance + ".log"),
                "pasv_enable=YES",
                "pasv_address=127.0.0.1",
                "pasv_min_port=" + pasv,
                "pasv_max_port=" + (pasv + 49),
                "port_enable=YES",
                "connect_from_port_20=NO",
                "mdtm_write=YES",
                "ssl_enable=YES",
                "implicit_ssl=" + (implicit ? "YES" : "NO"),
                "allow_anon_ssl=NO",
                "force_local_logins_ssl=YES",
                "force_local_data_ssl=NO",
                "ssl_tlsv1=YES",
                "ssl_sslv2=NO",
                "ssl_sslv3=NO",
                "ssl_ciphers=HIGH",
                "ssl_request_cert=NO",
                "require_ssl_reuse=YES",
                "rsa_cert_file=" + work.resolve("cert.pem"),
                "rsa_private_key_file=" + work.resolve("key.pem"),
                "")));
        launch(instance, List.of(root.resolve("usr/sbin/vsftpd").toString(), conf.toString()), port);
    }

    @Override
    String name() {
        return "vsftpd";
    }

    @Override
    boolean needsPbszProtOnImplicit() {
        return true;
    }

    @Override
    boolean hasMlsd() {
        return false;
    }

    @Override
    boolean requiresSessionReuse() {
        return true; // require_ssl_reuse=YES in both configurations
    }
}
