package io.licman.server.report;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-day aggregates of a report log: read from the index files, built from a day's log
 * where a finished day has none (an index is written at each day's end by the server), and
 * computed on the fly for the day still being written.
 */
public final class ReportIndexes {

    private static final Logger LOG = LoggerFactory.getLogger(ReportIndexes.class);

    private final ReportFiles files;
    private final Map<Long, UsageAggregator.Day> builtInMemory = new HashMap<>();

    public ReportIndexes(ReportFiles files) {
        this.files = files;
    }

    /**
     * Builds the missing indexes of finished days (before {@code today}), oldest first, each
     * starting from the day before's end. Days that cannot be written (a read-only data
     * directory) are kept in memory.
     *
     * @return how many indexes were built
     */
    public int ensure(long today) throws IOException {
        List<Long> days = files.logDays();
        int built = 0;
        for (long day : days) {
            if (day >= today) {
                break;
            }
            if (builtInMemory.containsKey(day) || (java.nio.file.Files.exists(files.hours(day))
                    && java.nio.file.Files.exists(files.detail(day)))) {
                continue;
            }
            UsageAggregator.Day index = replay(day, days.contains(day - 1) ? endOf(day - 1).orElse(null) : null).finish();
            try {
                files.writeIndex(day, index);
            } catch (IOException e) {
                LOG.debug("cannot write the index of {}: {}", files.log(day), e.getMessage());
                builtInMemory.put(day, index);
            }
            built++;
        }
        return built;
    }

    /**
     * The aggregator of {@code day} after every complete line of its log, started from
     * {@code start}, the previous day's end. A day whose log begins with a server start (not with
     * the midnight rollover of a running server) starts from nothing: the server was not running
     * at midnight.
     */
    UsageAggregator replay(long day, DayDetail.State start) throws IOException {
        if (!java.nio.file.Files.exists(files.log(day))) {
            return new UsageAggregator(day, null);
        }
        UsageAggregator aggregator = null;
        ReportRecord r = new ReportRecord();
        try (LogReader reader = new LogReader(files.log(day))) {
            while (reader.next()) {
                try {
                    RecordCodec.read(reader.buffer(), reader.lineStart(), reader.lineLength(), r);
                } catch (IOException e) {
                    LOG.warn("{}:{}: skipped an unreadable record: {}", files.log(day), reader.lineNumber(), e.getMessage());
                    continue;
                }
                if (aggregator == null) {
                    aggregator = new UsageAggregator(day, startsFresh(r.ev) ? null : start);
                }
                aggregator.accept(r);
            }
        }
        return aggregator == null ? new UsageAggregator(day, start) : aggregator;
    }

    /** True for the records a day file begins with when the server was not running at midnight. */
    static boolean startsFresh(String ev) {
        return "start".equals(ev) || "recovered".equals(ev);
    }

    /** The state {@code day} ended in, from its index. */
    Optional<DayDetail.State> endOf(long day) throws IOException {
        UsageAggregator.Day mem = builtInMemory.get(day);
        if (mem != null) {
            return Optional.of(mem.detail().end);
        }
        return files.readDetail(day).map(d -> d.end);
    }

    /**
     * One day's aggregates: from the index for a finished day (call {@link #ensure} first), or
     * computed from the log up to {@code now} for today. Empty when the day has no log.
     */
    public Optional<UsageAggregator.Day> day(long day, long now) throws IOException {
        long today = Times.epochDay(now);
        if (!java.nio.file.Files.exists(files.log(day))) {
            return Optional.empty();
        }
        if (day < today) {
            UsageAggregator.Day mem = builtInMemory.get(day);
            if (mem != null) {
                return Optional.of(mem);
            }
            Optional<DayHours> hours = files.readHours(day);
            Optional<DayDetail> detail = files.readDetail(day);
            if (hours.isPresent() && detail.isPresent()) {
                return Optional.of(new UsageAggregator.Day(hours.get(), detail.get()));
            }
        }
        DayDetail.State start = java.nio.file.Files.exists(files.log(day - 1)) ? endOf(day - 1).orElse(null) : null;
        UsageAggregator a = replay(day, start);
        return Optional.of(day < today ? a.finish() : a.snapshot(now));
    }

    /** Only the hours of a finished day, from its index. */
    Optional<DayHours> hours(long day) throws IOException {
        UsageAggregator.Day mem = builtInMemory.get(day);
        if (mem != null) {
            return Optional.of(mem.hours());
        }
        return files.readHours(day);
    }
}
