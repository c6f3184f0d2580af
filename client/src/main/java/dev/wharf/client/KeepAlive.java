package dev.wharf.client;

import dev.wharf.protocol.Reply;
import dev.wharf.protocol.ReplyCode;
import java.io.IOException;

/**
 * NOOPs on the control connection during a long transfer, so that NAT devices and firewalls do not
 * drop it as idle. The server may answer them before or after the transfer's final reply, so that
 * reply is read together with theirs.
 */
final class KeepAlive {
    private final ControlConnection control;
    private final long intervalNanos;
    private long last = System.nanoTime();
    private int pending;

    KeepAlive(ControlConnection control, long intervalNanos) {
        this.control = control;
        this.intervalNanos = intervalNanos;
    }

    /** Called after each chunk of data: sends a NOOP when the control connection was quiet long enough. */
    void tick() throws IOException {
        if (intervalNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - last >= intervalNanos) {
            control.send("NOOP", "");
            pending++;
            last = now;
        }
    }

    int pending() {
        return pending;
    }

    /**
     * Reads the transfer's final reply and the replies to every NOOP sent. A NOOP gets 200 (RFC 959
     * 5.4), or a 50x from servers that cannot take commands during a transfer (Pure-FTPd answers
     * 500); the transfer's reply is the first that is neither.
     */
    Reply readFinalReply() throws IOException {
        var replies = new java.util.ArrayList<Reply>();
        for (int i = 0; i <= pending; i++) {
            Reply r = control.read();
            replies.add(r);
            if (r.code() == ReplyCode.SERVICE_NOT_AVAILABLE) {
                break; // 421: the server is closing; nothing more will come
            }
        }
        pending = 0;
        for (Reply r : replies) {
            if (!isNoopReply(r.code())) {
                return r;
            }
        }
        for (int i = replies.size() - 1; i >= 0; i--) {
            if (replies.get(i).code() != ReplyCode.COMMAND_OK) {
                return replies.get(i);
            }
        }
        return replies.get(replies.size() - 1);
    }

    private static boolean isNoopReply(int code) {
        return code == ReplyCode.COMMAND_OK || ReplyCodeSets.NOOP_REFUSALS_DURING_TRANSFER.contains(code);
    }

    /**
     * After ABOR: sends a NOOP and reads until its 200 (and those of earlier NOOPs) arrived, so that
     * however many replies the server gave the aborted transfer (426 then 226, or just one), the
     * control connection is back in step.
     */
    void resynchronize() throws IOException {
        control.send("NOOP", "");
        int awaited = pending + 1;
        while (awaited > 0) {
            Reply r = control.read();
            if (r.code() == ReplyCode.COMMAND_OK) {
                awaited--;
            } else if (r.code() == ReplyCode.SERVICE_NOT_AVAILABLE) {
                throw new FtpsReplyException("ABOR", r);
            }
        }
        pending = 0;
    }
}
