package io.licman.server.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's history chart: concurrent use per feature by hour, day or month, read from the
 * per-day hour indexes (cached; finished days never change) and today's live aggregates, folded
 * by {@link UsageBuckets} like the reports.
 */
public final class UsageHistory {

    /** Days kept in the cache at most (more than the longest chart). */
    private static final int MAX_CACHED_DAYS = 800;

    private final ReportLog log;
    private final ReportFiles files;
    private final Map<Long, Optional<DayHours>> cache = new ConcurrentHashMap<>();

    public UsageHistory(ReportLog log) {
        this.log = log;
        this.files = log.files();
    }

    /**
     * One series per feature.
     *
     * @param times bucket starts, epoch seconds
     * @param peak most seats in use at once in each bucket; null where nothing was recorded (the server was not running)
     * @param average average seats in use over the time the server ran
     * @param capacity most licensed seats in each bucket
     */
    public record Series(String vendor, String feature, List<Long> times, List<Integer> peak, List<Double> average,
                         List<Integer> capacity) {
    }

    /** Buckets of {@code resolution} over the days {@code fromDay} to {@code toDay} (epoch days), for the features {@code filter} accepts. */
    public List<Series> query(UsageBuckets.Resolution resolution, long fromDay, long toDay, UsageBuckets.FeatureFilter filter)
            throws IOException {
        UsageBuckets buckets = new UsageBuckets(resolution);
        long today = log.currentDay();
        for (long d = fromDay; d <= toDay; d++) {
            if (d == today) {
                buckets.add(log.today(), filter);
            } else if (d < today) {
                Optional<DayHours> hours = hours(d);
                if (hours.isPresent()) {
                    buckets.add(hours.get(), filter);
                }
            }
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, UsageBuckets.Bucket>> e : buckets.features().entrySet()) {
            List<Long> times = new ArrayList<>();
            List<Integer> peak = new ArrayList<>();
            List<Double> average = new ArrayList<>();
            List<Integer> capacity = new ArrayList<>();
            for (UsageBuckets.Bucket b : e.getValue().values()) {
                times.add(b.start / 1000);
                boolean noData = b.capacityMs == 0 && b.seatMs == 0 && b.peak == 0 && b.grants == 0 && b.denials == 0;
                peak.add(noData ? null : b.peak);
                average.add(noData ? null : UsageReport.round(b.averageSeats()));
                capacity.add(noData || b.capacity == 0 ? null : b.capacity);
            }
            int slash = e.getKey().indexOf('/');
            out.add(new Series(e.getKey().substring(0, slash), e.getKey().substring(slash + 1), times, peak, average, capacity));
        }
        return out;
    }

    private Optional<DayHours> hours(long day) throws IOException {
        Optional<DayHours> cached = cache.get(day);
        if (cached != null) {
            return cached;
        }
        Optional<DayHours> read = files.readHours(day);
        if (read.isPresent() || day < log.currentDay() - 1) {
            if (cache.size() >= MAX_CACHED_DAYS) {
                cache.clear();
            }
            cache.put(day, read);
        }
        return read;
    }
}
