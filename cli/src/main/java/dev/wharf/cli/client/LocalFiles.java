package dev.wharf.cli.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * The local ends of transfers: streams that report progress and mark their own failures as
 * {@link LocalFileException}, so a full disk is told apart from a broken connection.
 */
final class LocalFiles {
    private LocalFiles() {}

    /**
     * Writes {@code file}, appending after {@code offset} bytes when resuming, else replacing it.
     * The file is opened at the first write, so a download the server refuses (550) leaves no
     * empty file behind; {@link Writer#finish()} creates it for an empty download.
     */
    static Writer writer(Path file, long offset, LongConsumer progress) {
        return new Writer(file, offset, progress);
    }

    /** Reads {@code file} from {@code offset}, reporting the position reached (offset included). */
    static InputStream reader(Path file, long offset, LongConsumer progress) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new Reader(in, file, offset, progress);
    }

    static final class Writer extends OutputStream {
        private final Path file;
        private final long offset;
        private final LongConsumer progress;
        private OutputStream out;
        private long position;

        private Writer(Path file, long offset, LongConsumer progress) {
            this.file = file;
            this.offset = offset;
            this.progress = progress;
            this.position = offset;
        }

        private OutputStream out() throws IOException {
            if (out == null) {
                try {
                    out = offset > 0 ? Files.newOutputStream(file, StandardOpenOption.APPEND) : Files.newOutputStream(file);
                } catch (IOException e) {
                    throw new LocalFileException("cannot write " + file + ": " + describe(e), e);
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
            } catch (LocalFileException e) {
                throw e;
            } catch (IOException e) {
                throw new LocalFileException("cannot write " + file + ": " + describe(e), e);
            }
            position += len;
            progress.accept(position);
        }

        /** Makes sure the file exists (an empty download writes nothing). */
        void finish() throws IOException {
            out();
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new LocalFileException("cannot write " + file + ": " + describe(e), e);
                }
            }
        }
    }

    private static final class Reader extends FilterInputStream {
        private final Path file;
        private final LongConsumer progress;
        private long position;

        Reader(InputStream in, Path file, long offset, LongConsumer progress) {
            super(in);
            this.file = file;
            this.progress = progress;
            this.position = offset;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new LocalFileException("cannot read " + file + ": " + describe(e), e);
            }
            if (n > 0) {
                position += n;
                progress.accept(position);
            }
            return n;
        }
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
