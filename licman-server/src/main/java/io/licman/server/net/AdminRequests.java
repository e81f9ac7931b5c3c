package io.licman.server.net;

import io.licman.core.license.Version;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DiagReply;
import io.licman.core.protocol.v1.DiagRequest;
import io.licman.core.protocol.v1.NamedUsersReply;
import io.licman.core.protocol.v1.NamedUsersRequest;
import io.licman.core.protocol.v1.FeatureStatus;
import io.licman.core.protocol.v1.LeaseInfo;
import io.licman.core.protocol.v1.PoolStatus;
import io.licman.core.protocol.v1.QueueEntry;
import io.licman.core.protocol.v1.RemoveReply;
import io.licman.core.protocol.v1.RemoveRequest;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ShutdownReply;
import io.licman.core.protocol.v1.StatusReply;
import io.licman.core.protocol.v1.StatusRequest;
import io.licman.server.ServerContext;
import io.licman.server.ledger.CheckoutRequest;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.Diagnosis;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.ledger.LeaseStatus;
import io.licman.server.ledger.QueueEntryStatus;
import io.licman.server.session.Session;
import io.licman.server.session.WireMapping;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The administrator's requests on a binary session: status, remove, reload, shutdown, diag and named users. */
final class AdminRequests {

    /** Status replies stop listing leases past this many, and say so; a filter narrows them. */
    static final int MAX_LISTED = 20_000;

    private final ServerContext server;

    AdminRequests(ServerContext server) {
        this.server = server;
    }

    CompletableFuture<ServerFrame> handle(long id, ClientFrame frame, Session session) {
        CompletableFuture<ServerFrame.Builder> reply = switch (frame.getBodyCase()) {
            case STATUS_REQUEST -> status(frame.getStatusRequest());
            case REMOVE_REQUEST -> remove(frame.getRemoveRequest());
            case RELOAD_REQUEST -> server.reload().thenApply(r -> ServerFrame.newBuilder().setReloadReply(r));
            case SHUTDOWN_REQUEST -> CompletableFuture.completedFuture(ServerFrame.newBuilder().setShutdownReply(ShutdownReply.newBuilder()
                    .setSessionsNotified(server.shutdown(frame.getShutdownRequest().getReason(), frame.getShutdownRequest().getReconnectAfterMs()))));
            case DIAG_REQUEST -> diag(frame.getDiagRequest(), session);
            case NAMED_USERS_REQUEST -> namedUsers(frame.getNamedUsersRequest());
            default -> throw new IllegalArgumentException(frame.getBodyCase().toString());
        };
        return reply.thenApply(b -> b.setRequestId(id).build());
    }

    private CompletableFuture<ServerFrame.Builder> status(StatusRequest request) {
        return server.ledger().read(ledger -> statusReply(ledger, request)).thenApply(r -> ServerFrame.newBuilder().setStatusReply(r));
    }

    private StatusReply statusReply(Ledger ledger, StatusRequest request) {
        StatusReply.Builder reply = StatusReply.newBuilder().setServerId(server.serverId()).setServerVersion(server.version())
                .setServerTimeEpochMs(server.ledger().now());
        for (io.licman.server.ledger.FeatureStatus f : ledger.features()) {
            if (!matches(request.getVendor(), f.vendor()) || !matches(request.getFeature(), f.feature())) {
                continue;
            }
            FeatureStatus.Builder fb = FeatureStatus.newBuilder().setVendor(f.vendor()).setName(f.feature());
            f.pools().stream().map(p -> p.version().toString()).distinct().forEach(fb::addVersions);
            for (io.licman.server.ledger.PoolStatus p : f.pools()) {
                fb.addPools(PoolStatus.newBuilder().setVersion(p.version().toString()).setTotal(p.count()).setUncounted(p.uncounted())
                        .setUsed(p.used()).setOverdraftAllowed(p.overdraft()).setOverdraftUsed(p.overdraftInUse())
                        .setExpiresEpochMs(p.validUntil() == Long.MAX_VALUE ? 0 : p.validUntil())
                        .setSerial(p.blocks().isEmpty() ? "" : p.blocks().get(0).serial().orElse("")));
            }
            reply.addFeatures(fb);
        }
        if (!request.getSummaryOnly()) {
            int listed = 0;
            for (LeaseStatus l : ledger.leases()) {
                if (!matches(request.getVendor(), l.vendor()) || !matches(request.getFeature(), l.feature())) {
                    continue;
                }
                if (++listed > MAX_LISTED) {
                    reply.setTruncated(true);
                    break;
                }
                ClientIdentity c = l.client();
                reply.addLeases(LeaseInfo.newBuilder().setLeaseId(l.lease().value()).setVendor(l.vendor()).setFeature(l.feature())
                        .setVersion(l.version().toString()).setUser(c.user()).setHost(c.host()).setDisplay(c.display())
                        .setSinceEpochMs(l.since()).setExpiresAtEpochMs(l.deadline()).setBorrowedUntilEpochMs(l.borrowedUntil())
                        .setCount(l.count()).setIp(c.ip()).setProject(c.project()));
            }
            for (QueueEntryStatus q : ledger.queue()) {
                CheckoutRequest r = q.request();
                if (!matches(request.getVendor(), r.vendor()) || !matches(request.getFeature(), r.feature())) {
                    continue;
                }
                reply.addQueue(QueueEntry.newBuilder().setTicketId(q.ticket().value()).setVendor(r.vendor()).setFeature(r.feature())
                        .setUser(r.client().user()).setHost(r.client().host()).setCount(r.count()).setPosition(q.position())
                        .setSinceEpochMs(q.since()));
            }
        }
        return reply.build();
    }

    private static boolean matches(String filter, String value) {
        return filter.isEmpty() || filter.equals(value);
    }

    private CompletableFuture<ServerFrame.Builder> remove(RemoveRequest request) {
        LedgerCommand.RemoveScope scope;
        String value;
        switch (request.getTargetCase()) {
            case LEASE_ID -> {
                scope = LedgerCommand.RemoveScope.LEASE;
                value = new io.licman.server.ledger.LeaseId(request.getLeaseId()).toString();
            }
            case USER -> {
                scope = LedgerCommand.RemoveScope.USER;
                value = request.getUser();
            }
            case HOST -> {
                scope = LedgerCommand.RemoveScope.HOST;
                value = request.getHost();
            }
            default -> {
                return CompletableFuture.completedFuture(errorFrame("name a lease id, a user or a host to remove"));
            }
        }
        String feature = request.getFeature().isEmpty() ? null : request.getFeature();
        CompletableFuture<LedgerResult> result;
        try {
            result = server.remove(scope, value, feature);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(errorFrame(e.getMessage()));
        }
        return result.thenApply(r -> ServerFrame.newBuilder().setRemoveReply(RemoveReply.newBuilder()
                .setRemoved(r instanceof LedgerResult.RemovedLeases removed ? removed.leases().size() : 0)));
    }

    private CompletableFuture<ServerFrame.Builder> diag(DiagRequest request, Session session) {
        ClientIdentity who = session.identity();
        if (request.hasAsClient()) {
            if (!session.isAdmin()) {
                return CompletableFuture.completedFuture(errorFrame("diagnosing for another client needs an admin token"));
            }
            var c = request.getAsClient();
            who = new ClientIdentity(c.getUser(), c.getHost(), c.getDisplay(), c.getIp(), c.getProject(), c.getProcessId(), who.clientId());
        }
        var c = request.getCheckout();
        CheckoutRequest checkout = new CheckoutRequest(c.getVendor(), c.getFeature(),
                c.getMinVersion().isEmpty() ? Version.parse("0") : Version.parse(c.getMinVersion()), Math.max(1, c.getCount()), who,
                List.of(), c.getQueue(), Duration.ofSeconds(c.getBorrowSeconds()));
        long now = server.ledger().now();
        return server.ledger().read(ledger -> ledger.diagnose(checkout, now)).thenApply(d -> {
            DiagReply.Builder reply = DiagReply.newBuilder().setWouldGrant(d.verdict() == Diagnosis.Verdict.GRANT)
                    .setWouldQueue(d.verdict() == Diagnosis.Verdict.QUEUE).addExplanation(d.summary()).addAllExplanation(d.steps());
            if (d.reason() != null) {
                reply.setReason(WireMapping.reason(d.reason()));
            }
            return ServerFrame.newBuilder().setDiagReply(reply);
        });
    }

    /**
     * Unassigns, then assigns, then lists the users of a named-user feature. Each change is one
     * ledger command; the first refused change stops the request with its reason (the changes
     * before it stay, and the reply's message says so).
     */
    private CompletableFuture<ServerFrame.Builder> namedUsers(NamedUsersRequest request) {
        List<java.util.function.LongFunction<LedgerCommand>> changes = new java.util.ArrayList<>();
        try {
            for (String user : request.getUnassignList()) {
                new LedgerCommand.UnassignUser(0, request.getVendor(), request.getFeature(), user);
                changes.add(now -> new LedgerCommand.UnassignUser(now, request.getVendor(), request.getFeature(), user));
            }
            for (String user : request.getAssignList()) {
                new LedgerCommand.AssignUser(0, request.getVendor(), request.getFeature(), user);
                changes.add(now -> new LedgerCommand.AssignUser(now, request.getVendor(), request.getFeature(), user));
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(errorFrame(e.getMessage()));
        }
        CompletableFuture<String> refused = CompletableFuture.completedFuture(null);
        for (java.util.function.LongFunction<LedgerCommand> change : changes) {
            refused = refused.thenCompose(problem -> problem != null ? CompletableFuture.completedFuture(problem)
                    : server.ledger().submit(change).thenApply(applied -> applied.result() instanceof LedgerResult.Denied d ? d.message() : null));
        }
        return refused.thenCompose(problem -> problem != null
                ? CompletableFuture.completedFuture(errorFrame(problem))
                : server.ledger().read(ledger -> ledger.features().stream()
                        .filter(f -> f.vendor().equals(request.getVendor()) && f.feature().equals(request.getFeature())).findFirst())
                        .thenApply(feature -> feature.isEmpty()
                                ? errorFrame("no feature " + request.getVendor() + "/" + request.getFeature() + " is served here")
                                : ServerFrame.newBuilder().setNamedUsersReply(NamedUsersReply.newBuilder()
                                        .addAllUsers(feature.get().namedUsers().stream().sorted().toList()))));
    }

    private static ServerFrame.Builder errorFrame(String message) {
        return ServerFrame.newBuilder().setError(io.licman.core.protocol.v1.Error.newBuilder()
                .setCode(io.licman.core.protocol.v1.ErrorCode.ERROR_CODE_INVALID_REQUEST).setMessage(message));
    }
}
