package dev.wharf.ldap;

import dev.wharf.server.auth.Permission;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

/**
 * How {@link LdapUsers} reaches the directory and reads an account from it.
 *
 * @param url                 {@code ldap://host:port} or {@code ldaps://host:port}
 * @param startTls            on an {@code ldap://} URL: StartTLS (RFC 4513 3) before any bind
 * @param bindDnPattern       bind as the user directly: the user's DN with {@code {0}} for the
 *                            (escaped) name, {@code uid={0},ou=people,dc=example,dc=org}; or null to search
 * @param search              search then bind: where and how to find the user's entry; null to bind directly
 * @param homeAttribute       the attribute holding the home folder ({@code homeDirectory}); null for
 *                            {@code homeRoot/<name>}
 * @param rights              how an entry's attribute maps to rights
 * @param homeRoot            relative homes resolve under it, and every home must be inside it
 * @param connectTimeout      to open a connection to the directory
 * @param readTimeout         to wait for each answer of the directory
 * @param trustedCertificates the CAs (or the directory's own certificate) that TLS to the directory
 *                            trusts; empty for the JDK's trust store. Never "trust all".
 */
public record LdapSettings(URI url, boolean startTls, String bindDnPattern, Search search, String homeAttribute,
                           Rights rights, Path homeRoot, Duration connectTimeout, Duration readTimeout,
                           List<X509Certificate> trustedCertificates) {

    /**
     * Search then bind: the service account searches {@code base} with {@code filter} ({@code {0}}
     * stands for the escaped name, {@code (uid={0})}); exactly one entry must match, whose DN the
     * user then binds as.
     */
    public record Search(String base, String filter, String serviceDn, String servicePassword) {
        public Search {
            require(base, "the search base");
            require(filter, "the search filter");
            if (!filter.contains("{0}")) {
                throw new IllegalArgumentException("the search filter '" + filter + "' must contain {0} for the user name");
            }
            require(serviceDn, "the service bind DN");
            requireDn(base, "the search base");
            requireDn(serviceDn, "the service bind DN");
            require(servicePassword, "the service bind password");
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "Search[base=" + base + ", filter=" + filter + ", serviceDn=" + serviceDn + "]";
        }
    }

    /**
     * An entry's rights: read-write if {@code attribute} has the value {@code readWrite}, read-only if
     * it has {@code readOnly}, else {@code otherwise} (null: the login is refused). Values are compared
     * as DNs when both are DNs (group membership: {@code memberOf} with the group's DN), else ignoring
     * case ({@code rw}, {@code ro}). Without an attribute every user gets {@code otherwise}.
     */
    public record Rights(String attribute, String readWrite, String readOnly, Set<Permission> otherwise) {
        public Rights {
            if (attribute == null && otherwise == null) {
                throw new IllegalArgumentException("neither a rights attribute nor the rights of every user: nobody could log in; give one or the other");
            }
            otherwise = otherwise == null ? null : Set.copyOf(otherwise);
        }

        /** {@code attribute} with the values {@code rw} and {@code ro}; other users are refused. */
        public static Rights byAttribute(String attribute) {
            return new Rights(attribute, "rw", "ro", null);
        }

        /** The same rights for every user of the directory. */
        public static Rights everyone(Set<Permission> rights) {
            return new Rights(null, null, null, rights);
        }
    }

    public LdapSettings {
        require(url, "the directory URL");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw new IllegalArgumentException("the directory URL '" + url + "' must start with ldap:// or ldaps://");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the directory URL '" + url + "' has no host");
        }
        if (startTls && scheme.equals("ldaps")) {
            throw new IllegalArgumentException("StartTLS is for ldap:// URLs; an ldaps:// connection is TLS from the start");
        }
        if ((bindDnPattern == null) == (search == null)) {
            throw new IllegalArgumentException("give either a bind DN pattern or a search, not both and not neither");
        }
        if (bindDnPattern != null) {
            if (!bindDnPattern.contains("{0}")) {
                throw new IllegalArgumentException("the bind DN pattern '" + bindDnPattern + "' must contain {0} for the user name");
            }
            requireDn(bindDnPattern.replace("{0}", "name"), "the bind DN pattern");
        }
        require(rights, "the rights");
        require(homeRoot, "the home root");
        if (!homeRoot.isAbsolute()) {
            throw new IllegalArgumentException("the home root '" + homeRoot + "' must be an absolute path");
        }
        homeRoot = homeRoot.normalize();
        positive(connectTimeout, "the connect timeout");
        positive(readTimeout, "the read timeout");
        trustedCertificates = List.copyOf(trustedCertificates);
    }

    /** Whether passwords travel encrypted: ldaps:// or StartTLS. */
    public boolean tls() {
        return startTls || url.getScheme().equalsIgnoreCase("ldaps");
    }

    public static Builder builder(URI url, Path homeRoot) {
        return new Builder(url, homeRoot);
    }

    /** Every certificate of a PEM (or DER) file, for {@link Builder#trustedCertificates}. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a certificate file (" + e.getMessage() + ")", e);
        }
    }

    private static void require(Object value, String what) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }

    private static void requireDn(String dn, String what) {
        try {
            new LdapName(dn);
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException(what + " '" + dn + "' is not a DN (RFC 4514): " + e.getMessage());
        }
    }

    private static void positive(Duration d, String what) {
        require(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
    }

    /** Never the service password. */
    @Override
    public String toString() {
        return "LdapSettings[url=" + url + ", startTls=" + startTls + ", bindDnPattern=" + bindDnPattern + ", search=" + search
                + ", homeAttribute=" + homeAttribute + ", rights=" + rights + ", homeRoot=" + homeRoot + "]";
    }

    /**
     * Defaults: no StartTLS, timeouts of 5 s to connect and 10 s to answer, the JDK's trust store. A bind
     * DN pattern or a search, and the rights, must be given.
     */
    public static final class Builder {
        private final URI url;
        private final Path homeRoot;
        private boolean startTls;
        private String bindDnPattern;
        private Search search;
        private String homeAttribute;
        private Rights rights;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private List<X509Certificate> trustedCertificates = List.of();

        private Builder(URI url, Path homeRoot) {
            this.url = url;
            this.homeRoot = homeRoot;
        }

        public Builder startTls(boolean startTls) {
            this.startTls = startTls;
            return this;
        }

        public Builder bindDnPattern(String pattern) {
            this.bindDnPattern = pattern;
            return this;
        }

        public Builder search(Search search) {
            this.search = search;
            return this;
        }

        public Builder homeAttribute(String attribute) {
            this.homeAttribute = attribute;
            return this;
        }

        public Builder rights(Rights rights) {
            this.rights = rights;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public Builder trustedCertificates(List<X509Certificate> certificates) {
            this.trustedCertificates = certificates;
            return this;
        }

        public LdapSettings build() {
            return new LdapSettings(url, startTls, bindDnPattern, search, homeAttribute, rights, homeRoot,
                    connectTimeout, readTimeout, trustedCertificates);
        }
    }
}
