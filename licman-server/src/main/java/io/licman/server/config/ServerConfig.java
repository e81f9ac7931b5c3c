package io.licman.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a licman server is started with. Immutable; build it with {@link #builder()}, from
 * a config file ({@link ConfigFile}) and command-line flags. Reference: {@code docs/server.md}.
 */
public final class ServerConfig {

    /** The IANA port of os-licman, for TCP and UDP. */
    public static final int DEFAULT_PORT = 1384;

    private final List<Path> licenseFiles;
    private final Path trustDirectory;
    private final Path optionsFile;
    private final Path dataDirectory;
    private final String bindAddress;
    private final int port;
    private final boolean udpEnabled;
    private final String serverId;
    private final Duration defaultLeaseTtl;
    private final boolean watchFiles;
    private final Duration watchInterval;
    private final int maxFrameBytes;
    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final Duration handshakeTimeout;
    private final boolean httpAnonymousRead;
    private final boolean reportLog;
    private final int reportRetentionDays;
    private final boolean reportHideUsers;
    private final io.licman.server.tls.TlsSettings tls;
    private final io.licman.server.limits.LimitSettings limits;
    private final Duration clockTolerance;
    private final ReplicationConfig replication;

    private ServerConfig(Builder b) {
        this.licenseFiles = List.copyOf(b.licenseFiles);
        this.trustDirectory = Objects.requireNonNull(b.trustDirectory, "trust directory");
        this.optionsFile = b.optionsFile;
        this.dataDirectory = Objects.requireNonNull(b.dataDirectory, "data directory");
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.udpEnabled = b.udpEnabled;
        this.serverId = b.serverId;
        this.defaultLeaseTtl = b.defaultLeaseTtl;
        this.watchFiles = b.watchFiles;
        this.watchInterval = b.watchInterval;
        this.maxFrameBytes = b.maxFrameBytes;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.handshakeTimeout = b.handshakeTimeout;
        this.httpAnonymousRead = b.httpAnonymousRead;
        this.reportLog = b.reportLog;
        this.reportRetentionDays = b.reportRetentionDays;
        this.reportHideUsers = b.reportHideUsers;
        this.tls = b.tls;
        this.limits = b.limits;
        this.clockTolerance = b.clockTolerance;
        this.replication = b.replication;
        tls.problem().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (licenseFiles.isEmpty()) {
            throw new IllegalArgumentException("no license file: give at least one with --license FILE (or 'license = FILE' in the config file)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.licenseFiles = new ArrayList<>(licenseFiles);
        b.trustDirectory = trustDirectory;
        b.optionsFile = optionsFile;
        b.dataDirectory = dataDirectory;
        b.bindAddress = bindAddress;
        b.port = port;
        b.udpEnabled = udpEnabled;
        b.serverId = serverId;
        b.defaultLeaseTtl = defaultLeaseTtl;
        b.watchFiles = watchFiles;
        b.watchInterval = watchInterval;
        b.maxFrameBytes = maxFrameBytes;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.handshakeTimeout = handshakeTimeout;
        b.httpAnonymousRead = httpAnonymousRead;
        b.reportLog = reportLog;
        b.reportRetentionDays = reportRetentionDays;
        b.reportHideUsers = reportHideUsers;
        b.tls = tls;
        b.limits = limits;
        b.clockTolerance = clockTolerance;
        b.replication = replication;
        return b;
    }

    public List<Path> licenseFiles() {
        return licenseFiles;
    }

    public Path trustDirectory() {
        return trustDirectory;
    }

    public Optional<Path> optionsFile() {
        return Optional.ofNullable(optionsFile);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The address to listen on; {@code 0.0.0.0} (all IPv4) by default, {@code ::} for all. */
    public String bindAddress() {
        return bindAddress;
    }

    /** TCP and UDP port; 0 picks a free port (tests). */
    public int port() {
        return port;
    }

    public boolean udpEnabled() {
        return udpEnabled;
    }

    /** The server's name in status and discovery; the host name when not set. */
    public Optional<String> serverId() {
        return Optional.ofNullable(serverId);
    }

    /** How long a lease lives without a heartbeat, unless the options file says otherwise. */
    public Duration defaultLeaseTtl() {
        return defaultLeaseTtl;
    }

    /** Whether changed license and options files are reloaded automatically. */
    public boolean watchFiles() {
        return watchFiles;
    }

    public Duration watchInterval() {
        return watchInterval;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /** A connection must finish its handshake (preamble and Hello, or an HTTP request) within this. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Whether the HTTP API's read endpoints answer without a token (as a viewer); off by default. */
    public boolean httpAnonymousRead() {
        return httpAnonymousRead;
    }

    /** Whether ledger events are written to the report log in the data directory; on by default. */
    public boolean reportLog() {
        return reportLog;
    }

    /** Days of report log kept; older day files are deleted. */
    public int reportRetentionDays() {
        return reportRetentionDays;
    }

    /** Whether the report log replaces user, host, display and IP with keyed hashes ({@code HIDE_USER}). */
    public boolean reportHideUsers() {
        return reportHideUsers;
    }

    /** Where the ledger is kept: in memory, on local disk (the default) or replicated in a cluster. */
    public ReplicationConfig replication() {
        return replication;
    }

    /** TLS on port 1384: certificate, plaintext refusal, client certificates ({@code docs/security.md}). */
    public io.licman.server.tls.TlsSettings tls() {
        return tls;
    }

    /** Limits on sessions, request rates and HTTP requests ({@code docs/server.md}, Limits). */
    public io.licman.server.limits.LimitSettings limits() {
        return limits;
    }

    /** How far the system clock may go back before licenses that expire are held ({@code docs/security.md}). */
    public Duration clockTolerance() {
        return clockTolerance;
    }

    /** Builds a {@link ServerConfig}; setters check their values at once. */
    public static final class Builder {
        private List<Path> licenseFiles = new ArrayList<>();
        private Path trustDirectory;
        private Path optionsFile;
        private Path dataDirectory;
        private String bindAddress = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private boolean udpEnabled = true;
        private String serverId;
        private Duration defaultLeaseTtl = Duration.ofSeconds(120);
        private boolean watchFiles = true;
        private Duration watchInterval = Duration.ofSeconds(2);
        private int maxFrameBytes = 1 << 20;
        private int maxConnections = 20_000;
        private int maxConnectionsPerAddress = 2_000;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private boolean httpAnonymousRead;
        private boolean reportLog = true;
        private int reportRetentionDays = 400;
        private boolean reportHideUsers;
        private io.licman.server.tls.TlsSettings tls = io.licman.server.tls.TlsSettings.defaults();
        private io.licman.server.limits.LimitSettings limits = io.licman.server.limits.LimitSettings.defaults();
        private Duration clockTolerance = io.licman.server.clock.ClockGuard.DEFAULT_TOLERANCE;
        private ReplicationConfig replication = ReplicationConfig.standalone();

        private Builder() {
        }

        public Builder licenseFiles(List<Path> files) {
            this.licenseFiles = new ArrayList<>(files);
            return this;
        }

        public Builder addLicenseFile(Path file) {
            this.licenseFiles.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        public Builder trustDirectory(Path dir) {
            this.trustDirectory = Objects.requireNonNull(dir, "trust directory");
            return this;
        }

        public Builder optionsFile(Path file) {
            this.optionsFile = file;
            return this;
        }

        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Objects.requireNonNull(dir, "data directory");
            return this;
        }

        /** Sets the data directory unless one is set already (by a config file, for example). */
        public Builder defaultDataDirectory(Path dir) {
            if (dataDirectory == null) {
                dataDirectory = Objects.requireNonNull(dir, "data directory");
            }
            return this;
        }

        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bind address");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        public Builder udpEnabled(boolean enabled) {
            this.udpEnabled = enabled;
            return this;
        }

        public Builder serverId(String id) {
            if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("server id '" + id + "' must be letters, digits, '.', '_' or '-', at most 64 characters");
            }
            this.serverId = id;
            return this;
        }

        public Builder defaultLeaseTtl(Duration ttl) {
            if (ttl.compareTo(Duration.ofSeconds(3)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("lease TTL " + ttl.toSeconds() + " s must be between 3 s and 1 day");
            }
            this.defaultLeaseTtl = ttl;
            return this;
        }

        public Builder watchFiles(boolean watch) {
            this.watchFiles = watch;
            return this;
        }

        public Builder watchInterval(Duration interval) {
            this.watchInterval = Objects.requireNonNull(interval, "watch interval");
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1024 || bytes > 16 << 20) {
                throw new IllegalArgumentException("max frame size " + bytes + " must be between 1 KiB and 16 MiB");
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder maxConnections(int max) {
            this.maxConnections = requirePositive(max, "max connections");
            return this;
        }

        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = requirePositive(max, "max connections per address");
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "handshake timeout");
            return this;
        }

        public Builder httpAnonymousRead(boolean allowed) {
            this.httpAnonymousRead = allowed;
            return this;
        }

        public Builder reportLog(boolean enabled) {
            this.reportLog = enabled;
            return this;
        }

        public Builder reportRetentionDays(int days) {
            if (days < 1 || days > 36_500) {
                throw new IllegalArgumentException("report retention " + days + " days must be between 1 and 36500");
            }
            this.reportRetentionDays = days;
            return this;
        }

        public Builder reportHideUsers(boolean hide) {
            this.reportHideUsers = hide;
            return this;
        }

        public Builder replication(ReplicationConfig replication) {
            this.replication = Objects.requireNonNull(replication, "replication");
            return this;
        }

        public Builder tls(io.licman.server.tls.TlsSettings tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** The TLS settings so far, to change one ({@code tls(tls().with(...))}). */
        public io.licman.server.tls.TlsSettings tls() {
            return tls;
        }

        public Builder limits(io.licman.server.limits.LimitSettings limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The limits so far, to change one ({@code limits(limits().with(...))}). */
        public io.licman.server.limits.LimitSettings limits() {
            return limits;
        }

        public Builder clockTolerance(Duration tolerance) {
            if (tolerance.compareTo(Duration.ofMinutes(5)) < 0 || tolerance.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("clock tolerance " + tolerance + " must be between 5 minutes and 30 days");
            }
            this.clockTolerance = tolerance;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static int requirePositive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, not " + value);
            }
            return value;
        }
    }
}
