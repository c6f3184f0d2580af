package dev.wharf.audit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What SLF4J logged during a step, still shown as well: slf4j-simple writes to the standard error of
 * the moment, so the step runs with a standard error that copies what it gets.
 */
final class CapturedLog {
    private CapturedLog() {}

    interface Step {
        void run() throws Exception;
    }

    static synchronized String during(Step step) throws Exception {
        PrintStream saved = System.err;
        var captured = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                saved.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                saved.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            step.run();
        } finally {
            System.setErr(saved);
        }
        synchronized (both) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }
}
