package dev.wharf.bench.peers;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * Apache FtpServer with its shipped defaults, as a peer in bench/run-all.sh: explicit TLS (AUTH TLS)
 * on 127.0.0.1:2421, implicit TLS on :2422, the benchmark's user bench/bench in its properties user
 * manager, and the benchmark's RSA certificate. System properties: peer.keystore (PKCS12, password
 * benchpass), peer.root (the user's home), peer.tls (default TLSv1.2, the protocol its explicit
 * listener completes AUTH TLS with).
 */
public final class ApacheFtpServerPeer {
    public static void main(String[] args) throws Exception {
        SslConfigurationFactory tls = new SslConfigurationFactory();
        tls.setKeystoreFile(new File(System.getProperty("peer.keystore")));
        tls.setKeystorePassword("benchpass");
        tls.setKeystoreType("PKCS12");
        tls.setSslProtocol(System.getProperty("peer.tls", "TLSv1.2").split(","));
        SslConfiguration ssl = tls.createSslConfiguration();

        FtpServerFactory server = new FtpServerFactory();
        server.addListener("default", listener(2421, false, "30000-30999", ssl));
        server.addListener("implicit", listener(2422, true, "31000-31999", ssl));
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setMaxLogins(5000); // the default of 10 would refuse the benchmark's concurrent sessions
        connections.setAnonymousLoginEnabled(false);
        connections.setLoginFailureDelay(0);
        server.setConnectionConfig(connections.createConnectionConfig());

        File users = Files.createTempFile("wharf-bench-apache-users", ".properties").toFile();
        users.deleteOnExit();
        PropertiesUserManagerFactory userManager = new PropertiesUserManagerFactory();
        userManager.setFile(users);
        server.setUserManager(userManager.createUserManager());
        BaseUser bench = new BaseUser();
        bench.setName("bench");
        bench.setPassword("bench");
        bench.setHomeDirectory(System.getProperty("peer.root"));
        bench.setAuthorities(List.of(new WritePermission(), new ConcurrentLoginPermission(0, 0)));
        server.getUserManager().save(bench);

        FtpServer ftp = server.createServer();
        ftp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(ftp::stop));
        System.out.println("Apache FtpServer up on 127.0.0.1:2421 (explicit) and :2422 (implicit), Java "
                + Runtime.version());
        Thread.currentThread().join();
    }

    private static Listener listener(int port, boolean implicit, String passivePorts, SslConfiguration ssl) {
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassivePorts(passivePorts);
        data.setSslConfiguration(ssl);
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        listener.setImplicitSsl(implicit);
        listener.setSslConfiguration(ssl);
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        listener.setIdleTimeout(600);
        return listener.createListener();
    }
}
