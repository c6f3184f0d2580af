package dev.wharf.protocol.tls;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads what JSSE does not expose from a ClientHello (RFC 8446 4.1.2): the PSK identities offered. */
public final class ClientHellos {
    private static final int CLIENT_HELLO = 1;
    private static final int PRE_SHARED_KEY = 41; // RFC 8446 4.2.11

    private ClientHellos() {}

    /**
     * The identities of the pre_shared_key extension of {@code handshake} (the body of a handshake
     * record that starts with a ClientHello); empty when there is none or the message is malformed
     * or cut short: this is only ever advice, never a security decision.
     */
    public static List<byte[]> pskIdentities(byte[] handshake) {
        try {
            ByteBuffer b = ByteBuffer.wrap(handshake);
            if ((b.get() & 0xFF) != CLIENT_HELLO) {
                return List.of();
            }
            int length = u24(b);
            ByteBuffer m = slice(b, Math.min(length, b.remaining()));
            skip(m, 2 + 32);            // legacy_version, random
            skip(m, u8(m));             // legacy_session_id
            skip(m, u16(m));            // cipher_suites
            skip(m, u8(m));             // legacy_compression_methods
            ByteBuffer extensions = slice(m, u16(m));
            while (extensions.remaining() >= 4) {
                int type = u16(extensions);
                ByteBuffer data = slice(extensions, u16(extensions));
                if (type == PRE_SHARED_KEY) {
                    ByteBuffer identities = slice(data, u16(data));
                    var result = new ArrayList<byte[]>();
                    while (identities.remaining() >= 2) {
                        byte[] id = new byte[u16(identities)];
                        identities.get(id);
                        skip(identities, 4); // obfuscated_ticket_age
                        result.add(id);
                    }
                    return result;
                }
            }
            return List.of();
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return List.of();
        }
    }

    /** A short stable name for an identity, to remember it without keeping the ticket. */
    public static String fingerprint(byte[] identity) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(identity);
            return java.util.HexFormat.of().formatHex(Arrays.copyOf(d, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int u8(ByteBuffer b) {
        return b.get() & 0xFF;
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xFFFF;
    }

    private static int u24(ByteBuffer b) {
        return (u8(b) << 16) | u16(b);
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n); // IllegalArgumentException past the end: malformed
    }

    private static ByteBuffer slice(ByteBuffer b, int n) {
        ByteBuffer s = b.slice(b.position(), n);
        skip(b, n);
        return s;
    }
}
