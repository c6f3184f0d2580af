package dev.wharf.protocol.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose {@link Identity} can be replaced while the server runs (a renewed
 * certificate). The {@link javax.net.ssl.SSLContext} built on it stays the same, and with it its
 * session cache and ticket keys: connections already open keep the certificate they were shown, a
 * data connection still resumes a control session that began before the swap, and only new full
 * handshakes present the new certificate.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {
    /**
     * One identity and its key manager, under an alias of its own (its fingerprint): JSSE chooses an
     * alias, then asks for the key and the chain by that alias in separate calls, and a swap between
     * them must not pair the old key with the new chain.
     */
    private record Generation(Identity identity, X509ExtendedKeyManager keys, String alias) {
        static Generation of(Identity identity) {
            return new Generation(identity, (X509ExtendedKeyManager) identity.keyManagers()[0], identity.sha256Fingerprint());
        }

        String own(String delegateAlias) {
            return delegateAlias == null ? null : alias;
        }
    }

    // Written under this; read without a lock by handshakes.
    private volatile Generation current;
    private volatile Generation previous;

    public SwappableKeyManager(Identity identity) {
        current = Generation.of(Objects.requireNonNull(identity));
        previous = current;
    }

    /** New full handshakes present {@code next} from now on. */
    public synchronized void swap(Identity next) {
        Generation generation = Generation.of(Objects.requireNonNull(next));
        previous = current;
        current = generation;
    }

    /** The identity new handshakes present. */
    public Identity identity() {
        return current.identity();
    }

    /** The generation an alias chosen a moment ago names: the current one, or the one just replaced. */
    private Generation named(String alias) {
        Generation now = current;
        if (now.alias().equals(alias)) {
            return now;
        }
        Generation before = previous;
        return before.alias().equals(alias) ? before : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        Generation g = current;
        return g.keys().getClientAliases(keyType, issuers) == null ? null : new String[] {g.alias()};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        Generation g = current;
        return g.own(g.keys().chooseClientAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        Generation g = current;
        return g.own(g.keys().chooseEngineClientAlias(keyType, issuers, engine));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current;
        return g.keys().getServerAliases(keyType, issuers) == null ? null : new String[] {g.alias()};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation g = current;
        return g.own(g.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation g = current;
        return g.own(g.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = named(alias);
        return g == null ? null : g.identity().chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = named(alias);
        return g == null ? null : g.identity().key();
    }
}
