package io.licman.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.licman.core.protocol.v1.ReloadReply;
import io.licman.server.auth.IssuedToken;
import io.licman.server.auth.Principal;
import io.licman.server.auth.Role;
import io.licman.server.auth.TokenInfo;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LeaseStatus;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.ledger.LingerStatus;
import io.licman.server.ledger.QueueEntryStatus;
import io.licman.server.policy.LogCategory;
import io.licman.server.policy.OptionsFileWriter;
import io.licman.server.report.ReportFormats;
import io.licman.server.report.UsageBuckets;
import io.licman.server.report.UsageHistory;
import io.licman.server.report.UsageReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The JSON API under {@code /api/v1}: every route with the role it needs and its handler.
 * {@link #routes()} is the list the OpenAPI document ({@code /api/v1/openapi.json}) is checked
 * against. Reference: {@code docs/rest-api.md}.
 */
public final class RestApi {

    /** Who may call a route. */
    public enum Access {
        /** Anyone, no token. */
        PUBLIC,
        /** A viewer or admin token, or nobody when anonymous reads are allowed. */
        VIEWER,
        /** An admin token. */
        ADMIN
    }

    /** A route: method, path template ({@code {name}} matches one segment), access, handler. */
    public record Route(String method, String template, Access access, Handler handler) {
        Optional<Map<String, String>> match(String[] segments) {
            String[] parts = template.substring(1).split("/");
            if (parts.length != segments.length) {
                return Optional.empty();
            }
            Map<String, String> params = new java.util.HashMap<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].startsWith("{")) {
                    if (segments[i].isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(parts[i].substring(1, parts[i].length() - 1), segments[i]);
                } else if (!parts[i].equals(segments[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    /** Handles a call; may complete exceptionally with an {@link ApiException}. */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<Reply> handle(Call call);
    }

    /** One request as a handler sees it. */
    public record Call(Principal principal, Map<String, String> path, Map<String, List<String>> query, byte[] body) {
        Optional<String> param(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0).strip());
        }

        int intParam(String name, int fallback, int min, int max) {
            Optional<String> text = param(name);
            if (text.isEmpty()) {
                return fallback;
            }
            try {
                int v = Integer.parseInt(text.get());
                if (v < min || v > max) {
                    throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("'" + name + "' must be a whole number");
            }
        }
    }

    private static final long DAY_MS = 86_400_000L;
    private static final int MAX_LEASES_LISTED = 20_000;

    /** Reports computed at once; more are told to retry, so that reports cannot queue up without bound. */
    private final java.util.concurrent.Semaphore reports = new java.util.concurrent.Semaphore(2);
    private final ApiContext context;
    private final List<Route> routes;
    private final byte[] openApi;

    public RestApi(ApiContext context) {
        this.context = context;
        this.openApi = loadOpenApi();
        this.routes = List.of(
                new Route("GET", "/api/v1/openapi.json", Access.PUBLIC, c -> done(new Reply(200, "application/json", openApi, Map.of()))),
                new Route("GET", "/api/v1/access", Access.PUBLIC, this::access),
                new Route("GET", "/api/v1/me", Access.VIEWER, this::me),
                new Route("GET", "/api/v1/status", Access.VIEWER, this::status),
                new Route("GET", "/api/v1/features", Access.VIEWER, this::features),
                new Route("GET", "/api/v1/leases", Access.VIEWER, this::leases),
                new Route("DELETE", "/api/v1/leases/{leaseId}", Access.ADMIN, this::removeLease),
                new Route("GET", "/api/v1/queue", Access.VIEWER, this::queue),
                new Route("GET", "/api/v1/denials", Access.VIEWER, this::denials),
                new Route("GET", "/api/v1/options", Access.VIEWER, this::options),
                new Route("GET", "/api/v1/history", Access.VIEWER, this::history),
                new Route("GET", "/api/v1/report", Access.VIEWER, this::report),
                new Route("GET", "/api/v1/events", Access.VIEWER, c -> done(Reply.EVENT_STREAM)),
                new Route("POST", "/api/v1/remove", Access.ADMIN, this::remove),
                new Route("POST", "/api/v1/reload", Access.ADMIN, this::reload),
                new Route("POST", "/api/v1/shutdown", Access.ADMIN, this::shutdown),
                new Route("GET", "/api/v1/tokens", Access.ADMIN, this::tokens),
                new Route("POST", "/api/v1/tokens", Access.ADMIN, this::createToken),
                new Route("DELETE", "/api/v1/tokens/{tokenId}", Access.ADMIN, this::revokeToken));
    }

    /** Every route, in the order they are matched. */
    public List<Route> routes() {
        return routes;
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = RestApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private <T> CompletableFuture<T> blocking(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, context.blockingWork());
    }

    /** What a client needs before it has a token: whether it needs one. */
    private CompletableFuture<Reply> access(Call call) {
        return done(Reply.json(Json.MAPPER.createObjectNode().put("server", context.server().serverId())
                .put("anonymousRead", context.anonymousRead())));
    }

    private CompletableFuture<Reply> me(Call call) {
        Principal p = call.principal();
        return done(Reply.json(Json.MAPPER.createObjectNode().put("tokenId", p.tokenId()).put("name", p.name()).put("role", p.role().text())
                .put("anonymous", p.isAnonymous()).put("server", context.server().serverId())));
    }

    private CompletableFuture<Reply> status(Call call) {
        var server = context.server();
        return server.ledger().read(ledger -> {
            ObjectNode node = Json.MAPPER.createObjectNode().put("server", server.serverId()).put("version", server.version())
                    .put("role", "standalone").put("status", server.isStopping() ? "stopping" : "ok")
                    .put("time", Json.time(server.ledger().now())).put("startedAt", context.startedAt().toString())
                    .put("uptimeSeconds", Math.max(0, (server.ledger().now() - context.startedAt().toEpochMilli()) / 1000))
                    .put("sessions", server.sessions().size()).put("connections", context.connections()).put("leases", ledger.leaseCount())
                    .put("features", ledger.features().size()).put("queued", ledger.queue().size())
                    .put("leaseTtlSeconds", server.leaseTtl().toSeconds()).put("anonymousRead", context.anonymousRead());
            ArrayNode files = node.putArray("licenseFiles");
            context.licenseFiles().forEach(f -> files.add(f.toString()));
            node.put("optionsFile", context.optionsFile().map(Object::toString).orElse(null));
            ObjectNode log = node.putObject("reportLog");
            log.put("enabled", context.reportLog().isPresent());
            context.reportLog().ifPresent(r -> log.put("recordsWritten", r.written()).put("recordsDropped", r.dropped())
                    .put("queued", r.queued()));
            return Reply.json(node);
        });
    }

    private CompletableFuture<Reply> features(Call call) {
        long now = context.server().ledger().now();
        String vendor = call.param("vendor").orElse(null);
        String feature = call.param("feature").orElse(null);
        return context.server().ledger().read(Ledger::features).thenApply(list -> {
            var filtered = list.stream().filter(f -> (vendor == null || vendor.equals(f.vendor())) && (feature == null
                    || feature.equals(f.feature()))).toList();
            ObjectNode node = Json.MAPPER.createObjectNode().put("time", Json.time(now));
            node.set("features", Views.features(filtered, now));
            return Reply.json(node);
        });
    }

    private CompletableFuture<Reply> leases(Call call) {
        String vendor = call.param("vendor").orElse(null);
        String feature = call.param("feature").orElse(null);
        String user = call.param("user").orElse(null);
        String host = call.param("host").orElse(null);
        int limit = call.intParam("limit", 1000, 1, MAX_LEASES_LISTED);
        return context.server().ledger().read(ledger -> new Object[] {ledger.leases(), ledger.lingering()}).thenApply(both -> {
            @SuppressWarnings("unchecked")
            List<LeaseStatus> leases = (List<LeaseStatus>) both[0];
            @SuppressWarnings("unchecked")
            List<LingerStatus> lingering = (List<LingerStatus>) both[1];
            ObjectNode node = Json.MAPPER.createObjectNode();
            ArrayNode list = node.putArray("leases");
            int matched = 0;
            for (LeaseStatus l : leases) {
                ClientIdentity c = l.client();
                if ((vendor == null || vendor.equals(l.vendor())) && (feature == null || feature.equals(l.feature()))
                        && (user == null || user.equals(c.user())) && (host == null || host.equalsIgnoreCase(c.host()))) {
                    if (++matched <= limit) {
                        list.add(Views.lease(l));
                    }
                }
            }
            node.put("total", matched).put("truncated", matched > limit);
            ArrayNode linger = node.putArray("lingering");
            for (LingerStatus l : lingering) {
                if ((vendor == null || vendor.equals(l.vendor())) && (feature == null || feature.equals(l.feature()))
                        && (user == null || user.equals(l.user()))) {
                    linger.add(Views.lingering(l));
                }
            }
            return Reply.json(node);
        });
    }

    private CompletableFuture<Reply> queue(Call call) {
        String feature = call.param("feature").orElse(null);
        return context.server().ledger().read(Ledger::queue).thenApply(queue -> {
            ObjectNode node = Json.MAPPER.createObjectNode();
            ArrayNode list = node.putArray("queue");
            for (QueueEntryStatus q : queue) {
                if (feature == null || feature.equals(q.request().feature())) {
                    list.add(Views.queued(q));
                }
            }
            return Reply.json(node);
        });
    }

    private CompletableFuture<Reply> denials(Call call) {
        int limit = call.intParam("limit", 100, 1, 500);
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode list = node.putArray("denials");
        for (LedgerEvent.Denied d : context.denials().latest(limit)) {
            list.addObject().put("at", Json.time(d.at())).put("vendor", d.vendor()).put("feature", d.feature())
                    .put("user", d.client().user()).put("host", d.client().host()).put("reason", d.reason().name())
                    .put("message", d.message());
        }
        return done(Reply.json(node));
    }

    private CompletableFuture<Reply> options(Call call) {
        return context.server().ledger().read(Ledger::policy).thenApply(policy -> {
            ObjectNode node = Json.MAPPER.createObjectNode().put("file", context.optionsFile().map(Object::toString).orElse(null))
                    .put("text", OptionsFileWriter.write(policy)).put("defaultLeaseTtlSeconds", context.server().leaseTtl().toSeconds());
            ArrayNode noLog = node.putArray("noLog");
            policy.noLog().stream().map(LogCategory::name).sorted().forEach(noLog::add);
            return Reply.json(node);
        });
    }

    private CompletableFuture<Reply> history(Call call) {
        UsageHistory history = context.history().orElseThrow(() -> new ApiException(404, "report-log-off", "Not Found",
                "the report log is switched off on this server (report-log = no), so there is no history"));
        UsageBuckets.Resolution resolution = call.param("resolution").map(r -> UsageBuckets.Resolution.parse(r)
                .orElseThrow(() -> ApiException.badRequest("'resolution' must be hour, day or month"))).orElse(UsageBuckets.Resolution.HOUR);
        long today = Math.floorDiv(context.server().ledger().now(), DAY_MS);
        int defaultDays = switch (resolution) {
            case HOUR -> 2;
            case DAY -> 60;
            case MONTH -> 365;
        };
        long to = call.param("to").map(RestApi::date).orElse(today);
        long from = call.param("from").map(RestApi::date).orElse(to - defaultDays + 1);
        if (to < from || to - from > 800) {
            throw ApiException.badRequest("'from' must not be after 'to', and the range at most 800 days");
        }
        var filter = UsageBuckets.FeatureFilter.of(call.param("feature").orElse(null));
        return blocking(() -> {
            try {
                List<UsageHistory.Series> series = history.query(resolution, from, to, filter);
                ObjectNode node = Json.MAPPER.createObjectNode().put("resolution", resolution.text())
                        .put("from", LocalDate.ofEpochDay(from).toString()).put("to", LocalDate.ofEpochDay(to).toString());
                node.set("series", Json.MAPPER.valueToTree(series));
                return Reply.json(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private CompletableFuture<Reply> report(Call call) {
        if (context.reportLog().isEmpty()) {
            throw new ApiException(404, "report-log-off", "Not Found", "the report log is switched off on this server (report-log = no)");
        }
        long now = context.server().ledger().now();
        LocalDate today = LocalDate.ofEpochDay(Math.floorDiv(now, DAY_MS));
        LocalDate to = call.param("to").map(t -> LocalDate.ofEpochDay(date(t))).orElse(today);
        LocalDate from = call.param("from").map(t -> LocalDate.ofEpochDay(date(t))).orElse(to.minusDays(6));
        if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() > 800) {
            throw ApiException.badRequest("'from' must not be after 'to', and the range at most 800 days");
        }
        ReportFormats.Format format = call.param("format").map(f -> ReportFormats.Format.parse(f)
                .orElseThrow(() -> ApiException.badRequest("'format' must be json, csv, html or table"))).orElse(ReportFormats.Format.JSON);
        int minutes = call.intParam("trueDenialMinutes", 10, 0, 1440);
        String feature = call.param("feature").orElse(null);
        if (!reports.tryAcquire()) {
            return done(Reply.problem(503, "busy", "Service Unavailable", "other reports are being made; retry in a few seconds",
                    Map.of("Retry-After", "5")));
        }
        return blocking(() -> {
            try {
                UsageReport report = UsageReport.build(context.dataDirectory(), from, to, feature, minutes, now);
                return Reply.text(format.contentType(), ReportFormats.render(report, format));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                reports.release();
            }
        });
    }

    private static long date(String text) {
        try {
            return LocalDate.parse(text).toEpochDay();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    private CompletableFuture<Reply> removeLease(Call call) {
        String id = call.path().get("leaseId");
        try {
            LeaseId.parse(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + id + "' is not a lease id: expected 16 hexadecimal digits");
        }
        return context.server().remove(LedgerCommand.RemoveScope.LEASE, id, null).thenApply(result -> {
            if (result instanceof LedgerResult.RemovedLeases r) {
                return Reply.json(Json.MAPPER.createObjectNode().put("removed", r.leases().size()));
            }
            throw ApiException.notFound("no-such-lease", "no lease " + id + ": it was returned, expired or removed");
        });
    }

    private CompletableFuture<Reply> remove(Call call) {
        JsonNode body = Json.body(call.body());
        List<String> targets = new ArrayList<>();
        for (String field : List.of("lease", "user", "host")) {
            if (body.hasNonNull(field)) {
                targets.add(field);
            }
        }
        if (targets.size() != 1) {
            throw ApiException.badRequest("give exactly one of 'lease', 'user' or 'host'");
        }
        String field = targets.get(0);
        String value = body.get(field).asText();
        String feature = body.hasNonNull("feature") ? body.get("feature").asText() : null;
        LedgerCommand.RemoveScope scope = switch (field) {
            case "lease" -> LedgerCommand.RemoveScope.LEASE;
            case "user" -> LedgerCommand.RemoveScope.USER;
            default -> LedgerCommand.RemoveScope.HOST;
        };
        if (value.isBlank()) {
            throw ApiException.badRequest("'" + field + "' is empty");
        }
        CompletableFuture<LedgerResult> removal;
        try {
            removal = context.server().remove(scope, value, feature);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field.equals("lease") ? "'" + value + "' is not a lease id: expected 16 hexadecimal digits"
                    : "'feature' is not a feature name");
        }
        return removal.thenApply(result -> Reply.json(Json.MAPPER.createObjectNode()
                .put("removed", result instanceof LedgerResult.RemovedLeases r ? r.leases().size() : 0)));
    }

    private CompletableFuture<Reply> reload(Call call) {
        return context.server().reload().thenApply(RestApi::reloadJson);
    }

    private static Reply reloadJson(ReloadReply r) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("applied", r.getApplied()).put("featuresLoaded", r.getFeaturesLoaded());
        ArrayNode files = node.putArray("files");
        for (var f : r.getFilesList()) {
            ArrayNode problems = files.addObject().put("path", f.getPath()).putArray("problems");
            f.getProblemsList().forEach(p -> problems.add(p.getMessage()));
        }
        return Reply.json(node);
    }

    private CompletableFuture<Reply> shutdown(Call call) {
        JsonNode body = Json.body(call.body());
        String reason = body.path("reason").asText("");
        if (reason.length() > 200) {
            throw ApiException.badRequest("'reason' is longer than 200 characters");
        }
        long after = body.path("reconnectAfterSeconds").asLong(60);
        if (after < 0 || after > 86_400) {
            throw ApiException.badRequest("'reconnectAfterSeconds' must be between 0 and 86400");
        }
        int told = context.server().shutdown(reason, (int) (after * 1000));
        return done(Reply.json(202, Json.MAPPER.createObjectNode().put("sessionsNotified", told)));
    }

    private CompletableFuture<Reply> tokens(Call call) {
        return blocking(() -> {
            ObjectNode node = Json.MAPPER.createObjectNode();
            ArrayNode list = node.putArray("tokens");
            context.tokens().list().forEach(t -> list.add(token(t)));
            return Reply.json(node);
        });
    }

    private static ObjectNode token(TokenInfo t) {
        return Json.MAPPER.createObjectNode().put("id", t.id()).put("name", t.name()).put("role", t.role().text())
                .put("created", t.bootstrap() ? null : t.created().toString()).put("bootstrap", t.bootstrap());
    }

    private CompletableFuture<Reply> createToken(Call call) {
        JsonNode body = Json.body(call.body());
        Role role = Role.parse(body.path("role").asText("")).orElseThrow(() -> ApiException.badRequest("'role' must be viewer or admin"));
        String name = body.path("name").asText("");
        long now = context.server().ledger().now();
        return blocking(() -> {
            IssuedToken issued;
            try {
                issued = context.tokens().create(role, name, Instant.ofEpochMilli(now));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            ObjectNode node = token(issued.info()).put("token", issued.secret());
            return Reply.json(201, node);
        });
    }

    private CompletableFuture<Reply> revokeToken(Call call) {
        String id = call.path().get("tokenId");
        return blocking(() -> {
            try {
                if (!context.tokens().revoke(id)) {
                    throw ApiException.notFound("no-such-token", "no token has the id '" + (id.length() > 40 ? id.substring(0, 40) : id) + "'");
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.conflict(e.getMessage());
            }
            return Reply.noContent();
        });
    }

    /** The route table, for tests. */
    public List<String> describeRoutes() {
        List<String> out = new ArrayList<>();
        routes.forEach(r -> out.add(r.method() + " " + r.template()));
        return Collections.unmodifiableList(out);
    }
}
