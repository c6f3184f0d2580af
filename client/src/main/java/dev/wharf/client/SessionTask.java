package dev.wharf.client;

import java.io.IOException;

/** Work for one session of a parallel run, such as one transfer. */
@FunctionalInterface
public interface SessionTask {
    void run(FtpsSession session) throws IOException;
}
