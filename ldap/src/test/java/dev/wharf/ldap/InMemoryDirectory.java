package dev.wharf.ldap;

import static dev.wharf.ldap.ExampleDirectory.BASE;
import static dev.wharf.ldap.ExampleDirectory.PEOPLE;
import static dev.wharf.ldap.ExampleDirectory.SERVICE_DN;
import static dev.wharf.ldap.ExampleDirectory.SERVICE_PASSWORD;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.server.support.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import javax.net.ssl.SSLContext;

/**
 * A real LDAP directory in memory (UnboundID), with the standard schema, on loopback ports of its own:
 * plain LDAP (which also offers StartTLS) and LDAPS, both with {@link #IDENTITY}, and plain LDAP
 * without StartTLS. The example
 * {@link ExampleDirectory} with the given entries; every operation it handles is kept in {@link #operations}.
 */
final class InMemoryDirectory implements AutoCloseable {
    static final Identity IDENTITY = Identity.selfSigned("127.0.0.1", List.of("127.0.0.1"));

    /** The part of RFC 2307 (NIS) that people with a home folder need; UnboundID's standard schema lacks it. */
    private static final Schema RFC_2307 = new Schema(new Entry("cn=schema",
            new Attribute("attributeTypes",
                    "( 1.3.6.1.1.1.1.0 NAME 'uidNumber' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
                    "( 1.3.6.1.1.1.1.1 NAME 'gidNumber' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
                    "( 1.3.6.1.1.1.1.3 NAME 'homeDirectory' EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 SINGLE-VALUE )"),
            new Attribute("objectClasses",
                    "( 1.3.6.1.1.1.2.0 NAME 'posixAccount' SUP top AUXILIARY MUST ( cn $ uid $ uidNumber $ gidNumber $ homeDirectory ) )")));

    final InMemoryDirectoryServer server;
    final List<String> operations = new CopyOnWriteArrayList<>();
    private final int ldapPort;
    private final int ldapsPort;
    private final int plainPort;

    InMemoryDirectory(String... ldif) throws Exception {
        this(TestServer.closedPort(), ldif);
    }

    /** On {@code ldapPort}, so that a test can stop it and start it again where its users look. */
    InMemoryDirectory(int ldapPort, String... ldif) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(IDENTITY.keyManagers(), null, null);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        var config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), RFC_2307));
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", loopback, ldapPort, tls.getSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, tls.getServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("plain", loopback, 0, null));
        config.addAdditionalBindCredentials(SERVICE_DN, SERVICE_PASSWORD);
        config.setAccessLogHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                operations.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        for (String entry : ldif) {
            server.add(entry.split("\n"));
        }
        server.startListening();
        this.ldapPort = server.getListenPort("ldap");
        this.ldapsPort = server.getListenPort("ldaps");
        this.plainPort = server.getListenPort("plain");
    }

    URI ldap() {
        return URI.create("ldap://127.0.0.1:" + ldapPort);
    }

    /** A listener that does not offer StartTLS. */
    URI ldapWithoutStartTls() {
        return URI.create("ldap://127.0.0.1:" + plainPort);
    }

    URI ldaps() {
        return URI.create("ldaps://127.0.0.1:" + ldapsPort);
    }

    void stop() {
        server.shutDown(true);
    }

    void restart() throws LDAPException {
        server.startListening();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
