package dev.wharf.cli.config;

/** A configuration problem, worded for the person who has to fix it. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
