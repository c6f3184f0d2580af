package dev.wharf.client;

import java.net.IDN;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Chain validation (through the JDK's PKIX trust manager) and the host-name check of RFC 6125. */
final class CertificateChecks {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateChecks() {}

    static X509TrustManager systemTrustManager() {
        return trustManager(null);
    }

    static X509TrustManager anchorTrustManager(List<X509Certificate> anchors) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : anchors) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            return trustManager(ks);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore ks) {
        try {
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trust store: " + e.getMessage(), e);
        }
    }

    /**
     * RFC 6125 6.4: an IP address must equal an IP SAN; a DNS name must match a DNS SAN, where a
     * {@code *} may stand for the whole leftmost label. The subject CN is used only when there is no
     * DNS SAN at all.
     */
    static void checkHostName(X509Certificate cert, String host) throws CertificateException {
        String wanted = normalizeHost(host);
        boolean isIp = looksLikeIp(wanted);
        List<String> dnsNames = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS) {
                        dnsNames.add(normalizeHost((String) san.get(1)));
                    } else if (type == SAN_IP) {
                        ips.add(normalizeIp((String) san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateException("cannot read the certificate's subject alternative names", e);
        }
        if (isIp) {
            if (ips.contains(normalizeIp(wanted))) {
                return;
            }
            throw new CertificateException("the server's certificate is not valid for " + host
                    + " (its IP addresses: " + (ips.isEmpty() ? "none" : String.join(", ", ips)) + ")");
        }
        List<String> candidates = dnsNames.isEmpty() ? commonNames(cert) : dnsNames;
        for (String pattern : candidates) {
            if (matches(pattern, wanted)) {
                return;
            }
        }
        throw new CertificateException("the server's certificate is not valid for " + host
                + " (its names: " + (candidates.isEmpty() ? "none" : String.join(", ", candidates)) + ")");
    }

    private static boolean matches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        int dot = host.indexOf('.');
        // The wildcard covers exactly one label, and never a whole public suffix like "*.com".
        return dot > 0 && pattern.substring(1).equals(host.substring(dot)) && pattern.indexOf('.', 2) > 0;
    }

    private static List<String> commonNames(X509Certificate cert) {
        var names = new ArrayList<String>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(normalizeHost(rdn.getValue().toString()));
                }
            }
        } catch (InvalidNameException ignored) {
            // No usable subject name: no candidates.
        }
        return names;
    }

    private static String normalizeHost(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        try {
            h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException ignored) {
            // Keep it as given: it will simply not match.
        }
        return h.toLowerCase(Locale.ROOT);
    }

    static boolean looksLikeIp(String host) {
        return dev.wharf.protocol.IpLiterals.isLiteral(host);
    }

    private static String normalizeIp(String ip) {
        try {
            return java.net.InetAddress.getByName(ip).getHostAddress(); // literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return ip;
        }
    }
}
