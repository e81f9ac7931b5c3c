package io.licman.server;

import io.licman.core.hostid.HostId;
import io.licman.core.hostid.HostIds;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.Protocol;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.licman.core.protocol.v1.FeatureAvailability;
import io.licman.core.protocol.v1.FileProblem;
import io.licman.core.protocol.v1.FileReport;
import io.licman.core.protocol.v1.ReloadReply;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.server.auth.TokenStore;
import io.licman.server.config.ConfigException;
import io.licman.server.config.DataDirectory;
import io.licman.server.config.ServerConfig;
import io.licman.server.engine.LedgerGateway;
import io.licman.server.http.ApiContext;
import io.licman.server.http.HttpApi;
import io.licman.server.http.RecentDenials;
import io.licman.server.ledger.FeatureStatus;
import io.licman.server.ledger.LeaseStatus;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.licenses.LicenseLoader;
import io.licman.server.licenses.LicenseSet;
import io.licman.server.metrics.ServerMetrics;
import io.licman.server.net.DiscoveryServer;
import io.licman.server.net.HttpRoutes;
import io.licman.server.net.TcpServer;
import io.licman.server.policy.OptionsFileParser;
import io.licman.server.policy.ParsedOptions;
import io.licman.server.policy.Policy;
import io.licman.server.replication.Leadership;
import io.licman.server.replication.Replication;
import io.licman.server.report.ReportLog;
import io.licman.server.report.UsageHistory;
import io.licman.server.session.SessionRegistry;
import io.licman.server.session.UnclaimedLeases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A licman server: loads the licenses and the site policy, serves the binary protocol and HTTP
 * on one TCP port and discovery on the same UDP port, expires leases that stop being renewed, and
 * reloads changed files without dropping anyone.
 *
 * <pre>{@code
 * try (LicmanServer server = LicmanServer.start(config)) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 */
public final class LicmanServer implements ServerContext, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LicmanServer.class);

    private final ServerConfig config;
    private final Clock clock;
    private final DataDirectory data;
    private final TokenStore tokens;
    private final List<HostId> hostIds;
    private final String serverId;
    private final SessionRegistry sessions = new SessionRegistry();
    private final UnclaimedLeases unclaimed = new UnclaimedLeases();
    private final ServerMetrics metrics = new ServerMetrics();
    private final ScheduledExecutorService housekeeping;
    private final LedgerGateway ledger;
    private final FileWatcher watcher;
    private final Object reloadLock = new Object();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile List<FeatureStatus> seatSummary = List.of();
    private volatile Served served;
    private volatile boolean wasServing;
    private final Instant startedAt;
    private final io.licman.server.limits.ServerLimits limits;
    private final io.licman.server.clock.ClockGuard clockGuard;
    private volatile java.util.Optional<io.licman.server.tls.ServerTls> tls = java.util.Optional.empty();
    private final ReportLog reportLog;
    private final UsageHistory history;
    private final HttpApi httpApi;
    private final java.util.concurrent.ExecutorService blockingWork;
    private TcpServer tcp;
    private DiscoveryServer udp;
    private InetSocketAddress tcpAddress;
    private InetSocketAddress udpAddress;

    private LicmanServer(ServerConfig config, Clock clock) throws ConfigException, IOException {
        this.config = config;
        this.clock = clock;
        this.data = DataDirectory.open(config.dataDirectory());
        this.tokens = TokenStore.open(data.root(), data.adminToken());
        this.startedAt = clock.instant();
        this.limits = new io.licman.server.limits.ServerLimits(config.limits());
        this.clockGuard = io.licman.server.clock.ClockGuard.open(data.root(), clock, config.clockTolerance());
        this.hostIds = HostIds.ofThisMachine();
        this.serverId = config.serverId().orElseGet(LicmanServer::hostName);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "licman-housekeeping");
            t.setDaemon(true);
            return t;
        });
        this.ledger = Replication.open(config, clock, data.root());
        this.ledger.addListener(sessions);
        this.ledger.addListener(metrics);
        this.watcher = new FileWatcher(watchedFiles(config));
        this.blockingWork = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "licman-http-work");
            t.setDaemon(true);
            return t;
        });
        this.reportLog = config.reportLog() ? ReportLog.start(data.root(), clock, config.reportRetentionDays(), config.reportHideUsers(),
                ReportLog.DEFAULT_QUEUE_CAPACITY, "licman " + version() + " server " + serverId) : null;
        if (reportLog != null) {
            ledger.addListener(reportLog);
            metrics.reportLog(reportLog::written, reportLog::dropped, reportLog::queued);
        }
        this.history = reportLog == null ? null : new UsageHistory(reportLog);
        this.httpApi = new HttpApi(new Api());
        httpApi.listeners().forEach(ledger::addListener);
    }

    /**
     * Starts a server: loads licenses and options (a bad options file stops the start; bad
     * license blocks are reported and the good ones served), then opens the ports.
     *
     * @throws ConfigException when the server cannot start, with a message saying why
     */
    public static LicmanServer start(ServerConfig config) throws ConfigException {
        return start(config, Clock.systemUTC());
    }

    /** {@link #start(ServerConfig)} with an injected clock, for tests. */
    public static LicmanServer start(ServerConfig config, Clock clock) throws ConfigException {
        LicmanServer server;
        try {
            server = new LicmanServer(config, clock);
        } catch (IOException e) {
            throw new ConfigException(config.dataDirectory() + ": " + e.getMessage());
        }
        try {
            server.open();
            return server;
        } catch (ConfigException e) {
            server.close();
            throw e;
        } catch (Exception e) {
            server.close();
            throw new ConfigException("cannot start: " + e.getMessage());
        }
    }

    private void open() throws ConfigException, InterruptedException, IOException {
        Policy policy = loadPolicy().orThrow(problems -> new ConfigException("the options file has errors; fix them and start again:\n  "
                + String.join("\n  ", problems)));
        LicenseSet licenses = new LicenseLoader(config.licenseFiles(), config.trustDirectory(), hostIds).load(clock.instant());
        licenses.errorLines().forEach(line -> LOG.warn("license problem: {}", line));
        served = new Served(licenses, policy);
        if (ledger instanceof Leadership leadership) {
            leadership.onPromotion(now -> new LedgerCommand.Reload(now, served.licenses().authentic(), served.policy(), hostIds));
            leadership.addRoleListener(this::roleChanged);
        }
        if (role() == ServerRole.SERVER_ROLE_STANDALONE) {
            applyReload(licenses, policy).join();
        }
        tls = io.licman.server.tls.ServerTls.open(config.tls(), data.root(), serverId);
        try {
            seatSummary = ledger.read(Ledger::features).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("no seat summary yet: {}", e.toString());
        }
        tcp = new TcpServer(this, new Routes(), config.maxConnections(), config.maxConnectionsPerAddress(), config.handshakeTimeout());
        tcpAddress = tcp.start(config.bindAddress(), config.port());
        if (config.udpEnabled()) {
            udp = new DiscoveryServer(this::discoveryReply, config.limits().udpRepliesPerSecond());
            udpAddress = udp.start(config.bindAddress(), tcpAddress.getPort());
        }
        data.writePort(tcpAddress.getPort());
        metrics.gauges(() -> seatSummary.stream().mapToInt(FeatureStatus::usedSeats).sum(), tcp::openConnections, sessions::size);
        housekeeping.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(this::refreshSeats, 0, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(this::checkClock, 1, 1, TimeUnit.SECONDS);
        long unclaimedEvery = Math.max(1_000, config.defaultLeaseTtl().toMillis() / 4);
        housekeeping.scheduleWithFixedDelay(this::releaseUnclaimed, unclaimedEvery, unclaimedEvery, TimeUnit.MILLISECONDS);
        if (config.watchFiles()) {
            long interval = config.watchInterval().toMillis();
            housekeeping.scheduleWithFixedDelay(this::reloadIfChanged, interval, interval, TimeUnit.MILLISECONDS);
        }
        LOG.info("licman {} server '{}' ready on port {}: {} feature blocks from {} file(s)", version(), serverId, tcpAddress.getPort(),
                licenses.authentic().size(), config.licenseFiles().size());
    }

    /** This server's role: standalone, or leader or follower of a cluster. */
    private ServerRole role() {
        return ledger instanceof Leadership l ? l.role() : ServerRole.SERVER_ROLE_STANDALONE;
    }

    /** A cluster member that stopped serving sends its sessions to the leader (or back to their server lists). */
    private void roleChanged() {
        Leadership leadership = (Leadership) ledger;
        boolean serving = leadership.isServing();
        if (wasServing && !serving && !stopped.get()) {
            var push = io.licman.core.protocol.v1.ServerFrame.newBuilder().setRedirectPush(
                    io.licman.core.protocol.v1.RedirectPush.newBuilder().addAllLeaderEndpoints(leadership.leaderEndpoints())).build();
            sessions.sessions().forEach(s -> s.send(push));
        }
        wasServing = serving;
    }

    private void expire() {
        ledger.submit(LedgerCommand.Expire::new).exceptionally(e -> null);
    }

    /** Takes back seats granted to clients that never learned of them ({@link UnclaimedLeases}). */
    private void releaseUnclaimed() {
        if (ledger instanceof Leadership l && !l.isServing()) {
            unclaimed.clear();
            return;
        }
        try {
            List<LeaseStatus> leases = ledger.read(Ledger::leases).get(10, TimeUnit.SECONDS);
            for (LeaseStatus lease : unclaimed.due(leases, sessions, ledger.now(), config.defaultLeaseTtl().toMillis())) {
                if (!sessions.isUnclaimed(lease.lease(), lease.client().clientId())) {
                    continue; // resumed since the read
                }
                LOG.info("taking back lease {} of {} from {}@{}: its client reconnected without it for {} s (a grant whose answer was lost)",
                        lease.lease(), lease.feature(), lease.client().user(), lease.client().host(), config.defaultLeaseTtl().toSeconds());
                ledger.submit(now -> new LedgerCommand.Remove(now, LedgerCommand.RemoveScope.LEASE, lease.lease().toString(), null))
                        .exceptionally(e -> null);
            }
        } catch (Exception e) {
            LOG.debug("unclaimed leases not checked: {}", e.toString());
        }
    }

    private void checkClock() {
        try {
            clockGuard.tick();
        } catch (RuntimeException e) {
            LOG.warn("clock check failed: {}", e.toString());
        }
    }

    private void refreshSeats() {
        ledger.read(Ledger::features).thenAccept(features -> {
            seatSummary = features;
            metrics.seats(features);
            if (reportLog != null) {
                reportLog.capacity(features, ledger.now());
            }
        }).exceptionally(e -> null);
    }

    /** The outcome of reading the options file: a policy, or every problem in it. */
    private Either loadPolicy() {
        if (config.optionsFile().isEmpty()) {
            return Either.ok(Policy.EMPTY);
        }
        ParsedOptions parsed = OptionsFileParser.read(config.optionsFile().get());
        return parsed.toPolicy().map(Either::ok)
                .orElseGet(() -> Either.failed(parsed.problems().stream().map(Object::toString).toList()));
    }

    private CompletableFuture<LedgerResult> applyReload(LicenseSet licenses, Policy policy) {
        return ledger.submit(now -> new LedgerCommand.Reload(now, licenses.authentic(), policy, hostIds)).thenApply(applied -> {
            if (applied.result() instanceof LedgerResult.Reloaded r) {
                r.warnings().forEach(w -> LOG.warn("policy: {}", w));
            }
            return applied.result();
        });
    }

    @Override
    public CompletableFuture<ReloadReply> reload() {
        return CompletableFuture.supplyAsync(this::reloadNow, housekeeping);
    }

    private void reloadIfChanged() {
        if (watcher.changed()) {
            LOG.info("license or options files changed; reloading");
            ReloadReply reply;
            try {
                reply = reloadNow();
            } catch (java.util.concurrent.CompletionException e) {
                LOG.info("the changed files will be served when this server leads: {}", e.getCause().getMessage());
                return;
            }
            if (!reply.getApplied()) {
                LOG.warn("the changed files have errors; the previous licenses and options keep serving");
            }
        }
    }

    /** Re-reads everything; applies it only when nothing has an error, so a bad edit never stops service. */
    private ReloadReply reloadNow() {
        synchronized (reloadLock) {
            watcher.changed();
            ReloadReply.Builder reply = ReloadReply.newBuilder();
            Either policy = loadPolicy();
            LicenseSet licenses = new LicenseLoader(config.licenseFiles(), config.trustDirectory(), hostIds).load(clock.instant());
            config.optionsFile().ifPresent(file -> reply.addFiles(report(file.toString(), policy.problems())));
            for (var file : config.licenseFiles()) {
                List<String> problems = licenses.errorLines().stream().filter(l -> l.startsWith(file.toString())).toList();
                reply.addFiles(report(file.toString(), problems));
            }
            reply.setFeaturesLoaded(licenses.authentic().size());
            if (policy.policy() == null || licenses.hasErrors()) {
                reply.setApplied(false);
                licenses.errorLines().forEach(line -> LOG.warn("reload refused: {}", line));
                policy.problems().forEach(line -> LOG.warn("reload refused: {}", line));
                return reply.build();
            }
            served = new Served(licenses, policy.policy());
            applyReload(licenses, policy.policy()).join();
            LOG.info("reloaded: {} feature blocks", licenses.authentic().size());
            return reply.setApplied(true).build();
        }
    }

    private static FileReport report(String file, List<String> problems) {
        FileReport.Builder b = FileReport.newBuilder().setPath(file);
        problems.forEach(p -> b.addProblems(FileProblem.newBuilder().setMessage(p)));
        return b.build();
    }

    private DiscoveryReply discoveryReply(DiscoveryRequest request) {
        DiscoveryReply.Builder reply = DiscoveryReply.newBuilder().setNonce(request.getNonce()).setServerId(serverId)
                .setMajorVersion(Protocol.MAJOR_VERSION).setRole(role())
                .addEndpoints(new Endpoint(tcpAddress.getPort(), advertisedHost()).toString());
        seatSummary.stream().map(FeatureStatus::vendor).distinct().sorted().forEach(reply::addVendors);
        for (FeatureStatus f : seatSummary) {
            if ((request.getVendor().isEmpty() || request.getVendor().equals(f.vendor()))
                    && (request.getFeature().isEmpty() || request.getFeature().equals(f.feature()))) {
                boolean uncounted = f.pools().stream().anyMatch(p -> p.uncounted());
                reply.addFeatures(FeatureAvailability.newBuilder().setVendor(f.vendor()).setName(f.feature()).setUncounted(uncounted)
                        .setTotal(f.totalSeats()).setFree(Math.max(0, f.totalSeats() - f.usedSeats())));
            }
        }
        return reply.build();
    }

    private String advertisedHost() {
        InetAddress address = tcpAddress.getAddress();
        return address.isAnyLocalAddress() ? hostName() : address.getHostAddress();
    }

    @Override
    public int shutdown(String reason, int reconnectAfterMillis) {
        int told = sessions.announceShutdown(reason.isEmpty() ? "the server is shutting down" : reason, reconnectAfterMillis);
        housekeeping.schedule(this::close, 200, TimeUnit.MILLISECONDS);
        return told;
    }

    /** Blocks until the server has stopped. */
    public void awaitShutdown() {
        terminated.join();
    }

    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        housekeeping.shutdownNow();
        clockGuard.persist();
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
        ledger.close();
        httpApi.close();
        blockingWork.shutdownNow();
        if (reportLog != null) {
            reportLog.close();
        }
        metrics.close();
        terminated.complete(null);
        LOG.info("server '{}' stopped", serverId);
    }

    /** True once {@link #close()} began: connections closing now are not clean client closes. */
    @Override
    public boolean isStopping() {
        return stopped.get();
    }

    /** The TCP address the server listens on. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /** The UDP discovery address, or null when UDP is off. */
    public InetSocketAddress udpAddress() {
        return udpAddress;
    }

    public DataDirectory dataDirectory() {
        return data;
    }

    @Override
    public LedgerGateway ledger() {
        return ledger;
    }

    @Override
    public SessionRegistry sessions() {
        return sessions;
    }

    @Override
    public String serverId() {
        return serverId;
    }

    @Override
    public String version() {
        String v = LicmanServer.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public Duration leaseTtl() {
        return config.defaultLeaseTtl();
    }

    /** Admin tokens of the token store (the {@code admin.token} one included), as for the HTTP API's admin role. */
    @Override
    public boolean isAdminToken(String token) {
        return tokens.isAdmin(token);
    }

    @Override
    public io.netty.channel.ChannelHandler newRequestTimer() {
        return metrics.newRequestTimer();
    }

    @Override
    public io.licman.server.limits.ServerLimits limits() {
        return limits;
    }

    @Override
    public java.util.Optional<io.licman.server.tls.ServerTls> tls() {
        return tls;
    }

    /** The guard against a clock set back. */
    public io.licman.server.clock.ClockGuard clockGuard() {
        return clockGuard;
    }

    /** Holds checkouts of features with licenses that expire while the clock is set back. */
    @Override
    public java.util.Optional<String> clockHold(String vendor, String feature) {
        if (!clockGuard.isSetBack()) {
            return java.util.Optional.empty();
        }
        boolean expires = seatSummary.stream().filter(f -> f.vendor().equals(vendor) && f.feature().equals(feature))
                .flatMap(f -> f.pools().stream()).anyMatch(p -> !p.orphaned() && p.validUntil() != Long.MAX_VALUE);
        return expires ? clockGuard.refusal() : java.util.Optional.empty();
    }

    /** The HTTP API's tokens. */
    public TokenStore tokens() {
        return tokens;
    }

    /** The HTTP API and dashboard. */
    public HttpApi httpApi() {
        return httpApi;
    }

    @Override
    public int maxFrameBytes() {
        return config.maxFrameBytes();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "licman";
        }
    }

    private static List<java.nio.file.Path> watchedFiles(ServerConfig config) {
        List<java.nio.file.Path> files = new ArrayList<>(config.licenseFiles());
        config.optionsFile().ifPresent(files::add);
        return files;
    }

    /** HTTP answers: health and metrics. */
    private final class Routes implements HttpRoutes {
        @Override
        public HealthReport health() {
            boolean up = !stopped.get();
            return new HealthReport(up, "{\"status\":\"" + (up ? "ok" : "stopping") + "\",\"server\":\"" + serverId
                    + "\",\"version\":\"" + version() + "\",\"role\":\"" + role().name().substring("SERVER_ROLE_".length()).toLowerCase(java.util.Locale.ROOT)
                    + "\",\"sessions\":" + sessions.size()
                    + ",\"time\":\"" + Instant.ofEpochMilli(ledger.now()) + "\"}");
        }

        @Override
        public String metrics() {
            return metrics.scrape();
        }

        @Override
        public io.netty.channel.ChannelHandler apiHandler() {
            return httpApi.newHandler();
        }
    }

    /** What the HTTP API sees of this server. */
    private final class Api implements ApiContext {
        private final RecentDenials denials = new RecentDenials();

        @Override
        public ServerContext server() {
            return LicmanServer.this;
        }

        @Override
        public TokenStore tokens() {
            return tokens;
        }

        @Override
        public boolean anonymousRead() {
            return config.httpAnonymousRead();
        }

        @Override
        public java.util.Optional<ReportLog> reportLog() {
            return java.util.Optional.ofNullable(reportLog);
        }

        @Override
        public java.util.Optional<UsageHistory> history() {
            return java.util.Optional.ofNullable(history);
        }

        @Override
        public RecentDenials denials() {
            return denials;
        }

        @Override
        public java.nio.file.Path dataDirectory() {
            return data.root();
        }

        @Override
        public List<java.nio.file.Path> licenseFiles() {
            return config.licenseFiles();
        }

        @Override
        public java.util.Optional<java.nio.file.Path> optionsFile() {
            return config.optionsFile();
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public int connections() {
            return tcp == null ? 0 : tcp.openConnections();
        }

        @Override
        public java.util.concurrent.Executor blockingWork() {
            return blockingWork;
        }
    }

    /** The licenses and policy this server serves, which it reloads when it becomes the leader. */
    private record Served(LicenseSet licenses, Policy policy) {
    }

    /** A policy or the problems that prevented it. */
    private record Either(Policy policy, List<String> problems) {
        static Either ok(Policy policy) {
            return new Either(policy, List.of());
        }

        static Either failed(List<String> problems) {
            return new Either(null, problems);
        }

        Policy orThrow(java.util.function.Function<List<String>, ConfigException> error) throws ConfigException {
            if (policy == null) {
                throw error.apply(problems);
            }
            return policy;
        }
    }
}
