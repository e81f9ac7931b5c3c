package io.licman.server;

import io.licman.core.protocol.v1.ReloadReply;
import io.licman.server.engine.LedgerGateway;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.session.SessionRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What a session needs from the server around it. */
public interface ServerContext {

    LedgerGateway ledger();

    SessionRegistry sessions();

    /** This server's name in status and discovery. */
    String serverId();

    /** The licman version. */
    String version();

    /** The lease TTL clients are told to heartbeat for (one third of it between heartbeats). */
    Duration leaseTtl();

    /** True when {@code token} is a valid admin token (compared in constant time). */
    boolean isAdminToken(String token);

    /** The largest frame this server accepts. */
    int maxFrameBytes();

    /** Re-reads license and options files; keeps the old ones when the new ones have errors. */
    CompletableFuture<ReloadReply> reload();

    /** True once the server began to stop: connections closing now are not clean client closes. */
    boolean isStopping();

    /** Stops the server after telling every client; returns how many sessions were told. */
    int shutdown(String reason, int reconnectAfterMillis);

    /** The limits on sessions, request rates and HTTP, with their rate-limited log. */
    default io.licman.server.limits.ServerLimits limits() {
        return io.licman.server.limits.ServerLimits.DEFAULTS;
    }

    /** TLS on the port, when offered. */
    default java.util.Optional<io.licman.server.tls.ServerTls> tls() {
        return java.util.Optional.empty();
    }

    /**
     * Why a checkout of this feature is held because the system clock was set back (the feature
     * has licenses that expire), or empty when it may go ahead.
     */
    default java.util.Optional<String> clockHold(String vendor, String feature) {
        return java.util.Optional.empty();
    }

    /** A new handler that times requests on one binary connection (metrics), or null. */
    default io.netty.channel.ChannelHandler newRequestTimer() {
        return null;
    }

    /**
     * Takes seats back as an administrator ({@code licman remove}, the HTTP API, the dashboard);
     * the holders are told through their sessions.
     *
     * @param feature only leases of this feature, or null for all
     * @return {@link LedgerResult.RemovedLeases}, or {@link LedgerResult.Denied} for an unknown lease
     * @throws IllegalArgumentException for a malformed lease id or feature name
     */
    default CompletableFuture<LedgerResult> remove(LedgerCommand.RemoveScope scope, String value, String feature) {
        new LedgerCommand.Remove(0, scope, value, feature);
        return ledger().submit(now -> new LedgerCommand.Remove(now, scope, value, feature)).thenApply(Applied::result);
    }
}
