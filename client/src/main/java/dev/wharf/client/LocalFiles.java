package dev.wharf.client;

import dev.wharf.protocol.Failures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local ends of file transfers: streams whose failures are {@link LocalFileException}s, so that
 * a full disk is told apart from a broken connection.
 */
final class LocalFiles {
    private LocalFiles() {}

    /**
     * Writes {@code file}, appending when resuming after {@code offset} bytes, else replacing it. The
     * file is opened at the first write, so a download the server refuses (550) neither leaves an
     * empty file behind nor empties an existing one; {@link Writer#finish()} creates it for an empty
     * download.
     */
    static Writer writer(Path file, long offset) {
        return new Writer(file, offset);
    }

    /** Reads {@code file} from {@code offset}. */
    static InputStream reader(Path file, long offset) throws LocalFileException {
        try {
            InputStream in = Files.newInputStream(file);
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return new Reader(in, file);
        } catch (IOException e) {
            throw cannot("read", file, e);
        }
    }

    static LocalFileException cannot(String what, Path file, IOException e) {
        return e instanceof LocalFileException l ? l
                : new LocalFileException("cannot " + what + " " + file + ": " + Failures.describe(e), e);
    }

    static final class Writer extends OutputStream {
        private final Path file;
        private final long offset;
        private OutputStream out;

        private Writer(Path file, long offset) {
            this.file = file;
            this.offset = offset;
        }

        private OutputStream out() throws LocalFileException {
            if (out == null) {
                try {
                    out = offset > 0 ? Files.newOutputStream(file, StandardOpenOption.APPEND) : Files.newOutputStream(file);
                } catch (IOException e) {
                    throw cannot("write", file, e);
                }
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out().write(b, off, len);
            } catch (IOException e) {
                throw cannot("write", file, e);
            }
        }

        /** Makes sure the file exists (an empty download writes nothing). */
        void finish() throws LocalFileException {
            out();
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw cannot("write", file, e);
                }
            }
        }
    }

    private static final class Reader extends FilterInputStream {
        private final Path file;

        Reader(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw cannot("read", file, e);
            }
        }
    }
}
