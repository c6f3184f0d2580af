package dev.wharf.ldap;

import dev.wharf.protocol.Failures;
import dev.wharf.server.auth.AuthResult;
import dev.wharf.server.auth.Authenticator;
import dev.wharf.server.auth.ClientContext;
import dev.wharf.server.auth.LoginFailure;
import dev.wharf.server.auth.LoginRequest;
import dev.wharf.server.auth.Permission;
import dev.wharf.server.auth.User;
import java.net.Socket;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users of an LDAP directory: a login is a bind with the user's own DN and password, either the DN
 * built from a pattern or the one a search by a service account finds; the entry's attributes give
 * the home folder and the rights. Each login opens its own connection(s), so a directory that was down
 * is simply tried again at the next login. Nothing is cached here; the server's login cache
 * (VerifiedLoginCache) bounds how long a changed directory entry goes unnoticed.
 *
 * <p>A directory that cannot be reached, or refuses the service account, fails the login with a
 * {@link DirectoryUnavailableException} and one log line: the server refuses that login ("try again
 * later") without counting it against the client, and keeps the session.
 */
public final class LdapUsers implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(LdapUsers.class);

    private final LdapSettings settings;
    private final SSLSocketFactory tls;
    private final String[] attributes;
    private final SecureRandom random = new SecureRandom();

    public LdapUsers(LdapSettings settings) {
        this.settings = settings;
        this.tls = tlsSockets(settings.trustedCertificates());
        var wanted = new ArrayList<String>();
        if (settings.homeAttribute() != null) {
            wanted.add(settings.homeAttribute());
        }
        if (settings.rights().attribute() != null) {
            wanted.add(settings.rights().attribute());
        }
        this.attributes = wanted.toArray(String[]::new);
        if (!settings.tls() && !isLoopback(settings.url().getHost())) {
            LOG.warn("LDAP directory {} is reached without TLS: passwords cross the network in clear; use ldaps:// or StartTLS",
                    settings.url());
        }
    }

    public LdapSettings settings() {
        return settings;
    }

    @Override
    public Optional<User> authenticate(String name, String password) {
        return Authenticator.user(authenticate(new LoginRequest(name, password, ClientContext.unknown())));
    }

    @Override
    public AuthResult authenticate(LoginRequest request) {
        String name = request.name();
        String password = request.password();
        if (password == null || password.isEmpty()) {
            // RFC 4513 5.1.2: a simple bind with a DN and no password is an unauthenticated bind, which
            // many directories answer with success: it must never reach the directory as a login.
            return AuthResult.failure(LoginFailure.WRONG_CREDENTIALS);
        }
        if (name == null || name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            return AuthResult.failure(LoginFailure.UNKNOWN_USER);
        }
        try {
            return settings.search() == null ? bindAsUser(name, password) : searchThenBind(name, password);
        } catch (NamingException e) {
            String why = describe(e);
            LOG.warn("LDAP directory {} failed the login of '{}': {}", settings.url(), name, why);
            throw new DirectoryUnavailableException("LDAP directory " + settings.url() + ": " + why, e);
        }
    }

    /** Every home is inside the home root: cleaning the root cleans them all. */
    @Override
    public List<Path> homes() {
        return List.of(settings.homeRoot());
    }

    // Attributes are read as values (no lookup, no returned objects): nothing is deserialized.
    @SuppressWarnings("BanJNDI")
    private AuthResult bindAsUser(String name, String password) throws NamingException {
        String dn = settings.bindDnPattern().replace("{0}", LdapEscape.dnValue(name));
        LdapName entry = new LdapName(dn); // parses: the pattern was checked, and the name is escaped
        try (Connection c = open(dn, password)) {
            Attributes read = attributes.length == 0 ? null : c.context().getAttributes(entry, attributes);
            return user(name, dn, read);
        } catch (AuthenticationException e) {
            // Directories answer an unknown DN and a wrong password alike (invalidCredentials, RFC 4511 4.2.2).
            return AuthResult.failure(LoginFailure.WRONG_CREDENTIALS);
        }
    }

    // returningObjFlag is false: results are attribute values, nothing is deserialized.
    @SuppressWarnings({"try", "BanJNDI"}) // try: a connection opened only for its bind need not be named
    private AuthResult searchThenBind(String name, String password) throws NamingException {
        LdapSettings.Search search = settings.search();
        String filter = search.filter().replace("{0}", LdapEscape.filterValue(name));
        var found = new ArrayList<SearchResult>();
        boolean ambiguous = false;
        try (Connection service = openAsService()) {
            var controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 2,
                    (int) settings.readTimeout().toMillis(), attributes, false, false);
            NamingEnumeration<SearchResult> results = service.context().search(search.base(), filter, controls);
            try {
                while (results.hasMore()) {
                    found.add(results.next());
                }
            } catch (SizeLimitExceededException e) {
                ambiguous = true;
            } finally {
                results.close();
            }
        }
        if (found.size() != 1 || ambiguous) {
            if (!found.isEmpty()) {
                LOG.warn("LDAP search {} under {} matches more than one entry for '{}': login refused", filter, search.base(), name);
            }
            bindAsNobody(password); // as slow as a wrong password
            return AuthResult.failure(LoginFailure.UNKNOWN_USER);
        }
        SearchResult entry = found.get(0);
        String dn = entry.getNameInNamespace();
        try (Connection user = open(dn, password)) { // the bind is the check: the connection is only closed
            return user(name, dn, entry.getAttributes());
        } catch (AuthenticationException e) {
            return AuthResult.failure(LoginFailure.WRONG_PASSWORD);
        }
    }

    private Connection openAsService() throws NamingException {
        LdapSettings.Search search = settings.search();
        try {
            return open(search.serviceDn(), search.servicePassword());
        } catch (AuthenticationException e) {
            throw new NamingException("the directory refuses the service account " + search.serviceDn()
                    + " (" + e.getExplanation() + ")");
        }
    }

    /**
     * A bind that cannot succeed, under the search base: the round trip and password check a real
     * user's bind costs, so that an unknown name is not told apart by its speed.
     */
    @SuppressWarnings("try") // a connection opened only for its bind: the body need not name it
    private void bindAsNobody(String password) throws NamingException {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String dn = "cn=wharf-nobody-" + HexFormat.of().formatHex(bytes) + "," + settings.search().base();
        try (Connection ignored = open(dn, password)) { // the bind is the point, as slow as a real one
            LOG.warn("LDAP directory {} accepted a bind as the non-existent {}", settings.url(), dn);
        } catch (AuthenticationException expected) {
            // what it is for
        }
    }

    private AuthResult user(String name, String dn, Attributes read) throws NamingException {
        Optional<Path> home = home(name, dn, read);
        if (home.isEmpty()) {
            return AuthResult.failure(LoginFailure.HOME_UNAVAILABLE);
        }
        Optional<Set<Permission>> rights = rights(read);
        if (rights.isEmpty()) {
            LOG.warn("LDAP entry {} has no rights ({} is neither '{}' nor '{}'): login refused", dn,
                    settings.rights().attribute(), settings.rights().readWrite(), settings.rights().readOnly());
            return AuthResult.failure(LoginFailure.DISABLED);
        }
        return AuthResult.success(new User(name, home.get(), rights.get()));
    }

    private Optional<Path> home(String name, String dn, Attributes read) throws NamingException {
        Path root = settings.homeRoot();
        String value = name;
        if (settings.homeAttribute() != null) {
            Attribute a = read == null ? null : read.get(settings.homeAttribute());
            if (a == null || a.size() != 1 || !(a.get() instanceof String s) || s.isBlank()) {
                LOG.warn("LDAP entry {} needs exactly one {} for its home folder: login refused", dn, settings.homeAttribute());
                return Optional.empty();
            }
            value = s;
        }
        Path home;
        try {
            home = root.resolve(root.getFileSystem().getPath(value)).normalize();
        } catch (InvalidPathException e) {
            LOG.warn("LDAP entry {}: home folder '{}' is not a path: login refused", dn, value);
            return Optional.empty();
        }
        if (!home.startsWith(root) || !linksStayInside(home, root)) {
            LOG.warn("LDAP entry {}: home folder {} is outside the home root {}: login refused", dn, home, root);
            return Optional.empty();
        }
        return Optional.of(home);
    }

    /** A home inside the root by name must not lead out of it through a symbolic link. */
    private static boolean linksStayInside(Path home, Path root) {
        try {
            return home.toRealPath().startsWith(root.toRealPath());
        } catch (java.io.IOException notThereYet) {
            return true; // nothing to follow; the server refuses a home that does not exist
        }
    }

    private Optional<Set<Permission>> rights(Attributes read) throws NamingException {
        LdapSettings.Rights rights = settings.rights();
        Attribute a = rights.attribute() == null || read == null ? null : read.get(rights.attribute());
        if (a != null) {
            if (has(a, rights.readWrite())) {
                return Optional.of(Permission.all());
            }
            if (has(a, rights.readOnly())) {
                return Optional.of(Permission.readOnly());
            }
        }
        return Optional.ofNullable(rights.otherwise());
    }

    private static boolean has(Attribute attribute, String wanted) throws NamingException {
        if (wanted == null) {
            return false;
        }
        for (NamingEnumeration<?> values = attribute.getAll(); values.hasMore(); ) {
            if (values.next() instanceof String value && sameValue(value, wanted)) {
                return true;
            }
        }
        return false;
    }

    /** DNs compare as DNs (case and spacing do not matter, RFC 4514), other values ignoring case. */
    static boolean sameValue(String value, String wanted) {
        if (value.equalsIgnoreCase(wanted)) {
            return true;
        }
        try {
            var a = new LdapName(value);
            var b = new LdapName(wanted);
            return !a.isEmpty() && a.equals(b);
        } catch (InvalidNameException notDns) {
            return false;
        }
    }

    // ---- connections ----

    /** One connection, bound as {@code dn}; StartTLS first if set, so the password never goes in clear. */
    private record Connection(LdapContext context, StartTlsResponse tls) implements AutoCloseable {
        @Override
        public void close() throws NamingException {
            try {
                if (tls != null) {
                    tls.close();
                }
            } catch (java.io.IOException ignored) {
                // the connection is being dropped anyway
            } finally {
                context.close();
            }
        }
    }

    @SuppressWarnings("JdkObsolete") // InitialLdapContext takes a Hashtable
    private Connection open(String dn, String password) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, settings.url().toString());
        env.put(Context.REFERRAL, "ignore");
        env.put("java.naming.ldap.version", "3");
        env.put("com.sun.jndi.ldap.connect.timeout", Long.toString(settings.connectTimeout().toMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", Long.toString(settings.readTimeout().toMillis()));
        if (!settings.startTls()) {
            putCredentials(env, dn, password);
            if (settings.tls()) {
                env.put("java.naming.ldap.factory.socket", LdapsSockets.class.getName());
                return LdapsSockets.opening(tls, () -> new Connection(new InitialLdapContext(env, null), null));
            }
            return new Connection(new InitialLdapContext(env, null), null);
        }
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        LdapContext context = new InitialLdapContext(env, null);
        StartTlsResponse started = null;
        try {
            started = (StartTlsResponse) context.extendedOperation(new StartTlsRequest());
            var sockets = new StartTlsSockets(tls, settings.readTimeout());
            started.negotiate(sockets); // checks the certificate's host name against the URL's host
            sockets.handshakeDone();
            context.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
            context.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
            context.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
            context.reconnect(null); // binds now, on the same (now encrypted) connection
            return new Connection(context, started);
        } catch (java.io.IOException e) {
            context.close();
            var failure = new NamingException("StartTLS failed");
            failure.setRootCause(e);
            throw failure;
        } catch (NamingException | RuntimeException e) {
            new Connection(context, started).close();
            throw e;
        }
    }

    /**
     * The TLS layer over a connection that StartTLS upgrades, with the read timeout on its handshake:
     * JNDI waits for a handshake without any, so a directory that accepts StartTLS and then stalls
     * would hang the login for good. After the handshake, JNDI's own read timeout applies again.
     */
    private static final class StartTlsSockets extends SSLSocketFactory {
        private final SSLSocketFactory tls;
        private final int timeoutMillis;
        private Socket layered;

        StartTlsSockets(SSLSocketFactory tls, java.time.Duration timeout) {
            this.tls = tls;
            this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        }

        @Override
        public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws java.io.IOException {
            layered = tls.createSocket(plain, host, port, autoClose);
            layered.setSoTimeout(timeoutMillis);
            return layered;
        }

        void handshakeDone() throws NamingException {
            try {
                layered.setSoTimeout(0);
            } catch (java.net.SocketException e) {
                var failure = new NamingException("StartTLS: the connection failed after the handshake");
                failure.setRootCause(e);
                throw failure;
            }
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws java.io.IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws java.io.IOException {
            return tls.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return tls.createSocket(host, port);
        }

        @Override
        public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
                throws java.io.IOException {
            return tls.createSocket(address, port, localAddress, localPort);
        }
    }

    private static void putCredentials(Hashtable<String, Object> env, String dn, String password) {
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, dn);
        env.put(Context.SECURITY_CREDENTIALS, password);
    }

    private static SSLSocketFactory tlsSockets(List<X509Certificate> trusted) {
        try {
            KeyStore anchors = null;
            if (!trusted.isEmpty()) {
                anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int i = 0;
                for (X509Certificate c : trusted) {
                    anchors.setCertificateEntry("ldap-" + i++, c);
                }
            }
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors); // null: the JDK's own trust store
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS to the directory: " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** The failure and its innermost cause in words ("127.0.0.1:1: Connection refused"); JNDI's hold no password. */
    private static String describe(Throwable e) {
        String outer = Failures.describe(e);
        String root = Failures.rootMessage(e);
        return root.equals(outer) ? outer : outer + ": " + root;
    }
}
