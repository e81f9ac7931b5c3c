package io.licman.server.config;

/** A configuration problem; the message names the file, line and setting, and what to do. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
