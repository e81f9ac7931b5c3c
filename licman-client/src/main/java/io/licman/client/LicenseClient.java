package io.licman.client;

import io.licman.client.internal.ClientConfig;
import io.licman.client.internal.ClientEngine;
import io.licman.client.internal.ServerList;
import io.licman.core.crypto.KeyFileException;
import io.licman.core.crypto.VendorPublicKey;
import io.licman.core.hostid.HostId;
import io.licman.core.hostid.HostIds;
import io.licman.core.protocol.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import javax.net.SocketFactory;

/**
 * Checks out seats from licman license servers. Build one per application and share it: it is
 * thread-safe, holds one connection, renews every lease in the background and reconnects by
 * itself.
 *
 * <pre>{@code
 * try (LicenseClient client = LicenseClient.builder().servers("1384@lic1,1384@lic2").vendorKey(Path.of("acme.pub")).build();
 *      Lease lease = client.checkout("cad-pro", "2.0")) {
 *     // licensed work
 * }
 * }</pre>
 *
 * <p>Servers come from {@link Builder#servers(String)}, else from the environment variable
 * {@code LICMAN_SERVER} ({@code port@host[,port@host...]}), else from UDP {@link Discovery}.
 * Nothing connects until the first checkout. {@link #close()} checks in every lease and stops
 * the SDK's threads.
 */
public final class LicenseClient implements AutoCloseable {

    private final Builder settings;
    private final ClientConfig config;
    private final ClientEngine engine;

    private LicenseClient(Builder settings, ClientConfig config) {
        this.settings = settings;
        this.config = config;
        this.engine = new ClientEngine(config);
    }

    /** Starts a configuration; {@link Builder#vendorKey(Path)} is the one required setting. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this client's settings, to build a differently configured client. */
    public Builder newBuilder() {
        return new Builder(settings);
    }

    /**
     * Checks out one seat of {@code feature} at version {@code minVersion} or newer (empty: any),
     * without waiting in a queue. Blocks until the server answers, at most the connect timeout
     * plus the request timeout.
     *
     * @throws LicenseDeniedException the server refused (all seats in use, no such feature, ...)
     * @throws LicenseServerUnavailableException no server could be reached
     * @throws LicenseVerificationException the grant's license block is not signed by the vendor's key
     * @throws LicenseProtocolException the server reported an error or broke the protocol
     * @throws IllegalStateException the client is closed
     */
    public Lease checkout(String feature, String minVersion) throws LicenseException {
        return checkout(CheckoutRequest.of(feature, minVersion));
    }

    /**
     * Checks out as {@code request} says. With {@link CheckoutRequest.Builder#waitInQueue} it
     * blocks until a seat is granted or the wait is over ({@link DenialReason#QUEUE_TIMEOUT}).
     * An interrupted caller gets a {@link java.util.concurrent.CancellationException}, and a
     * seat granted afterwards is returned to the server.
     */
    public Lease checkout(CheckoutRequest request) throws LicenseException {
        Objects.requireNonNull(request, "request");
        return engine.checkout(request);
    }

    /**
     * {@link #checkout(String, String)} on an SDK thread. The future fails with the same
     * {@link LicenseException}s; cancelling it returns a seat granted later.
     */
    public CompletableFuture<Lease> checkoutAsync(String feature, String minVersion) {
        return checkoutAsync(CheckoutRequest.of(feature, minVersion));
    }

    /** {@link #checkout(CheckoutRequest)} on an SDK thread. */
    public CompletableFuture<Lease> checkoutAsync(CheckoutRequest request) {
        Objects.requireNonNull(request, "request");
        return engine.checkoutAsync(request);
    }

    /** The leases held now (not closed, not gone for good), valid or temporarily lost. */
    public List<Lease> leases() {
        return engine.leases();
    }

    /** The vendor whose features this client checks out, from its vendor key. */
    public String vendor() {
        return config.vendor();
    }

    /** The configured servers, in order; empty when they are found by discovery. */
    public List<Endpoint> servers() {
        return config.servers();
    }

    /**
     * Checks in every lease, leaves every queue (waiting at most about two seconds for the
     * server's answers), closes the connection and stops the SDK's threads. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /** The engine, for tests in this package. */
    ClientEngine engine() {
        return engine;
    }

    /**
     * The configuration of a {@link LicenseClient}. Each setter checks its value at once and
     * throws {@link IllegalArgumentException} saying what is expected.
     */
    public static final class Builder {

        static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

        private List<Endpoint> servers;
        private String serversText;
        private List<VendorPublicKey> vendorKeys = new ArrayList<>();
        private String user;
        private String host;
        private String display;
        private String project;
        private List<HostId> hostIds;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private LeaseListener listener = LeaseListener.NONE;
        private SocketFactory socketFactory = SocketFactory.getDefault();
        private boolean socketFactorySet;
        private ClientTls tls;
        private ClientTls.Builder tlsParts;
        private Discovery discovery;
        private Map<String, String> environment;
        private LongSupplier ticker = System::nanoTime;
        private Duration reconnectMin = Duration.ofMillis(100);
        private Duration reconnectMax = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(2);

        private Builder() {
        }

        private Builder(Builder other) {
            servers = other.servers;
            serversText = other.serversText;
            vendorKeys = new ArrayList<>(other.vendorKeys);
            user = other.user;
            host = other.host;
            display = other.display;
            project = other.project;
            hostIds = other.hostIds;
            connectTimeout = other.connectTimeout;
            requestTimeout = other.requestTimeout;
            listener = other.listener;
            socketFactory = other.socketFactory;
            socketFactorySet = other.socketFactorySet;
            tls = other.tls;
            tlsParts = other.tlsParts;
            discovery = other.discovery;
            environment = other.environment;
            ticker = other.ticker;
            reconnectMin = other.reconnectMin;
            reconnectMax = other.reconnectMax;
            closeTimeout = other.closeTimeout;
        }

        /**
         * The servers, in the order to try: {@code port@host} entries ({@code @host} for port
         * 1384, {@code port@[ipv6]}) separated by commas, or by colons as in FlexLM's
         * {@code LM_LICENSE_FILE}. Overrides {@code LICMAN_SERVER}.
         */
        public Builder servers(String portAtHostList) {
            Objects.requireNonNull(portAtHostList, "portAtHostList");
            this.servers = ServerList.parse(portAtHostList, "servers(\"" + portAtHostList + "\")");
            this.serversText = portAtHostList;
            return this;
        }

        /** The servers, in the order to try. Overrides {@code LICMAN_SERVER}. */
        public Builder servers(List<Endpoint> servers) {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("servers(...) needs at least one server; leave it unset to use "
                        + ServerList.ENV + " or discovery");
            }
            this.servers = List.copyOf(servers);
            this.serversText = null;
            return this;
        }

        /**
         * The vendor's public key file ({@code .pub}, made by {@code licman keygen}), usually
         * shipped inside the application. It names the vendor whose features are checked out,
         * and every grant's license block must verify with it. Call it again to trust another key
         * of the same vendor (key rotation): blocks signed by any of the keys are accepted.
         *
         * @throws IllegalArgumentException when the file cannot be read or is not a public key
         */
        public Builder vendorKey(Path pubFile) {
            Objects.requireNonNull(pubFile, "pubFile");
            try {
                return vendorKey(VendorPublicKey.read(pubFile));
            } catch (KeyFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /** The vendor's public key as the text of its {@code .pub} file (for a key embedded as a resource). */
        public Builder vendorKey(String pubFileText) {
            Objects.requireNonNull(pubFileText, "pubFileText");
            try {
                return vendorKey(VendorPublicKey.parse(pubFileText, Path.of("vendorKey(text)")));
            } catch (KeyFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /**
         * Adds a trusted public key of the vendor; all keys must belong to one vendor.
         *
         * @throws IllegalArgumentException when the key belongs to another vendor than the keys given before
         */
        public Builder vendorKey(VendorPublicKey key) {
            Objects.requireNonNull(key, "key");
            if (!vendorKeys.isEmpty() && !vendorKeys.get(0).vendor().equals(key.vendor())) {
                throw new IllegalArgumentException("key " + key.keyId() + " belongs to vendor '" + key.vendor() + "', but this client "
                        + "checks out features of vendor '" + vendorKeys.get(0).vendor() + "'; use one LicenseClient per vendor");
            }
            if (vendorKeys.stream().noneMatch(k -> k.keyId().equals(key.keyId()))) {
                vendorKeys.add(key);
            }
            return this;
        }

        /** The user name the server sees; default: the {@code user.name} system property. */
        public Builder user(String user) {
            this.user = text("user", user, false);
            return this;
        }

        /** The host name the server sees; default: this machine's host name. */
        public Builder host(String host) {
            this.host = text("host", host, false);
            return this;
        }

        /** The terminal or X display the server sees; default: the {@code DISPLAY} variable. */
        public Builder display(String display) {
            this.display = text("display", display, true);
            return this;
        }

        /** The project, for the site's policy and reports; default: {@code LICMAN_PROJECT}, else {@code LM_PROJECT}. */
        public Builder project(String project) {
            this.project = text("project", project, true);
            return this;
        }

        /** This machine's host ids, for node-locked licenses; default: {@link HostIds#ofThisMachine()}. */
        public Builder hostIds(List<HostId> hostIds) {
            this.hostIds = List.copyOf(hostIds);
            return this;
        }

        /** How long to wait for one server to accept a connection and answer Hello; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = duration("connectTimeout", timeout, Duration.ofMillis(1), MAX_TIMEOUT);
            return this;
        }

        /** How long to wait for the answer to one request; default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = duration("requestTimeout", timeout, Duration.ofMillis(1), MAX_TIMEOUT);
            return this;
        }

        /** Hears about lost, regained and revoked leases and server changes. */
        public Builder listener(LeaseListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Makes the TCP sockets; default {@link SocketFactory#getDefault()}. */
        public Builder socketFactory(SocketFactory socketFactory) {
            this.socketFactory = Objects.requireNonNull(socketFactory, "socketFactory");
            this.socketFactorySet = true;
            return this;
        }

        /**
         * Speaks TLS to the servers, checking their certificates as {@code tls} says (a pin or
         * trusted authorities, and optionally a client certificate). See {@link ClientTls}.
         */
        public Builder tls(ClientTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            this.tlsParts = null;
            return this;
        }

        /**
         * Speaks TLS and accepts only the server certificate with this SHA-256 fingerprint
         * ({@code sha256:} and 64 hex digits, as {@code licman tls fingerprint} prints it). The way
         * to trust a server's generated, self-signed certificate.
         */
        public Builder tlsPin(String sha256Pin) {
            this.tlsParts = ClientTls.builder().pin(sha256Pin);
            this.tls = null;
            return this;
        }

        /**
         * Speaks TLS and trusts the certificate authorities of {@code trustStore}; the server's
         * host name must match its certificate.
         */
        public Builder trustStore(java.security.KeyStore trustStore) {
            this.tlsParts = ClientTls.builder().trustStore(trustStore);
            this.tls = null;
            return this;
        }

        /**
         * How to find servers when none are configured; default: the standard targets, asking for
         * the vendor key's vendor, waiting up to 1 s.
         */
        public Builder discovery(Discovery discovery) {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            return this;
        }

        /** The environment to read {@code LICMAN_SERVER}, {@code DISPLAY} and the project from; for tests. */
        Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The monotonic clock (nanoseconds, like {@link System#nanoTime()}) that times lease deadlines; for tests. */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The first and the longest delay between reconnect attempts; for tests. */
        Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = duration("reconnect delay", min, Duration.ofMillis(1), MAX_TIMEOUT);
            this.reconnectMax = duration("reconnect delay", max, min, MAX_TIMEOUT);
            return this;
        }

        /**
         * Checks the configuration and makes the client; does not connect yet.
         *
         * @throws IllegalStateException when no vendor key is set
         * @throws IllegalArgumentException when {@code LICMAN_SERVER} is malformed
         */
        public LicenseClient build() {
            if (vendorKeys.isEmpty()) {
                throw new IllegalStateException("a vendor key is required: call vendorKey(Path.of(\"vendor.pub\")) with "
                        + "the vendor's public key file");
            }
            Map<String, String> env = environment != null ? environment : System.getenv();
            List<Endpoint> resolved = servers;
            String source = serversText != null ? "servers(\"" + serversText + "\")" : "servers(" + servers + ")";
            if (resolved == null) {
                resolved = ServerList.fromEnvironment(env);
                source = resolved.isEmpty() ? "UDP discovery" : ServerList.ENV + "=" + env.get(ServerList.ENV);
            }
            Discovery finder = discovery != null ? discovery : Discovery.builder().vendor(vendorKeys.get(0).vendor()).build();
            ClientTls secure = tls != null ? tls : tlsParts != null ? tlsParts.build() : null;
            if (secure != null && socketFactorySet) {
                throw new IllegalStateException("give either socketFactory(...) or TLS settings (tls, tlsPin, trustStore), not both");
            }
            SocketFactory sockets = secure != null ? secure.socketFactory() : socketFactory;
            ClientConfig config = new ClientConfig(resolved, source, finder, vendorKeys,
                    user != null ? user : System.getProperty("user.name", "unknown"),
                    host != null ? host : localHostName(env),
                    display != null ? display : env.getOrDefault("DISPLAY", ""),
                    project != null ? project : env.getOrDefault("LICMAN_PROJECT", env.getOrDefault("LM_PROJECT", "")),
                    hostIds != null ? hostIds : HostIds.ofThisMachine(),
                    connectTimeout, requestTimeout, listener, sockets, ticker, reconnectMin, reconnectMax,
                    closeTimeout);
            return new LicenseClient(new Builder(this), config);
        }

        private static String localHostName(Map<String, String> env) {
            String name = env.getOrDefault("HOSTNAME", env.getOrDefault("COMPUTERNAME", ""));
            if (!name.isBlank()) {
                return name;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }

        private static String text(String what, String value, boolean mayBeEmpty) {
            Objects.requireNonNull(value, what);
            if (!mayBeEmpty && value.isBlank() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(what + " must be " + (mayBeEmpty ? "" : "non-empty ")
                        + "text of at most 256 characters without control characters, not '" + value + "'");
            }
            return value;
        }

        private static Duration duration(String what, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, what);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(what + " must be between " + min.toMillis() + " ms and "
                        + max.toMinutes() + " min, not " + value.toMillis() + " ms");
            }
            return value;
        }
    }
}
