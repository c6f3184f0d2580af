package dev.wharf.protocol;

import java.io.IOException;

/** The peer sent something that is not valid FTP. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
