package dev.wharf.protocol.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Just enough DER (X.690) to write a self-signed certificate with the JDK alone. */
final class Der {
    private Der() {}

    static byte[] sequence(byte[]... parts) { return tagged(0x30, concat(parts)); }
    static byte[] set(byte[]... parts) { return tagged(0x31, concat(parts)); }
    static byte[] integer(BigInteger value) { return tagged(0x02, value.toByteArray()); }
    static byte[] utf8(String s) { return tagged(0x0C, s.getBytes(StandardCharsets.UTF_8)); }
    static byte[] utcTime(String yymmddhhmmssZ) { return tagged(0x17, yymmddhhmmssZ.getBytes(StandardCharsets.US_ASCII)); }
    static byte[] octetString(byte[] content) { return tagged(0x04, content); }
    static byte[] bitString(byte[] content) { return tagged(0x03, concat(new byte[] {0}, content)); }
    static byte[] bool(boolean b) { return tagged(0x01, new byte[] {(byte) (b ? 0xFF : 0)}); }
    static byte[] explicit(int tagNumber, byte[] content) { return tagged(0xA0 | tagNumber, content); }
    static byte[] implicitPrimitive(int tagNumber, byte[] content) { return tagged(0x80 | tagNumber, content); }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        var out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long v = Long.parseLong(arcs[i]);
            int groups = 1;
            for (long t = v >> 7; t > 0; t >>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >> (7 * g)) & 0x7F);
                out.write(g > 0 ? b | 0x80 : b);
            }
        }
        return tagged(0x06, out.toByteArray());
    }

    static byte[] tagged(int tag, byte[] content) {
        var out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xFFFFFF ? 4 : len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
