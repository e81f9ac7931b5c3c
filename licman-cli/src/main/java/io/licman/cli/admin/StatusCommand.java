package io.licman.cli.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.FeatureStatus;
import io.licman.core.protocol.v1.LeaseInfo;
import io.licman.core.protocol.v1.PoolStatus;
import io.licman.core.protocol.v1.QueueEntry;
import io.licman.core.protocol.v1.StatusReply;
import io.licman.core.protocol.v1.StatusRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licman status}: features, seats, holders and queues, like {@code lmstat -a}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the server's features, seats used and total, who holds them since when, and who waits.",
            "--json prints a stable document for scripts instead of text."})
public final class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CliEnvironment env;

    @Mixin
    AdminOptions admin;

    @Option(names = "--feature", paramLabel = "NAME", description = "Only this feature.")
    String feature;

    @Option(names = "--vendor", paramLabel = "NAME", description = "Only this vendor.")
    String vendor;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    public StatusCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        StatusReply status;
        String token = ServerAddress.adminToken(env, admin.token, admin.data);
        try (AdminConnection connection = AdminConnection.open(ServerAddress.endpoints(env, admin.server, admin.data), token,
                admin.socketFactory(env))) {
            StatusRequest.Builder request = StatusRequest.newBuilder();
            if (feature != null) {
                request.setFeature(feature);
            }
            if (vendor != null) {
                request.setVendor(vendor);
            }
            status = connection.request(ClientFrame.newBuilder().setStatusRequest(request)).getStatusReply();
        }
        if (json) {
            env.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(status)));
        } else {
            print(status);
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    private void print(StatusReply status) {
        var out = env.out();
        out.println("licman server " + status.getServerId() + " (" + status.getServerVersion() + "), " + time(status.getServerTimeEpochMs()));
        if (status.getFeaturesCount() == 0) {
            out.println();
            out.println("No features are served" + (feature != null ? " matching '" + feature + "'" : "") + ".");
        }
        for (FeatureStatus f : status.getFeaturesList()) {
            int total = 0;
            int used = 0;
            boolean uncounted = false;
            for (PoolStatus p : f.getPoolsList()) {
                total += p.getTotal();
                used += p.getUsed();
                uncounted |= p.getUncounted();
            }
            out.println();
            out.printf("Users of %s/%s:  %s, %d in use%n", f.getVendor(), f.getName(),
                    uncounted ? "uncounted" : total + " licensed", used);
            for (PoolStatus p : f.getPoolsList()) {
                out.printf("  pool v%s: %s%s, %d used%s%s%n", p.getVersion(), p.getUncounted() ? "uncounted" : p.getTotal() + " seats",
                        p.getOverdraftAllowed() > 0 ? " +" + p.getOverdraftAllowed() + " overdraft" : "", p.getUsed(),
                        p.getOverdraftUsed() > 0 ? " (" + p.getOverdraftUsed() + " overdraft)" : "",
                        p.getExpiresEpochMs() == 0 ? ", permanent" : ", last valid day " + lastDay(p.getExpiresEpochMs()));
            }
            for (LeaseInfo l : status.getLeasesList()) {
                if (l.getVendor().equals(f.getVendor()) && l.getFeature().equals(f.getName())) {
                    out.printf("    %s %s%s (v%s) (%s/%016x), start %s%s%s%n", l.getUser(), l.getHost(),
                            l.getDisplay().isEmpty() ? "" : " " + l.getDisplay(), l.getVersion(), l.getIp().isEmpty() ? "-" : l.getIp(),
                            l.getLeaseId(), time(l.getSinceEpochMs()), l.getCount() > 1 ? ", " + l.getCount() + " licenses" : "",
                            l.getBorrowedUntilEpochMs() > 0 ? ", borrowed until " + time(l.getBorrowedUntilEpochMs()) : "");
                }
            }
            for (QueueEntry q : status.getQueueList()) {
                if (q.getVendor().equals(f.getVendor()) && q.getFeature().equals(f.getName())) {
                    out.printf("    queued #%d: %s %s, since %s%s%n", q.getPosition(), q.getUser(), q.getHost(), time(q.getSinceEpochMs()),
                            q.getCount() > 1 ? ", " + q.getCount() + " licenses" : "");
                }
            }
        }
        if (status.getTruncated()) {
            out.println();
            out.println("(lists cut short: use --feature to see all holders of one feature)");
        }
    }

    /** The expiry instant is the end of the last valid day (UTC); show that day. */
    private static String lastDay(long endEpochMillis) {
        return Instant.ofEpochMilli(endEpochMillis - 1).atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }

    private static Map<String, Object> toJson(StatusReply status) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("server", status.getServerId());
        doc.put("version", status.getServerVersion());
        doc.put("time", Instant.ofEpochMilli(status.getServerTimeEpochMs()).toString());
        List<Map<String, Object>> features = new ArrayList<>();
        for (FeatureStatus f : status.getFeaturesList()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("vendor", f.getVendor());
            fm.put("feature", f.getName());
            List<Map<String, Object>> pools = new ArrayList<>();
            for (PoolStatus p : f.getPoolsList()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("version", p.getVersion());
                pm.put("total", p.getUncounted() ? null : p.getTotal());
                pm.put("uncounted", p.getUncounted());
                pm.put("used", p.getUsed());
                pm.put("overdraftAllowed", p.getOverdraftAllowed());
                pm.put("overdraftUsed", p.getOverdraftUsed());
                pm.put("expires", p.getExpiresEpochMs() == 0 ? null : Instant.ofEpochMilli(p.getExpiresEpochMs()).toString());
                pools.add(pm);
            }
            fm.put("pools", pools);
            List<Map<String, Object>> leases = new ArrayList<>();
            for (LeaseInfo l : status.getLeasesList()) {
                if (l.getVendor().equals(f.getVendor()) && l.getFeature().equals(f.getName())) {
                    Map<String, Object> lm = new LinkedHashMap<>();
                    lm.put("lease", String.format("%016x", l.getLeaseId()));
                    lm.put("user", l.getUser());
                    lm.put("host", l.getHost());
                    lm.put("display", l.getDisplay());
                    lm.put("ip", l.getIp());
                    lm.put("version", l.getVersion());
                    lm.put("count", l.getCount());
                    lm.put("since", Instant.ofEpochMilli(l.getSinceEpochMs()).toString());
                    lm.put("expires", Instant.ofEpochMilli(l.getExpiresAtEpochMs()).toString());
                    lm.put("borrowedUntil", l.getBorrowedUntilEpochMs() == 0 ? null : Instant.ofEpochMilli(l.getBorrowedUntilEpochMs()).toString());
                    leases.add(lm);
                }
            }
            fm.put("leases", leases);
            List<Map<String, Object>> queue = new ArrayList<>();
            for (QueueEntry q : status.getQueueList()) {
                if (q.getVendor().equals(f.getVendor()) && q.getFeature().equals(f.getName())) {
                    Map<String, Object> qm = new LinkedHashMap<>();
                    qm.put("position", q.getPosition());
                    qm.put("user", q.getUser());
                    qm.put("host", q.getHost());
                    qm.put("count", q.getCount());
                    qm.put("since", Instant.ofEpochMilli(q.getSinceEpochMs()).toString());
                    queue.add(qm);
                }
            }
            fm.put("queue", queue);
            features.add(fm);
        }
        doc.put("features", features);
        doc.put("truncated", status.getTruncated());
        return doc;
    }
}
