package dev.wharf.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads whole replies, single- or multi-line (RFC 959 4.2), from a control connection. */
public final class ReplyReader {
    private final ControlLineReader lines;

    public ReplyReader(ControlLineReader lines) {
        this.lines = lines;
    }

    public ControlLineReader lineReader() {
        return lines;
    }

    /** Reads the next complete reply. Throws {@link EOFException} if the connection ends first. */
    public Reply read() throws IOException {
        String first = lines.readLine();
        if (first == null) {
            throw new EOFException("the server closed the control connection");
        }
        int code = codeOf(first);
        if (code < 0) {
            throw new ProtocolException("not an FTP reply: " + abbreviate(first));
        }
        List<String> text = new ArrayList<>();
        text.add(first.length() > 4 ? first.substring(4) : "");
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            while (true) {
                String next = lines.readLine();
                if (next == null) {
                    throw new EOFException("the server closed the control connection inside a multi-line reply");
                }
                if (next.startsWith(end) || next.equals(end.trim())) {
                    text.add(next.length() > 4 ? next.substring(4) : "");
                    break;
                }
                text.add(next);
            }
        }
        return new Reply(code, text);
    }

    private static int codeOf(String line) {
        if (line.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') { // not Character.isDigit: parseInt would take non-ASCII digits too
                return -1;
            }
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
            return -1;
        }
        int code = Integer.parseInt(line.substring(0, 3));
        return code >= 100 && code <= 599 ? code : -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
