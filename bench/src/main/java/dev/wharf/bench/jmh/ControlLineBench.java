package dev.wharf.bench.jmh;

import dev.wharf.protocol.CommandLine;
import dev.wharf.protocol.ControlLineReader;
import dev.wharf.protocol.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading and parsing command lines, and encoding replies: the per-command cost of a session. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ControlLineBench {
    private final byte[] session = ("USER alice\r\nPASS secret\r\nPBSZ 0\r\nPROT P\r\nTYPE I\r\n"
            + "EPSV\r\nRETR some/folder/with a long name/file.bin\r\nMLSD /a/b/c\r\nNOOP\r\nQUIT\r\n")
            .getBytes(StandardCharsets.UTF_8);
    private final Reply reply = Reply.of(229, "Entering Extended Passive Mode (|||50123|)");

    /** Ten commands read and parsed per call. */
    @Benchmark
    public int readAndParseTenCommands() throws IOException {
        var reader = new ControlLineReader(new ByteArrayInputStream(session), 4096);
        int n = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            n += CommandLine.parse(line).verb().length();
        }
        return n;
    }

    @Benchmark
    public byte[] encodeReply() {
        return reply.encodeBytes();
    }
}
