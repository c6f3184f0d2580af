package com.example.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Uploads report files to a partner's FTPS server: explicit FTPS (AUTH TLS), protected data
 * connections, passive mode, binary. In production {@code tls} is {@code SSLContext.getDefault()};
 * its tests hand it the SSLContext of their test server.
 */
public final class ReportUploader {
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final SSLContext tls;

    public ReportUploader(String host, int port, String user, String password, SSLContext tls) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /** Stores {@code report} as {@code <folder>/<its name>}, making the folder if it is missing. */
    public void upload(Path report, String folder) throws IOException {
        FTPSClient ftp = new FTPSClient(false, tls);
        ftp.setEndpointCheckingEnabled(true);
        ftp.setConnectTimeout(30_000);
        ftp.setDefaultTimeout(30_000);
        try {
            ftp.connect(host, port);
            if (!ftp.login(user, password)) {
                throw new IOException("login refused: " + ftp.getReplyString().strip());
            }
            ftp.execPBSZ(0);
            ftp.execPROT("P");
            ftp.enterLocalPassiveMode();
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            if (!ftp.changeWorkingDirectory(folder) && !(ftp.makeDirectory(folder) && ftp.changeWorkingDirectory(folder))) {
                throw new IOException("cannot use folder " + folder + ": " + ftp.getReplyString().strip());
            }
            try (InputStream in = Files.newInputStream(report)) {
                if (!ftp.storeFile(report.getFileName().toString(), in)) {
                    throw new IOException("upload refused: " + ftp.getReplyString().strip());
                }
            }
            ftp.logout();
        } finally {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        }
    }
}
