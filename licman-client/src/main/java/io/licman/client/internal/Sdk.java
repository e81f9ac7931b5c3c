package io.licman.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's name and version, as sent in {@code Hello}. */
final class Sdk {

    static final String NAME = "licman-java";
    static final String VERSION = readVersion();

    private Sdk() {
    }

    private static String readVersion() {
        try (InputStream in = Sdk.class.getResourceAsStream("sdk.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
