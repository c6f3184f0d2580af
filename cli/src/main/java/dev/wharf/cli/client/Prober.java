package dev.wharf.cli.client;

import dev.wharf.client.ControlConnection;
import dev.wharf.client.FtpsException;
import dev.wharf.client.ReplyCodeSets;
import dev.wharf.client.TlsMode;
import dev.wharf.client.TrustPolicy;
import dev.wharf.protocol.Failures;
import dev.wharf.protocol.FeatureSet;
import dev.wharf.protocol.Reply;
import dev.wharf.protocol.tls.Identity;
import dev.wharf.protocol.tls.Tls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The checks of {@code wharf probe}. The server named by the URL gets the full probe (certificate,
 * FEAT, protection commands and, with credentials and a trusted certificate, a login and data
 * connections); the other FTPS flavour on its usual port is only checked for support; TLS 1.3 and
 * 1.2 and AUTH SSL get a connection each. Every finding is something that was actually tried.
 */
final class Prober {
    /** How long an implicit FTPS port is watched for bytes sent before the ClientHello. */
    static final Duration UNSOLICITED_WAIT = Duration.ofSeconds(1);
    /** The connect timeout for the other flavour's port, which may well be closed or filtered. */
    static final Duration ALTERNATE_CONNECT = Duration.ofSeconds(5);

    private final FtpUrl url;
    private final int alternatePort;
    private final TrustPolicy trust;
    private final Credentials credentials;
    private final List<String> protocols;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final ProbeReport report = new ProbeReport();

    private FeatureSet featuresBeforeTls;
    private FeatureSet featuresInTls;
    private X509Certificate mainCertificate;
    private boolean mainReachable;
    private boolean mainTls;
    private boolean loginFailed;
    private boolean explicitWorks;
    private int explicitPort;

    Prober(FtpUrl url, int alternatePort, TrustPolicy trust, Credentials credentials, List<String> protocols,
           Duration connectTimeout, Duration replyTimeout) {
        this.url = url;
        this.alternatePort = alternatePort;
        this.trust = trust;
        this.credentials = credentials;
        this.protocols = protocols;
        this.connectTimeout = connectTimeout;
        this.replyTimeout = replyTimeout;
    }

    ProbeReport run() {
        report.add("server", "URL", url.toString());
        report.add("server", "credentials", credentials == null ? "none" : "user " + credentials.user());
        boolean explicitUrl = url.mode() == TlsMode.EXPLICIT;
        if (explicitUrl) {
            probeExplicit(url.port(), true);
            probeImplicit(alternatePort, false);
        } else {
            probeImplicit(url.port(), true);
            probeExplicit(alternatePort, false);
        }
        if (mainTls) {
            probeTlsVersions();
        } else {
            report.skipped("TLS versions", "no TLS handshake succeeded on " + url.hostAndPort());
        }
        if (explicitWorks) {
            probeAuthSsl();
        } else {
            report.skipped("AUTH SSL", "no explicit FTPS endpoint accepted AUTH TLS");
        }
        if (featuresBeforeTls != null || featuresInTls != null) {
            checkFeatDeviations();
        }
        return report;
    }

    /** 0, or the exit code of the most basic failure: unreachable (3), no TLS (4), login refused (5). */
    int exitCode() {
        if (!mainReachable) {
            return ExitCode.CONNECTION;
        }
        if (!mainTls) {
            return ExitCode.TLS;
        }
        return loginFailed ? ExitCode.LOGIN : ExitCode.OK;
    }

    // ---- the two flavours ----

    private static String explicitSection(String hostPort) {
        return "explicit FTPS (AUTH TLS) on " + hostPort;
    }

    private static String implicitSection(String hostPort) {
        return "implicit FTPS on " + hostPort;
    }

    private String hostPort(int port) {
        return url.withPath("").withPort(port).hostAndPort();
    }

    /** RFC 4217 4: greeting, FEAT in the clear, AUTH TLS, handshake; then the full probe if this is the URL's port. */
    private void probeExplicit(int port, boolean main) {
        String section = explicitSection(hostPort(port));
        ControlConnection c = open(section, port, main);
        if (c == null) {
            return;
        }
        try {
            Reply greeting = c.greeting();
            report.add(section, "greeting", describe(greeting));
            if (greeting.code() != 220) {
                report.add(section, "supported", "no: the server did not greet with 220");
                return;
            }
            Reply feat = c.command("FEAT", "");
            if (feat.code() == 211) {
                FeatureSet features = FeatureSet.parse(feat);
                if (main) {
                    featuresBeforeTls = features;
                }
                report.add(section, "FEAT before TLS", features.parameters("AUTH").map(p -> "AUTH " + p)
                        .orElse("does not list AUTH"));
            } else {
                report.add(section, "FEAT before TLS", "refused: " + describe(feat));
            }
            Reply auth = c.command("AUTH", "TLS");
            report.add(section, "AUTH TLS", describe(auth));
            if (auth.code() != 234) {
                report.add(section, "supported", "no: AUTH TLS refused");
                return;
            }
            ProbeTls tls = ProbeTls.create(trust, url.host(), port, protocols, timeout(main));
            SSLSession session;
            try {
                session = c.startTls(tls.layer);
            } catch (IOException e) {
                report.add(section, "TLS handshake", "failed: " + message(e));
                report.add(section, "supported", "no: the TLS handshake failed");
                return;
            }
            report.add(section, "TLS handshake", Tls.describe(session));
            report.add(section, "supported", "yes");
            explicitWorks = true;
            explicitPort = port;
            if (main) {
                mainTls = true;
                mainSession(c, tls, false);
            } else {
                compareCertificate(section, tls);
            }
        } catch (IOException e) {
            report.add(section, "probe", "stopped: " + message(e));
        } finally {
            c.quit();
        }
    }

    /**
     * MS-FTPS 3.1.5.1: the client starts the handshake at once; the server sends nothing before it
     * and greets inside TLS. Then the full probe if this is the URL's port.
     */
    private void probeImplicit(int port, boolean main) {
        String section = implicitSection(hostPort(port));
        ControlConnection c = open(section, port, main);
        if (c == null) {
            return;
        }
        try {
            Optional<String> unsolicited = c.unsolicited(UNSOLICITED_WAIT);
            if (unsolicited.isPresent()) {
                String early = unsolicited.get();
                report.add(section, "before TLS", early.isEmpty() ? "the server closed the connection"
                        : "the server sent \"" + firstLine(early) + "\" in the clear");
                if (!early.isEmpty()) {
                    report.deviation(implicitSection(hostPort(port)) + ": the server sent a greeting before the TLS"
                            + " handshake (MS-FTPS 3.1.5.1: on implicit FTPS, TLS comes first and the 220 inside it);"
                            + " is this an explicit FTPS port?");
                }
                report.add(section, "supported", "no");
                return;
            }
            report.add(section, "before TLS", "nothing sent (as MS-FTPS 3.1.5.1 requires)");
            ProbeTls tls = ProbeTls.create(trust, url.host(), port, protocols, timeout(main));
            SSLSession session;
            try {
                session = c.startTls(tls.layer);
            } catch (IOException e) {
                report.add(section, "TLS handshake", "failed: " + message(e));
                report.add(section, "supported", "no: the TLS handshake failed");
                return;
            }
            report.add(section, "TLS handshake", Tls.describe(session));
            Reply greeting = c.greeting();
            report.add(section, "greeting (inside TLS)", describe(greeting));
            report.add(section, "supported", greeting.code() == 220 ? "yes" : "no: the server did not greet with 220");
            if (greeting.code() != 220) {
                return;
            }
            if (main) {
                mainTls = true;
                mainSession(c, tls, true);
            } else {
                compareCertificate(section, tls);
            }
        } catch (IOException e) {
            report.add(section, "probe", "stopped: " + message(e));
        } finally {
            c.quit();
        }
    }

    private ControlConnection open(String section, int port, boolean main) {
        try {
            ControlConnection c = ControlConnection.open(url.host(), port, timeout(main), replyTimeout);
            if (main) {
                mainReachable = true;
            }
            return c;
        } catch (IOException e) {
            report.add(section, "supported", "not reachable: " + message(e));
            return null;
        }
    }

    private Duration timeout(boolean main) {
        return main || connectTimeout.compareTo(ALTERNATE_CONNECT) < 0 ? connectTimeout : ALTERNATE_CONNECT;
    }

    // ---- the full probe of the URL's endpoint ----

    private void mainSession(ControlConnection c, ProbeTls tls, boolean implicit) throws IOException {
        describeCertificates(tls.capture);
        Reply feat = c.command("FEAT", "");
        if (feat.code() == 211) {
            featuresInTls = FeatureSet.parse(feat);
            describeFeatures(featuresInTls);
        } else {
            report.add("features", "FEAT", "refused: " + describe(feat));
        }
        boolean canLogIn = credentials != null && tls.capture.trusted();
        if (!implicit && !canLogIn) {
            checkProtWithoutPbsz(c);
        }
        if (credentials == null) {
            report.skipped("login, PASV/EPSV, data connections and TLS session reuse", "no credentials: put the user"
                    + " in the URL (ftp://user@host/) with WHARF_PASSWORD, a ~/.netrc entry or the prompt");
            if (implicit) {
                report.skipped("whether implicit FTPS needs PBSZ/PROT", "needs a login");
            }
        } else if (!tls.capture.trusted()) {
            report.skipped("login and data connections", "the certificate is not trusted, so no password is sent"
                    + " to this server (use --pin FINGERPRINT or --known-hosts)");
        } else if (login(c)) {
            if (!implicit) {
                checkProtWithoutPbsz(c);
                report.add("protection", "PBSZ 0", describe(c.command("PBSZ", "0")));
                report.add("protection", "PROT P", describe(c.command("PROT", "P")));
            }
            probeDataConnections(c, tls, implicit);
        }
        if (implicit) {
            // MS-FTPS 3.1.5.6: AUTH on an implicit session must be refused. Last, since a 234 would
            // leave the connection waiting for a second handshake.
            Reply auth = c.command("AUTH", "TLS");
            report.add("protection", "AUTH TLS inside implicit TLS", describe(auth)
                    + (auth.code() == 234 ? "" : " (refused, as MS-FTPS 3.1.5.6 requires)"));
            if (auth.code() == 234) {
                report.deviation("implicit FTPS accepted AUTH TLS inside its TLS session (MS-FTPS 3.1.5.6: the server"
                        + " must refuse AUTH on an implicit session)");
                c.close();
            }
        }
    }

    /** RFC 4217 9: PROT must follow PBSZ; a server should answer PROT alone with 503. */
    private void checkProtWithoutPbsz(ControlConnection c) throws IOException {
        Reply r = c.command("PROT", "P");
        if (r.code() == 530) {
            report.skipped("PROT without PBSZ", "the server wants a login first (" + describe(r) + ")");
            return;
        }
        report.add("protection", "PROT P without PBSZ", describe(r)
                + (r.isPositiveCompletion() ? "" : " (refused, as RFC 4217 9 requires)"));
        if (r.isPositiveCompletion()) {
            report.deviation("PROT was accepted without PBSZ before it (RFC 4217 9: PBSZ must come first; the server"
                    + " should reply 503)");
        }
    }

    private boolean login(ControlConnection c) throws IOException {
        Reply r = c.command("USER", credentials.user());
        if (r.code() == 331) {
            r = c.command("PASS", credentials.password());
        }
        if (r.code() == 230 || r.code() == 202) {
            report.add("login", "USER/PASS", "logged in as " + credentials.user());
            c.command("TYPE", "I");
            return true;
        }
        report.add("login", "USER/PASS", "refused: " + describe(r));
        loginFailed = true;
        report.skipped("PASV/EPSV, data connections and TLS session reuse", "the login failed");
        return false;
    }

    /**
     * Two LISTs: one whose data connection resumes the control connection's TLS session, as the
     * client library does, and one with a new session, whose refusal shows that the server requires
     * session reuse. On implicit sessions the first goes without PBSZ/PROT (MS-FTPS 3.1.5.1).
     */
    @SuppressWarnings("ReferenceEquality") // verdict() returns the passive reply itself when that reply failed
    private void probeDataConnections(ControlConnection c, ProbeTls tls, boolean implicit) throws IOException {
        String path = url.path();
        String section = "data connections";
        String passive = "EPSV";
        DataProbe resuming = DataProbe.list(c, tls.layer, passive, path, replyTimeout);
        report.add(section, "EPSV", describe(resuming.passiveReply()));
        if (resuming.passiveReply().code() != 229) {
            passive = "PASV";
            resuming = DataProbe.list(c, tls.layer, passive, path, replyTimeout);
            report.add(section, "PASV", describe(resuming.passiveReply()));
        }
        if (implicit && !resuming.ok() && looksUnprotected(resuming)) {
            // vsftpd keeps implicit sessions at PROT C until PBSZ/PROT: a refusal, or a clear data
            // connection our handshake fails on. Only a LIST that then works proves it.
            report.add(section, "LIST without PBSZ/PROT (implicit)", describeAttempt(resuming));
            report.add("protection", "PBSZ 0", describe(c.command("PBSZ", "0")));
            report.add("protection", "PROT P", describe(c.command("PROT", "P")));
            resuming = DataProbe.list(c, tls.layer, passive, path, replyTimeout);
            if (resuming.ok()) {
                report.deviation("implicit FTPS: protected data connections work only after the client sends PBSZ 0"
                        + " and PROT P (MS-FTPS 3.1.5.1: they are implied on implicit sessions, and the client must"
                        + " not send them); use --implicit-sends-prot with this server");
            }
        } else if (implicit && resuming.ok()) {
            report.add("protection", "PBSZ/PROT on implicit FTPS", "not needed: LIST worked without them");
        }
        report.add(section, "LIST, data TLS resuming the control session", describeAttempt(resuming));
        if (!resuming.ok()) {
            report.skipped("TLS session reuse requirement", "the LIST that resumes the session failed already");
            return;
        }
        ProbeTls fresh = ProbeTls.create(trust, url.host(), c.port(), protocols, connectTimeout);
        DataProbe newSession;
        if (passive.equals("EPSV")) {
            newSession = DataProbe.list(c, fresh.layer, "PASV", path, replyTimeout);
            report.add(section, "PASV", describe(newSession.passiveReply()));
            if (newSession.verdict() == newSession.passiveReply()) {
                newSession = DataProbe.list(c, fresh.layer, "EPSV", path, replyTimeout);
            }
        } else {
            newSession = DataProbe.list(c, fresh.layer, passive, path, replyTimeout);
        }
        report.add(section, "LIST, data TLS with a new session", describeAttempt(newSession));
        Reply verdict = newSession.verdict();
        String reuse;
        if (newSession.ok()) {
            reuse = "not required: a data connection with a new TLS session was accepted";
        } else if (!newSession.resumed() && verdict != null && ReplyCodeSets.SESSION_REUSE_REFUSALS.contains(verdict.code())) {
            reuse = "required: the data connection with a new TLS session was refused (" + describe(verdict) + ")";
        } else {
            reuse = "unknown: the LIST with a new TLS session failed for another reason (" + describeAttempt(newSession) + ")";
        }
        report.add(section, "TLS session reuse", reuse);
    }

    /** A failed LIST that may have met a clear (PROT C) data connection or a protection refusal. */
    private static boolean looksUnprotected(DataProbe d) {
        boolean clearData = d.preliminary() != null && d.preliminary().isPositivePreliminary() && !d.handshakeCompleted();
        boolean refused = d.verdict() != null && ReplyCodeSets.PROTECTION_REFUSALS.contains(d.verdict().code());
        return clearData || refused;
    }

    private static String describeAttempt(DataProbe d) {
        if (d.ok()) {
            return "ok, " + d.bytes() + " bytes, " + d.tlsProtocol() + (d.resumed() ? ", session resumed" : ", new session");
        }
        var parts = new ArrayList<String>();
        if (d.handshakeCompleted()) {
            parts.add("after a " + d.tlsProtocol() + (d.resumed() ? " resumed" : " full") + " handshake");
        }
        if (d.failure() != null) {
            parts.add(d.failure());
        }
        if (d.verdict() != null) {
            parts.add("server replied " + describe(d.verdict()));
        }
        return "failed: " + String.join("; ", parts);
    }

    // ---- TLS versions, AUTH SSL ----

    /** One handshake each with only TLS 1.3 and only TLS 1.2 allowed. */
    private void probeTlsVersions() {
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            String result;
            try {
                ProbeTls tls = ProbeTls.create(trust, url.host(), url.port(), List.of(version), connectTimeout);
                result = handshakeOnly(url.mode(), url.port(), tls, "TLS");
            } catch (IllegalArgumentException e) {
                result = "not tested: this JDK does not offer it";
            }
            report.add("TLS versions", version, result);
        }
    }

    /** AUTH SSL (MS-FTPS 3.1.5.4), on its own connection. */
    private void probeAuthSsl() {
        ProbeTls tls = ProbeTls.create(trust, url.host(), explicitPort, protocols, connectTimeout);
        String result = handshakeOnly(TlsMode.EXPLICIT, explicitPort, tls, "SSL");
        report.add("features", "AUTH SSL", result);
        boolean accepted = result.startsWith("accepted");
        boolean advertised = lists("AUTH", "SSL");
        if (accepted && !advertised) {
            report.deviation("AUTH SSL is accepted but FEAT does not list it (RFC 4217 6: FEAT lists the AUTH"
                    + " mechanisms the server accepts)");
        } else if (!accepted && advertised) {
            report.deviation("FEAT lists AUTH SSL but the server refused it");
        }
    }

    /** Connect, AUTH if explicit, handshake: "accepted: TLSv1.3 TLS_AES_..." or why not. */
    private String handshakeOnly(TlsMode mode, int port, ProbeTls tls, String mechanism) {
        try (ControlConnection c = ControlConnection.open(url.host(), port, connectTimeout, replyTimeout)) {
            if (mode == TlsMode.EXPLICIT) {
                Reply greeting = c.greeting();
                if (greeting.code() != 220) {
                    return "not tested: greeting " + describe(greeting);
                }
                Reply auth = c.command("AUTH", mechanism);
                // 234 (RFC 4217 4.2); servers of draft-murray's time answer AUTH SSL with 334.
                if (auth.code() != 234 && auth.code() != 334) {
                    return "refused: AUTH " + mechanism + " " + describe(auth);
                }
            }
            SSLSession session = c.startTls(tls.layer);
            c.quit();
            return "accepted: " + Tls.describe(session);
        } catch (IOException e) {
            return "refused: " + message(e);
        }
    }

    // ---- certificates and features ----

    private void describeCertificates(ProbeTls.CertificateCapture capture) {
        List<X509Certificate> chain = capture.chain();
        String section = "certificate";
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            String p = "[" + i + "] ";
            report.add(section, p + "subject", cert.getSubjectX500Principal().getName());
            report.add(section, p + "issuer", cert.getIssuerX500Principal().getName());
            Instant now = Instant.now();
            Instant from = cert.getNotBefore().toInstant();
            Instant to = cert.getNotAfter().toInstant();
            report.add(section, p + "valid", from + " to " + to
                    + (now.isAfter(to) ? " (EXPIRED)" : now.isBefore(from) ? " (NOT YET VALID)" : ""));
            report.add(section, p + "names (SAN)", subjectAltNames(cert));
            report.add(section, p + "SHA-256", Identity.fingerprint(cert));
        }
        if (!chain.isEmpty()) {
            mainCertificate = chain.get(0);
        }
        report.add(section, "trusted", capture.trusted() ? "yes (" + trustName() + ")"
                : "NO: " + (capture.refusal() == null ? "no certificate" : capture.refusal().getMessage()));
    }

    private void compareCertificate(String section, ProbeTls tls) {
        List<X509Certificate> chain = tls.capture.chain();
        if (chain.isEmpty()) {
            return;
        }
        String fp = Identity.fingerprint(chain.get(0));
        boolean same = mainCertificate != null && Identity.fingerprint(mainCertificate).equals(fp);
        report.add(section, "certificate", same ? "the same as on " + url.hostAndPort() : "SHA-256 " + fp
                + (tls.capture.trusted() ? " (trusted)" : " (NOT trusted)"));
    }

    private String trustName() {
        return switch (trust) {
            case TrustPolicy.Pinned p -> "pinned fingerprint";
            case TrustPolicy.KnownHosts k -> "known hosts file " + k.file();
            case TrustPolicy.Anchors a -> "given trust anchors";
            case TrustPolicy.SystemCas s -> "system trust store and host name";
        };
    }

    private static String subjectAltNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return "none";
            }
            var names = new ArrayList<String>();
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String kind = switch (type) {
                    case 2 -> "DNS";
                    case 7 -> "IP";
                    case 1 -> "email";
                    case 6 -> "URI";
                    default -> "type" + type;
                };
                names.add(kind + ":" + san.get(1));
            }
            return String.join(", ", names);
        } catch (CertificateParsingException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private void describeFeatures(FeatureSet f) {
        String section = "features";
        var lines = new ArrayList<String>();
        f.asMap().forEach((name, params) -> lines.add(params.isEmpty() ? name : name + " " + params));
        report.add(section, "FEAT (inside TLS, before login)", f.isEmpty() ? "(empty)" : String.join("\n", lines));
        report.add(section, "AUTH", f.parameters("AUTH").orElse("not advertised"));
        report.add(section, "PBSZ / PROT", (f.has("PBSZ") ? "PBSZ" : "no PBSZ") + ", "
                + f.parameters("PROT").map(p -> "PROT " + p).orElse(f.has("PROT") ? "PROT" : "no PROT"));
        report.add(section, "CCC", f.has("CCC") ? "advertised (RFC 4217 5: the control connection can go back to clear text)"
                : "not advertised");
        report.add(section, "EPSV", f.has("EPSV") ? "advertised" : "not advertised (many servers support it anyway)");
        report.add(section, "MLSD", f.has("MLST") || f.has("MLSD") ? "advertised (MLST " + f.parameters("MLST").orElse("")
                + ")" : "not advertised: listings use LIST");
        report.add(section, "UTF8", f.has("UTF8") ? "advertised" : "not advertised");
        report.add(section, "HASH", f.parameters("HASH").map(p -> "advertised: " + p)
                .orElse("not advertised: transfers cannot be checked end to end"));
    }

    /** RFC 4217 6: FEAT lists AUTH with its mechanisms, PBSZ and PROT. */
    private void checkFeatDeviations() {
        if (explicitWorks && !lists("AUTH", "TLS")) {
            report.deviation("AUTH TLS is accepted but FEAT does not list it (RFC 4217 6)");
        }
        if (featuresInTls != null && explicitWorks && (!featuresInTls.has("PBSZ") || !featuresInTls.has("PROT"))) {
            report.deviation("FEAT does not list " + (featuresInTls.has("PBSZ") ? "PROT" : "PBSZ") + " (RFC 4217 6)");
        }
    }

    private boolean lists(String feature, String value) {
        return (featuresBeforeTls != null && featuresBeforeTls.lists(feature, value))
                || (featuresInTls != null && featuresInTls.lists(feature, value));
    }

    // ---- wording ----

    static String describe(Reply r) {
        return r.code() + " " + firstLine(r.lines().isEmpty() ? "" : r.lines().get(0));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    /**
     * Why something failed, for the report: a network failure by its kind ("connect: Connection
     * refused"), the client library's own words (which name the timeout or the closed connection),
     * else the innermost message.
     */
    @SuppressWarnings("ReferenceEquality") // a Throwable that is its own cause ends the chain
    private static String message(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return kind(t) + ": " + Failures.rootMessage(e);
            }
        }
        if (e instanceof FtpsException) {
            return e.getMessage();
        }
        return e instanceof SocketTimeoutException ? kind(e) + ": " + Failures.rootMessage(e) : Failures.rootMessage(e);
    }

    /** "connect" for a ConnectException, "unknown host" for an UnknownHostException. */
    private static String kind(Throwable t) {
        return t.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
    }
}
