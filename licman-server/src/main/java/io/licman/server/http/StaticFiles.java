package io.licman.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The dashboard's files, read once from the server jar: its own HTML, CSS and JavaScript, and the
 * uPlot chart library from its WebJar. Nothing is fetched from the network, at build time or in
 * the browser.
 */
final class StaticFiles {

    private static final String OWN = "/io/licman/server/dashboard/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    /** A file to serve. */
    record File(String contentType, byte[] body, String etag) {
    }

    private final Map<String, File> files = new HashMap<>();

    StaticFiles() {
        own("/", "index.html");
        own("/index.html", "index.html");
        own("/assets/app.js", "app.js");
        own("/assets/app.css", "app.css");
        own("/assets/favicon.svg", "favicon.svg");
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        add("/assets/uplot.js", uplot + "uPlot.iife.min.js");
        add("/assets/uplot.css", uplot + "uPlot.min.css");
    }

    Optional<File> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    private void own(String path, String name) {
        add(path, OWN + name);
    }

    private void add(String path, String resource) {
        byte[] body = read(resource);
        files.put(path, new File(contentType(resource), body, "\"" + sha256(body) + "\""));
    }

    private static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = StaticFiles.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
