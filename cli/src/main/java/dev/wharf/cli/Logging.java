package dev.wharf.cli;

import java.util.Arrays;

/** slf4j-simple reads its settings from system properties, once, before the first logger exists. */
final class Logging {
    private Logging() {}

    static void configure(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        boolean client = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
                .map(Main.CLIENT_COMMANDS::contains).orElse(false);
        // A server logs what it does; a client command prints its own results and only needs the
        // library's warnings (a renewed session, a server that skipped close_notify).
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : client ? "warn" : "info");
        // The client commands announce a certificate trusted on first use themselves, more fully.
        setDefault("org.slf4j.simpleLogger.log.dev.wharf.client.KnownHostsTrustManager", verbose ? "debug" : "error");
        // The users database's pool and migrations: their news of every start says nothing to act on,
        // and a pool's connection line may quote the database URL.
        setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", verbose ? "debug" : "warn");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", verbose ? "debug" : "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
