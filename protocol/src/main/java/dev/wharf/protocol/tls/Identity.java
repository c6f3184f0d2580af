package dev.wharf.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A private key and its certificate chain: what a TLS server shows, or a client that is asked for a
 * certificate. Loads PEM files or a PKCS#12 keystore, and can generate a self-signed one.
 */
public record Identity(PrivateKey key, List<X509Certificate> chain) {
    private static final char[] EMPTY = new char[0];

    public Identity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The SHA-256 fingerprint of the leaf certificate as colon-separated hex, as browsers and curl show it. */
    public String sha256Fingerprint() {
        return fingerprint(certificate());
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public KeyManager[] keyManagers() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("wharf", key, EMPTY, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, EMPTY);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key manager: " + e.getMessage(), e);
        }
    }

    // ---- PKCS#12 ----

    /** Loads the first key entry of a PKCS#12 keystore. */
    public static Identity loadPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(in, password);
            } catch (IOException e) {
                // A wrong password or a file that is not PKCS#12 comes as a bare IOException
                // ("keystore password was incorrect", "toDerInputStream rejects tag type 45").
                throw unreadableKeystore(file, e);
            }
            for (var aliases = ks.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                if (ks.isKeyEntry(alias)) {
                    var key = (PrivateKey) ks.getKey(alias, password);
                    var certs = new ArrayList<X509Certificate>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        certs.add((X509Certificate) c);
                    }
                    return new Identity(key, certs);
                }
            }
            throw new IOException(file + " holds no private key entry");
        } catch (GeneralSecurityException e) {
            throw unreadableKeystore(file, e);
        }
    }

    private static IOException unreadableKeystore(Path file, Exception e) {
        return new IOException("cannot read keystore " + file + ": " + e.getMessage()
                + " (is the password right and is it PKCS#12?)", e);
    }

    public void savePkcs12(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("wharf", key, password, chain.toArray(new Certificate[0]));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write keystore " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- PEM ----

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    /**
     * Loads a certificate chain (leaf first) and an unencrypted private key from PEM files; they may
     * be the same file. Keys may be PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 RSA ({@code RSA PRIVATE KEY}).
     */
    public static Identity loadPem(Path certificateFile, Path keyFile) throws IOException {
        var certs = new ArrayList<X509Certificate>();
        PrivateKey key = null;
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (var block : pemBlocks(certificateFile)) {
                if (block.type.equals("CERTIFICATE")) {
                    certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(block.der)));
                }
            }
            for (var block : pemBlocks(keyFile)) {
                switch (block.type) {
                    case "PRIVATE KEY" -> key = pkcs8(block.der);
                    case "RSA PRIVATE KEY" -> key = pkcs8(wrapPkcs1Rsa(block.der));
                    case "EC PRIVATE KEY" -> throw new IOException(keyFile + " holds a SEC1 'EC PRIVATE KEY'; convert it to PKCS#8 with:"
                            + " openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pem");
                    case "ENCRYPTED PRIVATE KEY" -> throw new IOException(keyFile + " is encrypted; decrypt it with:"
                            + " openssl pkcs8 -in " + keyFile + " -out key.pem, or use a PKCS#12 keystore with a password");
                    default -> { }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read PEM: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(certificateFile + " holds no '-----BEGIN CERTIFICATE-----' block");
        }
        if (key == null) {
            throw new IOException(keyFile + " holds no '-----BEGIN PRIVATE KEY-----' block");
        }
        if (!keyMatches(key, certs.get(0))) {
            throw new IOException("the private key in " + keyFile + " does not belong to the first certificate in "
                    + certificateFile + " (the leaf certificate must come first, and the key must be its key)");
        }
        return new Identity(key, certs);
    }

    /** Signs a test message with the key and checks it with the certificate's public key. */
    static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> null;
        };
        if (alg == null) {
            return true; // cannot check this key type here; the handshake will
        }
        try {
            byte[] message = "wharf key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verifier.initVerify(cert.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // a holder, never compared
    private record PemBlock(String type, byte[] der) {}

    private static List<PemBlock> pemBlocks(Path file) throws IOException {
        // ISO-8859-1 reads any byte: text around the blocks (openssl's "Bag Attributes", comments)
        // may be UTF-8, and US-ASCII would fail on it with a bare MalformedInputException.
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        var blocks = new ArrayList<PemBlock>();
        var m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                // A fuzzing finding: bad base64 escaped as an unchecked exception, past the callers' error handling.
                throw new IOException(file + ": the '" + m.group(1) + "' block is not valid base64 (" + e.getMessage() + ")");
            }
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        var spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"EC", "RSA", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key type", last);
    }

    /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (RFC 5208): version 0, rsaEncryption, key. */
    private static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        return Der.sequence(
                Der.integer(BigInteger.ZERO),
                Der.sequence(Der.oid("1.2.840.113549.1.1.1"), new byte[] {0x05, 0x00}),
                Der.octetString(pkcs1));
    }

    // ---- self-signed ----

    /**
     * A new EC P-256 key and a self-signed certificate for {@code commonName}, valid 825 days, with
     * every entry of {@code names} as a subject alternative name (DNS name or IP address).
     */
    public static Identity selfSigned(String commonName, List<String> names) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = kpg.generateKeyPair();
            byte[] sigAlg = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
            var now = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1);
            var fmt = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
            byte[] validity = Der.sequence(Der.utcTime(now.format(fmt)), Der.utcTime(now.plusDays(825).format(fmt)));
            var san = new java.io.ByteArrayOutputStream();
            for (String n : names) {
                if (dev.wharf.protocol.IpLiterals.isLiteral(n)) {
                    san.writeBytes(Der.implicitPrimitive(7, InetAddress.getByName(n).getAddress()));
                } else {
                    san.writeBytes(Der.implicitPrimitive(2, n.getBytes(StandardCharsets.US_ASCII)));
                }
            }
            byte[] extensions = Der.explicit(3, Der.sequence(
                    Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence())), // not a CA
                    // RFC 5280 4.2.1.3: digitalSignature only, the one use of an ECDSA server key (bit 0 of 1 bit used)
                    Der.sequence(Der.oid("2.5.29.15"), Der.bool(true), Der.octetString(Der.tagged(0x03, new byte[] {7, (byte) 0x80}))),
                    // RFC 5280 4.2.1.12: serverAuth, which some clients and platforms insist on
                    Der.sequence(Der.oid("2.5.29.37"), Der.octetString(Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1")))),
                    Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.sequence(san.toByteArray())))));
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] &= 0x7F;
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
                    Der.integer(new BigInteger(1, serial)),
                    sigAlg, name, validity, name,
                    pair.getPublic().getEncoded(),
                    extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] cert = Der.sequence(tbs, sigAlg, Der.bitString(signer.sign()));
            var x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert));
            return new Identity(pair.getPrivate(), List.of(x509));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

}
