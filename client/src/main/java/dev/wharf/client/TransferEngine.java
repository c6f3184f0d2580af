package dev.wharf.client;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs data transfers (RFC 959 3.2, RFC 4217 7): data port, REST, the command and its 1xx reply, TLS
 * on the data connection as the TLS client, the data in 64 KiB blocks with NOOP keepalives on the
 * control connection, the closure and the final reply; ABOR for a cancelled transfer; and a renewed
 * control connection when the client has run out of TLS 1.3 tickets. Failures leave the control
 * connection in step.
 */
final class TransferEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TransferEngine.class);
    /** How long to let the server end an aborted transfer before the data connection is cut. */
    private static final int ABORT_DRAIN_MILLIS = 2000;
    /** At most this long for the server's tickets and close_notify after an upload. */
    private static final int UPLOAD_DRAIN_MILLIS = 5000;

    private final FtpsClient client;
    private final Negotiation negotiation;
    private final DataPorts ports;
    private final TransferFailures failures;
    private volatile DataConnection running;
    private volatile boolean abortRequested;
    private KeepAlive keepAlive;

    TransferEngine(FtpsClient client, Negotiation negotiation) {
        this.client = client;
        this.negotiation = negotiation;
        this.ports = new DataPorts(client);
        this.failures = new TransferFailures(negotiation.state().implicit && !client.sendPbszProtOnImplicit());
    }

    /** See {@link FtpsSession#abort()}. */
    void abort() {
        if (running != null) {
            abortRequested = true;
        }
    }

    /** A download or listing from {@code offset} (REST STREAM when above 0) into {@code sink}. */
    TransferResult receive(String verb, String argument, long offset, OutputStream sink, MessageDigest digest,
                           ProgressMeter meter) throws IOException {
        return transfer(verb, argument, offset, offset, channel -> {
            InputStream in = channel.input();
            byte[] buf = new byte[DataConnection.BUFFER_SIZE];
            long total = 0;
            meter.start();
            for (int n; (n = in.read(buf)) >= 0; ) {
                try {
                    sink.write(buf, 0, n);
                } catch (IOException e) {
                    throw new LocalFailure(e);
                }
                total = afterBlock(buf, n, total, digest, meter);
            }
            channel.inputEnded();
            return total;
        });
    }

    /**
     * An upload of {@code source} to its end (STOR, APPE, STOU).
     *
     * @param reportedOffset where the remote file's new bytes start, for the result: the remote size
     *                       an APPE continues after
     */
    TransferResult send(String verb, String argument, InputStream source, MessageDigest digest, long reportedOffset,
                        ProgressMeter meter) throws IOException {
        return transfer(verb, argument, 0, reportedOffset, channel -> {
            OutputStream out = channel.output();
            byte[] buf = new byte[DataConnection.BUFFER_SIZE];
            long total = 0;
            meter.start();
            while (true) {
                int n;
                try {
                    n = source.readNBytes(buf, 0, buf.length);
                } catch (IOException e) {
                    throw new LocalFailure(e);
                }
                if (n <= 0) {
                    break;
                }
                out.write(buf, 0, n);
                total = afterBlock(buf, n, total, digest, meter);
            }
            channel.finishUpload(Math.min(FtpsClient.millis(client.dataTimeout()), UPLOAD_DRAIN_MILLIS));
            return total;
        });
    }

    /** What follows each block either way: the checksum, the count, keepalive, progress, cancellation. */
    private long afterBlock(byte[] buf, int n, long total, MessageDigest digest, ProgressMeter meter)
            throws IOException {
        if (digest != null) {
            digest.update(buf, 0, n);
        }
        long moved = total + n;
        keepAlive.tick();
        meter.moved(moved);
        stopIfAborted();
        return moved;
    }

    private void stopIfAborted() throws LocalFailure {
        if (abortRequested) {
            throw new LocalFailure(new IOException("cancelled"));
        }
    }

    /** What runs on an open data connection; returns the bytes moved. */
    @FunctionalInterface
    private interface DataWork {
        long run(DataConnection channel) throws IOException;
    }

    /** An I/O failure on the local side (the caller's stream or file), not on the data connection. */
    private static final class LocalFailure extends IOException {
        LocalFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Signals a data connection that did a full TLS handshake after earlier ones of the same control
     * session resumed: the client ran out of TLS 1.3 tickets (each is used once, and some servers,
     * like ProFTPD, issue none on upload connections), or the server forgot the session.
     */
    private static final class OutOfSessionTickets extends Exception {
        OutOfSessionTickets() {
            super(null, null, false, false);
        }
    }

    private TransferResult transfer(String verb, String argument, long restOffset, long reportedOffset, DataWork work)
            throws IOException {
        try {
            return transferOnce(verb, argument, restOffset, reportedOffset, work);
        } catch (OutOfSessionTickets e) {
            // No data has moved yet, so the transfer can simply start over on a renewed session.
            LOG.info("{}: no TLS session ticket left to resume the control session on a data connection"
                    + " (the server sends none on uploads); renewing the control connection", verb);
            negotiation.renew();
            try {
                return transferOnce(verb, argument, restOffset, reportedOffset, work);
            } catch (OutOfSessionTickets again) {
                throw TransferFailures.noResumptionAfterRenewal(verb);
            }
        }
    }

    private TransferResult transferOnce(String verb, String argument, long restOffset, long reportedOffset,
                                        DataWork work) throws IOException, OutOfSessionTickets {
        negotiation.ensureLoggedIn();
        ControlConnection control = negotiation.control();
        SessionState state = negotiation.state();
        abortRequested = false;
        String command = argument.isEmpty() ? verb : verb + " " + argument;
        DataEndpoint endpoint = ports.open(control);
        DataConnection channel;
        try {
            if (restOffset > 0) {
                Reply r = control.command("REST", Long.toString(restOffset));
                if (r.code() != ReplyCode.PENDING_FURTHER_INFORMATION) {
                    throw new FtpsReplyException("REST " + restOffset, r, "the server cannot resume at byte "
                            + restOffset + " (" + r.code() + " " + ReplyMeaning.firstLine(r) + ")");
                }
            }
            Reply first = control.command(verb, argument);
            if (first.isPositiveCompletion()) {
                return new TransferResult(0, reportedOffset, null, null); // nothing to transfer, no data connection
            }
            if (!first.isPositivePreliminary()) {
                throw failures.commandRefused(command, first);
            }
            channel = openChannel(control, state, endpoint, command);
        } finally {
            if (running == null) {
                endpoint.close(); // a passive socket that was not handed to a channel
            }
        }
        DataTls handshake = channel.tls().orElse(null);
        if (handshake != null && handshake.resumed()) {
            state.dataResumedOnThisControl = true;
        } else if (handshake != null && state.dataResumedOnThisControl) {
            running = null;
            channel.abort();
            control.read(); // the server's verdict on the abandoned connection (425/426/522)
            throw new OutOfSessionTickets();
        }
        keepAlive = new KeepAlive(control, client.keepAliveInterval().toNanos());
        running = channel;
        long bytes = 0;
        IOException dataFailure = null;
        try {
            stopIfAborted();
            bytes = work.run(channel);
        } catch (LocalFailure e) {
            cancel(channel);
            if (abortRequested) {
                throw new TransferCancelledException(command + " was cancelled");
            }
            throw (IOException) e.getCause();
        } catch (IOException e) {
            if (abortRequested) {
                cancel(channel);
                throw new TransferCancelledException(command + " was cancelled");
            }
            dataFailure = e;
        } finally {
            running = null;
        }
        channel.close();
        Reply last = keepAlive.readFinalReply();
        DataTls report = channel.tls().orElse(null);
        if (!last.isPositiveCompletion()) {
            throw failures.transferFailed(command, last, report, dataFailure);
        }
        if (dataFailure != null) {
            var failure = failures.failedDespiteConfirmation(command, last, report, dataFailure);
            if (failure.isPresent()) {
                throw failure.get();
            }
            LOG.warn("{}: the server closed the data connection without TLS close_notify; its {} reply"
                    + " confirms the transfer", command, last.code());
        }
        if (report != null && !report.resumed()) {
            LOG.debug("{}: the data connection's TLS session did not resume the control session", command);
        }
        return new TransferResult(bytes, reportedOffset, report, null);
    }

    private DataConnection openChannel(ControlConnection control, SessionState state, DataEndpoint endpoint,
                                       String command) throws IOException {
        int dataTimeout = FtpsClient.millis(client.dataTimeout());
        Socket raw;
        try {
            raw = endpoint.socket(dataTimeout);
            raw.setSoTimeout(dataTimeout);
        } catch (IOException e) {
            endpoint.close();
            Reply last = control.read(); // the server gives up on the data connection too: 425
            throw failures.noDataConnection(command, e, last);
        }
        var channel = new DataConnection(raw, client.host());
        if (state.protection == DataProtection.PRIVATE) {
            try {
                channel.startTls(state.tls, state.controlTlsSession);
            } catch (IOException e) {
                ControlConnection.closeQuietly(raw);
                throw failures.dataHandshakeFailed(command, e, control.read());
            }
        }
        running = channel;
        return channel;
    }

    /** Closes the data connection, sends ABOR and waits until the control connection is in step again. */
    private void cancel(DataConnection channel) throws IOException {
        negotiation.control().send("ABOR", "");
        channel.drainAfterAbort(ABORT_DRAIN_MILLIS);
        channel.abort();
        keepAlive.resynchronize();
    }
}
