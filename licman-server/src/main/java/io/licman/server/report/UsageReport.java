package io.licman.server.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A usage report over whole UTC days ({@code licman report}): per feature, peak concurrent use
 * per hour and per day, seat-hours, utilisation, denials and true denials, top users, borrowing
 * and overdraft. Built from the per-day indexes, so a year takes seconds.
 *
 * <p>A <em>true denial</em> is a checkout refused for want of a seat ({@code ALL_SEATS_IN_USE},
 * {@code USER_MAX_REACHED}, {@code RESERVED_FOR_OTHERS}) after which the same user got no seat
 * of that feature within N minutes; repeated refusals of the same user and feature less than N
 * minutes after a counted one are retries and count once.
 *
 * @param trueDenialMinutes the N of true denials
 * @param warnings things that make the figures less than exact (lost records, missing days)
 */
public record UsageReport(String from, String to, String generated, int trueDenialMinutes, List<FeatureReport> features,
                          List<String> warnings) {

    /** Reasons that mean "no seat was free for this user"; only these can be true denials. */
    public static final Set<String> CAPACITY_REASONS = Set.of("ALL_SEATS_IN_USE", "USER_MAX_REACHED", "RESERVED_FOR_OTHERS");
    /** How many users a feature's report lists. */
    public static final int TOP_USERS = 10;

    /**
     * One feature over the period.
     *
     * @param capacity most licensed seats during the period
     * @param peak most seats in use at once
     * @param peakAt the start of the first hour the peak was reached
     * @param seatHours seats in use integrated over time, in hours
     * @param utilisation seat-hours over licensed seat-hours while the server ran, percent; null when nothing was licensed
     */
    public record FeatureReport(String vendor, String feature, int capacity, int peak, String peakAt, double seatHours,
                                Double utilisation, long grants, long denials, long trueDenials, Map<String, Long> denialsByReason,
                                int borrowPeak, long borrows, int overdraftPeak, long queued, List<Row> days, List<Row> hours,
                                List<UserRow> topUsers) {
    }

    /** One hour or day of a feature. */
    public record Row(String start, int peak, int capacity, double seatHours, Double utilisation, long grants, long denials,
                      long trueDenials) {
    }

    /** One user of a feature over the period; license-hours count lease time times licenses. */
    public record UserRow(String user, double licenseHours, long grants, long denials) {
    }

    /**
     * Builds a report from the report log of a data directory.
     *
     * @param now the current time: today's part is read from its log up to now
     */
    public static UsageReport build(Path dataDirectory, LocalDate from, LocalDate to, String feature, int trueDenialMinutes, long now)
            throws IOException {
        ReportIndexes indexes = new ReportIndexes(ReportFiles.of(dataDirectory));
        indexes.ensure(Times.epochDay(now));
        return build(indexes, from, to, feature, trueDenialMinutes, now);
    }

    static UsageReport build(ReportIndexes indexes, LocalDate from, LocalDate to, String feature, int trueDenialMinutes, long now)
            throws IOException {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it begins (" + from + ")");
        }
        if (trueDenialMinutes < 0 || trueDenialMinutes > 1440) {
            throw new IllegalArgumentException("true-denial minutes must be between 0 and 1440");
        }
        UsageBuckets.FeatureFilter filter = UsageBuckets.FeatureFilter.of(feature);
        UsageBuckets hours = new UsageBuckets(UsageBuckets.Resolution.HOUR);
        UsageBuckets days = new UsageBuckets(UsageBuckets.Resolution.DAY);
        Map<String, Map<String, UserRowBuilder>> users = new TreeMap<>();
        Map<String, List<Denial>> denials = new TreeMap<>();
        Map<Long, DayDetail> details = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        long dropped = 0;
        int missing = 0;
        long lastDay = Math.min(to.toEpochDay(), Times.epochDay(now));
        List<java.util.Optional<UsageAggregator.Day>> read = readDays(indexes, from.toEpochDay(), lastDay + 1, now);
        for (long d = from.toEpochDay(); d <= lastDay + 1; d++) {
            var day = read.get((int) (d - from.toEpochDay()));
            if (day.isEmpty()) {
                if (d <= lastDay) {
                    missing++;
                }
                continue;
            }
            details.put(d, day.get().detail());
            if (d > lastDay) {
                break;
            }
            hours.add(day.get().hours(), filter);
            days.add(day.get().hours(), filter);
            DayDetail detail = day.get().detail();
            dropped += detail.dropped;
            detail.users.forEach((key, table) -> {
                if (accepts(filter, key)) {
                    Map<String, UserRowBuilder> rows = users.computeIfAbsent(key, k -> new java.util.HashMap<>());
                    for (int i = 0; i < table.user.length; i++) {
                        rows.computeIfAbsent(table.user[i], x -> new UserRowBuilder()).add(table.licenseMs[i], table.grants[i], table.denials[i]);
                    }
                }
            });
            long dayNumber = d;
            detail.denials.forEach((key, list) -> {
                if (accepts(filter, key)) {
                    List<Denial> out = denials.computeIfAbsent(key, k -> new ArrayList<>());
                    for (int i = 0; i < list.t.length; i++) {
                        out.add(new Denial(dayNumber, list.t[i], list.user[i], list.reason[i], list.nextGrant[i]));
                    }
                }
            });
        }
        if (dropped > 0) {
            warnings.add(dropped + " records were lost in this period (the server's report queue was full): figures undercount");
        }
        if (missing > 0) {
            warnings.add(missing + " of the days have no report log (the server was not running, or the days were deleted)");
        }
        List<FeatureReport> features = new ArrayList<>();
        for (var e : hours.features().entrySet()) {
            String key = e.getKey();
            Map<Long, Long> trueByDay = new TreeMap<>();
            Map<Long, Long> trueByHour = new TreeMap<>();
            Map<String, Long> byReason = new TreeMap<>();
            long trueTotal = trueDenials(denials.getOrDefault(key, List.of()), details, key, trueDenialMinutes * 60_000L, trueByDay,
                    trueByHour, byReason);
            features.add(feature(key, e.getValue(), days.features().get(key), users.getOrDefault(key, Map.of()), trueTotal, trueByDay,
                    trueByHour, byReason));
        }
        return new UsageReport(from.toString(), to.toString(), Instant.ofEpochMilli(now).toString(), trueDenialMinutes, features, warnings);
    }

    /** The days {@code from} to {@code to}, their index files read on all cores. */
    private static List<java.util.Optional<UsageAggregator.Day>> readDays(ReportIndexes indexes, long from, long to, long now)
            throws IOException {
        try {
            return java.util.stream.LongStream.rangeClosed(from, to).parallel().mapToObj(d -> {
                try {
                    return indexes.day(d, now);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean accepts(UsageBuckets.FeatureFilter filter, String key) {
        int slash = key.indexOf('/');
        return filter.accepts(key.substring(0, slash), key.substring(slash + 1));
    }

    private static long trueDenials(List<Denial> list, Map<Long, DayDetail> details, String key, long window,
                                    Map<Long, Long> byDay, Map<Long, Long> byHour, Map<String, Long> byReason) {
        Map<String, Long> lastCounted = new HashMap<>();
        long total = 0;
        for (Denial d : list) {
            byReason.merge(d.reason.isEmpty() ? "UNKNOWN" : d.reason, 1L, Long::sum);
            if (!CAPACITY_REASONS.contains(d.reason)) {
                continue;
            }
            Long last = lastCounted.get(d.user);
            if (last != null && d.t - last <= window) {
                continue;
            }
            boolean satisfied = d.nextGrant >= 0 && d.nextGrant - d.t <= window;
            if (!satisfied && d.nextGrant < 0) {
                DayDetail next = details.get(d.day + 1);
                DayDetail.FirstGrants grants = next == null ? null : next.firstGrants.get(key);
                Long first = grants == null ? null : grants.of(d.user);
                satisfied = first != null && first - d.t <= window;
            }
            if (!satisfied) {
                total++;
                lastCounted.put(d.user, d.t);
                byDay.merge(d.day * Times.DAY_MS, 1L, Long::sum);
                byHour.merge(Math.floorDiv(d.t, Times.HOUR_MS) * Times.HOUR_MS, 1L, Long::sum);
            }
        }
        return total;
    }

    private static FeatureReport feature(String key, TreeMap<Long, UsageBuckets.Bucket> hourBuckets, TreeMap<Long, UsageBuckets.Bucket> dayBuckets,
                                         Map<String, UserRowBuilder> users, long trueTotal, Map<Long, Long> trueByDay,
                                         Map<Long, Long> trueByHour, Map<String, Long> byReason) {
        int slash = key.indexOf('/');
        int capacity = 0;
        int peak = 0;
        long peakAt = 0;
        long seatMs = 0;
        long capacityMs = 0;
        long grants = 0;
        long denials = 0;
        long queued = 0;
        long borrows = 0;
        int borrowPeak = 0;
        int overdraftPeak = 0;
        List<Row> hourRows = new ArrayList<>();
        for (UsageBuckets.Bucket b : hourBuckets.values()) {
            capacity = Math.max(capacity, b.capacity);
            if (b.peak > peak) {
                peak = b.peak;
                peakAt = b.start;
            }
            seatMs += b.seatMs;
            capacityMs += b.capacityMs;
            grants += b.grants;
            denials += b.denials;
            queued += b.queued;
            borrows += b.borrows;
            borrowPeak = Math.max(borrowPeak, b.borrowPeak);
            overdraftPeak = Math.max(overdraftPeak, b.overdraftPeak);
            hourRows.add(row(b, trueByHour.getOrDefault(b.start, 0L)));
        }
        List<Row> dayRows = new ArrayList<>();
        for (UsageBuckets.Bucket b : dayBuckets.values()) {
            dayRows.add(row(b, trueByDay.getOrDefault(b.start, 0L)));
        }
        List<UserRow> top = users.entrySet().stream().map(e -> e.getValue().build(e.getKey()))
                .sorted(Comparator.comparingDouble(UserRow::licenseHours).reversed().thenComparing(Comparator.comparingLong(UserRow::grants).reversed())
                        .thenComparing(UserRow::user))
                .limit(TOP_USERS).toList();
        return new FeatureReport(key.substring(0, slash), key.substring(slash + 1), capacity, peak,
                peak == 0 ? null : Instant.ofEpochMilli(peakAt).toString(), round(seatMs / (double) Times.HOUR_MS),
                capacityMs == 0 ? null : round(100.0 * seatMs / capacityMs), grants, denials, trueTotal, byReason, borrowPeak, borrows,
                overdraftPeak, queued, dayRows, hourRows, top);
    }

    private static Row row(UsageBuckets.Bucket b, long trueDenials) {
        double u = b.utilisation();
        return new Row(Instant.ofEpochMilli(b.start).toString(), b.peak, b.capacity, round(b.seatHours()), Double.isNaN(u) ? null : round(u),
                b.grants, b.denials, trueDenials);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private record Denial(long day, long t, String user, String reason, long nextGrant) {
    }

    private static final class UserRowBuilder {
        long licenseMs;
        long grants;
        long denials;

        void add(long licenseMs, long grants, long denials) {
            this.licenseMs += licenseMs;
            this.grants += grants;
            this.denials += denials;
        }

        UserRow build(String user) {
            return new UserRow(user, round(licenseMs / (double) Times.HOUR_MS), grants, denials);
        }
    }
}
