package io.licman.bench.report;

import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.DenialReason;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.report.ChainVerifier;
import io.licman.server.report.ReportFormats;
import io.licman.server.report.ReportLog;
import io.licman.server.report.ReportLogWriter;
import io.licman.server.report.UsageBuckets;
import io.licman.server.report.UsageHistory;
import io.licman.server.report.UsageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A year of report log, about 10 million events (grants, check-ins, denials) over 20 features and
 * 500 users, written through the server's {@link ReportLogWriter} (hash chain, day files, per-hour
 * index); then the time of a one-year report with the indexes, with the indexes rebuilt from the
 * logs, and of the dashboard's history chart.
 *
 * <pre>
 * java -cp licman-bench/target/benchmarks.jar io.licman.bench.report.ReportBenchmark [EVENTS] [DATA_DIR]
 * </pre>
 *
 * <p>A DATA_DIR that already holds a report log is reused as it is.
 *
 * <pre>
 * </pre>
 */
public final class ReportBenchmark {

    private static final int FEATURES = 20;
    private static final int USERS = 500;
    private static final int DAYS = 365;
    private static final long DAY_MS = 86_400_000L;

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path data = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("licman-report-bench");
        LocalDate first = LocalDate.parse("2025-01-01");
        LocalDate last = first.plusDays(DAYS - 1);
        System.out.printf("writing %,d events over %d days, %d features, %d users into %s%n", events, DAYS, FEATURES, USERS, data);

        if (Files.isDirectory(data.resolve("reports"))) {
            System.out.println("reusing the report log already in " + data);
        } else {
            long t0 = System.nanoTime();
            long written = generate(data, first, events);
            double writeSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("wrote %,d records in %.1f s (%,.0f records/s), %,d MB of log%n", written, writeSeconds, written / writeSeconds,
                    size(data.resolve("reports")) >> 20);
        }

        long now = last.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        time("one-year report, indexes present (table + html)", () -> {
            UsageReport r = UsageReport.build(data, first, last, null, 10, now);
            ReportFormats.table(r);
            ReportFormats.html(r);
            return r.features().size() + " features, " + r.features().stream().mapToLong(UsageReport.FeatureReport::grants).sum() + " grants";
        });
        time("one-year report, one feature", () -> {
            UsageReport r = UsageReport.build(data, first, last, "feature07", 10, now);
            return r.features().get(0).trueDenials() + " true denials of " + r.features().get(0).denials();
        });
        deleteIndexes(data);
        time("one-year report, indexes rebuilt from the logs first", () -> {
            UsageReport r = UsageReport.build(data, first, last, null, 10, now);
            return r.features().size() + " features";
        });
        time("verify the hash chain of the whole year", () -> {
            ChainVerifier.Result r = ChainVerifier.of(data).verify();
            return r.records() + " records, intact " + r.intact();
        });

        Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        try (ReportLog log = ReportLog.start(data, clock, 400, false, 1024, "benchmark")) {
            UsageHistory history = new UsageHistory(log);
            long today = Math.floorDiv(now, DAY_MS);
            for (int round = 1; round <= 3; round++) {
                String label = round == 1 ? " (first, cold cache)" : " (again)";
                time("history chart, months over a year, all features" + label,
                        () -> history.query(UsageBuckets.Resolution.MONTH, today - 365, today, UsageBuckets.FeatureFilter.of(null)).size() + " series");
                time("history chart, days over 60 days, one feature" + label,
                        () -> history.query(UsageBuckets.Resolution.DAY, today - 59, today, UsageBuckets.FeatureFilter.of("feature03")).size() + " series");
                time("history chart, hours over 2 days, one feature" + label,
                        () -> history.query(UsageBuckets.Resolution.HOUR, today - 1, today, UsageBuckets.FeatureFilter.of("feature03")).size() + " series");
            }
        }
    }

    /** Day by day: sessions of random users in working hours; a grant that finds no free seat becomes a denial. */
    private static long generate(Path data, LocalDate first, long target) throws IOException {
        Random random = new Random(42);
        long perDay = target / DAYS;
        long written = 0;
        long lease = 1;
        int[] capacity = new int[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            capacity[f] = 60 + random.nextInt(120);
        }
        ClientIdentity[] users = new ClientIdentity[USERS];
        for (int u = 0; u < USERS; u++) {
            users[u] = ClientIdentity.of("user" + u, "ws-" + u, "c" + u);
        }
        long start = first.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        try (ReportLogWriter writer = ReportLogWriter.open(data, Clock.fixed(Instant.ofEpochMilli(start), ZoneOffset.UTC), 400, false)) {
            writer.started(start, "benchmark");
            for (int f = 0; f < FEATURES; f++) {
                writer.capacity(start, "acme", feature(f), capacity[f], 0, 0);
            }
            for (int d = 0; d < DAYS; d++) {
                long dayStart = start + d * DAY_MS;
                List<long[]> sessions = new ArrayList<>();
                for (long i = 0; i < perDay * 55 / 100; i++) {
                    long begin = dayStart + (long) (Math.abs(random.nextGaussian() * 3 + 13) * 3_600_000L) % DAY_MS;
                    long end = Math.min(dayStart + DAY_MS - 1, begin + 60_000L * (5 + random.nextInt(240)));
                    sessions.add(new long[] {begin, end, random.nextInt(FEATURES), random.nextInt(USERS)});
                }
                sessions.sort(Comparator.comparingLong(s -> s[0]));
                written += replay(writer, sessions, capacity, users, lease);
                lease += sessions.size();
            }
            writer.flush();
        }
        return written;
    }

    /** Grants and check-ins of one day in time order, never more seats than licensed. */
    private static long replay(ReportLogWriter writer, List<long[]> sessions, int[] capacity, ClientIdentity[] users, long firstLease)
            throws IOException {
        java.util.PriorityQueue<long[]> ends = new java.util.PriorityQueue<>(Comparator.comparingLong(e -> e[0]));
        int[] inUse = new int[FEATURES];
        long written = 0;
        long lease = firstLease;
        for (long[] s : sessions) {
            while (!ends.isEmpty() && ends.peek()[0] <= s[0]) {
                written += end(writer, ends.poll(), inUse, users);
            }
            int f = (int) s[2];
            ClientIdentity who = users[(int) s[3]];
            if (inUse[f] >= capacity[f]) {
                writer.append(new LedgerEvent.Denied(s[0], "acme", feature(f), who, DenialReason.ALL_SEATS_IN_USE, "all seats in use"));
                written++;
                continue;
            }
            inUse[f]++;
            long id = lease++;
            writer.append(new LedgerEvent.Granted(s[0], new LeaseId(id), "acme", feature(f), "p", who, 1, 1, 0, false, false, 0, null));
            written++;
            ends.add(new long[] {s[1], id, f, s[3]});
        }
        while (!ends.isEmpty()) {
            written += end(writer, ends.poll(), inUse, users);
        }
        return written;
    }

    private static int end(ReportLogWriter writer, long[] e, int[] inUse, ClientIdentity[] users) throws IOException {
        int f = (int) e[2];
        inUse[f]--;
        writer.append(new LedgerEvent.CheckedIn(e[0], new LeaseId(e[1]), "acme", feature(f), users[(int) e[3]], 1));
        return 1;
    }

    private static String feature(int f) {
        return String.format("feature%02d", f);
    }

    private interface Work {
        String run() throws Exception;
    }

    private static void time(String what, Work work) throws Exception {
        long t0 = System.nanoTime();
        String result = work.run();
        System.out.printf("%-70s %,10.0f ms  (%s)%n", what, (System.nanoTime() - t0) / 1e6, result);
    }

    private static void deleteIndexes(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("reports").resolve("index"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
