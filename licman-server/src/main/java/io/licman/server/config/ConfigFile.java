package io.licman.server.config;

import io.licman.core.license.DurationText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code licman.conf}: one {@code key = value} per line, {@code #} comments, relative paths
 * resolved against the file's directory, {@code license} repeatable. Keys are the long names of
 * the {@code licman server} flags, so everything in the file can also be given as a flag.
 */
public final class ConfigFile {

    /** Keys the file accepts. */
    public static final List<String> KEYS = List.of("license", "trust", "options", "data", "port", "bind", "udp", "server-id",
            "lease-ttl", "watch", "max-frame-bytes", "max-connections", "max-connections-per-address", "handshake-timeout",
            "tls", "tls-cert", "tls-key", "tls-required", "tls-client-auth", "tls-client-ca", "idle-timeout",
            "max-leases-per-session", "max-queued-per-session", "max-pending-requests", "max-checkouts-per-second",
            "max-auth-failures-per-minute", "http-max-header-bytes", "http-max-body-bytes", "http-request-timeout",
            "http-idle-timeout", "udp-replies-per-second", "checkout-rate-on-loopback", "clock-tolerance",
            "http-anonymous-read", "report-log", "report-retention-days", "report-hide-users",
            "replication", "peer-id", "peer", "cluster-name");

    private ConfigFile() {
    }

    /**
     * Applies the settings of {@code file} to {@code builder}.
     *
     * @throws ConfigException naming the file, line and key of the first problem
     */
    public static void apply(Path file, ServerConfig.Builder builder) throws ConfigException {
        List<String> lines;
        try {
            if (Files.size(file) > 1 << 20) {
                throw new ConfigException(file + ": larger than 1 MiB; is this a licman config file?");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        List<Path> licenses = new ArrayList<>();
        Replication replication = new Replication();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            String where = file + ":" + (i + 1);
            if (eq <= 0) {
                throw new ConfigException(where + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw new ConfigException(where + ": '" + key + "' has no value");
            }
            try {
                switch (key) {
                    case "license" -> licenses.add(base.resolve(value));
                    case "trust" -> builder.trustDirectory(base.resolve(value));
                    case "options" -> builder.optionsFile(base.resolve(value));
                    case "data" -> builder.dataDirectory(base.resolve(value));
                    case "port" -> builder.port(integer(value));
                    case "bind" -> builder.bindAddress(value);
                    case "udp" -> builder.udpEnabled(bool(value));
                    case "server-id" -> builder.serverId(value);
                    case "lease-ttl" -> builder.defaultLeaseTtl(DurationText.parse(value));
                    case "watch" -> builder.watchFiles(bool(value));
                    case "max-frame-bytes" -> builder.maxFrameBytes(integer(value));
                    case "max-connections" -> builder.maxConnections(integer(value));
                    case "max-connections-per-address" -> builder.maxConnectionsPerAddress(integer(value));
                    case "handshake-timeout" -> builder.handshakeTimeout(DurationText.parse(value));
                    case "http-anonymous-read" -> builder.httpAnonymousRead(bool(value));
                    case "report-log" -> builder.reportLog(bool(value));
                    case "report-retention-days" -> builder.reportRetentionDays(integer(value));
                    case "report-hide-users" -> builder.reportHideUsers(bool(value));
                    case "tls", "tls-cert", "tls-key", "tls-required", "tls-client-auth", "tls-client-ca" ->
                            builder.tls(builder.tls().with(key, value, base));
                    case "idle-timeout", "max-leases-per-session", "max-queued-per-session", "max-pending-requests",
                         "max-checkouts-per-second", "max-auth-failures-per-minute", "http-max-header-bytes", "http-max-body-bytes",
                         "http-request-timeout", "http-idle-timeout", "udp-replies-per-second", "checkout-rate-on-loopback" ->
                            builder.limits(builder.limits().with(key, value));
                    case "clock-tolerance" -> builder.clockTolerance(DurationText.parse(value));
                    case "replication", "peer-id", "peer", "cluster-name" -> replication.set(key, value, where);
                    default -> throw new IllegalArgumentException("unknown key; the keys are " + String.join(", ", KEYS));
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": '" + key + "': " + e.getMessage());
            }
        }
        if (!licenses.isEmpty()) {
            builder.licenseFiles(licenses);
        }
        replication.applyTo(file, builder);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static int integer(String value) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        return Integer.parseInt(value);
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not yes or no");
        };
    }

    /** The replication lines, combined once the whole file is read. */
    private static final class Replication {
        private String mode;
        private String peerId;
        private String clusterName;
        private final List<ReplicationConfig.Peer> peers = new ArrayList<>();
        private String firstLine;

        void set(String key, String value, String where) {
            firstLine = firstLine == null ? where : firstLine;
            switch (key) {
                case "replication" -> mode = value;
                case "peer-id" -> peerId = value;
                case "cluster-name" -> clusterName = value;
                default -> peers.add(ReplicationConfig.Peer.parse(value));
            }
        }

        void applyTo(Path file, ServerConfig.Builder builder) throws ConfigException {
            if (firstLine == null) {
                return;
            }
            try {
                builder.replication(ReplicationConfig.of(mode, peerId, peers, clusterName));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": replication: " + e.getMessage());
            }
        }
    }
}
