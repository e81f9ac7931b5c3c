package io.licman.server.report;

import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.FeatureStatus;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.ledger.PoolStatus;
import io.licman.server.policy.LogCategory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's report log: listens to the ledger and hands every event to a writer thread
 * through a bounded queue, so writing never blocks the ledger. When the queue is full the record
 * is dropped and counted: the count goes into the log itself (a {@code dropped} record), the
 * server log and the metrics, never silently. Honours the options file's {@code NOLOG}.
 */
public final class ReportLog implements LedgerListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportLog.class);
    /** Records that may wait for the writer. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    private static final long POLL_NANOS = 5_000_000L;
    private static final long IDLE_FLUSH_NANOS = 200_000_000L;

    private final ReportLogWriter writer;
    private final Clock clock;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedUnreported = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private volatile long replayHorizon;
    private boolean baselined;
    private final Thread thread;
    private volatile Set<LogCategory> noLog = EnumSet.noneOf(LogCategory.class);
    private volatile boolean running = true;
    private final Map<String, List<Long>> lastCapacity = new HashMap<>();
    private final Object writerLock = new Object();
    private long lastDropWarning;
    private long lastFailureWarning;

    private ReportLog(ReportLogWriter writer, Clock clock, int capacity) {
        this.writer = writer;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "licman-report-log");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the report log of a data directory and starts its writer thread; writes a
     * {@code start} record naming the server.
     */
    public static ReportLog start(Path dataDirectory, Clock clock, int retentionDays, boolean hideUsers, int queueCapacity,
                                  String serverNote) throws IOException {
        ReportLogWriter writer = ReportLogWriter.open(dataDirectory, clock, retentionDays, hideUsers);
        ReportLog log = new ReportLog(writer, clock, queueCapacity);
        log.replayHorizon = writer.lastTime();
        ReportRecord start = ReportRecord.of(clock.millis(), "start");
        start.note = serverNote;
        writer.append(start);
        writer.flush();
        log.written.incrementAndGet();
        log.thread.start();
        return log;
    }

    /**
     * Takes an applied command's events. Events at or before the last record the log held when
     * the server started are a durable ledger replaying its log at start: they are written
     * already (those after it were lost in a crash, and are written now).
     */
    @Override
    public void applied(LedgerCommand command, Applied applied) {
        Set<LogCategory> silenced = noLog;
        long horizon = replayHorizon;
        for (LedgerEvent event : applied.events()) {
            if (event.at() <= horizon) {
                replayed.incrementAndGet();
                continue;
            }
            var category = EventRecords.category(event);
            if (category.isPresent() && silenced.contains(category.get())) {
                continue;
            }
            offer(event);
        }
        if (command instanceof LedgerCommand.Reload reload) {
            Set<LogCategory> next = EnumSet.noneOf(LogCategory.class);
            next.addAll(reload.policy().noLog());
            noLog = next;
        }
    }

    /**
     * Notes the licensed seats of every feature; a {@code capacity} record is written for each
     * feature whose seats, overdraft or expiry changed. The server calls it about once a second.
     */
    public void capacity(List<FeatureStatus> features, long now) {
        List<ReportRecord> changed = new ArrayList<>();
        synchronized (lastCapacity) {
            if (!baselined) {
                // After a start the seats in use are whatever the (possibly durable) ledger holds.
                baselined = true;
                for (FeatureStatus f : features) {
                    ReportRecord r = ReportRecord.of(now, "inuse").feature(f.vendor(), f.feature());
                    r.seats = f.usedSeats();
                    changed.add(r);
                }
            }
            for (FeatureStatus f : features) {
                int seats = 0;
                int overdraft = 0;
                long expires = Long.MAX_VALUE;
                for (PoolStatus p : f.pools()) {
                    if (p.orphaned() || p.uncounted() || !p.servedHere() || p.validFrom() > now || p.validUntil() <= now) {
                        continue;
                    }
                    seats += p.count();
                    overdraft += p.overdraft();
                    expires = Math.min(expires, p.validUntil());
                }
                long until = expires == Long.MAX_VALUE ? 0 : expires;
                String key = f.vendor() + "/" + f.feature();
                List<Long> value = List.of((long) seats, (long) overdraft, until);
                if (!value.equals(lastCapacity.put(key, value))) {
                    ReportRecord r = ReportRecord.of(now, "capacity").feature(f.vendor(), f.feature());
                    r.seats = seats;
                    r.overdraft = overdraft;
                    r.until = until;
                    changed.add(r);
                }
            }
        }
        changed.forEach(this::offer);
    }

    private void offer(Object item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
            droppedUnreported.incrementAndGet();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>(1024);
        long lastWrite = System.nanoTime();
        while (running || !queue.isEmpty()) {
            // The writer looks for records every few milliseconds rather than being woken for
            // each: a busy ledger then pays no wake-up per event, and the writer takes big batches.
            queue.drainTo(batch, 4096);
            long now = System.nanoTime();
            try {
                if (!batch.isEmpty() || now - lastWrite >= IDLE_FLUSH_NANOS) {
                    write(batch);
                    lastWrite = now;
                }
            } finally {
                batch.clear();
            }
            if (queue.isEmpty() && running) {
                LockSupport.parkNanos(this, POLL_NANOS);
            }
        }
    }

    private void write(List<Object> batch) {
        synchronized (writerLock) {
            try {
                long lost = droppedUnreported.getAndSet(0);
                if (lost > 0) {
                    reportDrops(lost);
                }
                for (Object item : batch) {
                    if (item instanceof LedgerEvent e) {
                        writer.append(e);
                    } else if (item instanceof ReportRecord r) {
                        writer.append(r);
                    }
                    written.incrementAndGet();
                }
                writer.rollover(clock.millis());
                writer.flush();
            } catch (IOException | RuntimeException e) {
                dropped.addAndGet(batch.size());
                long now = System.currentTimeMillis();
                if (now - lastFailureWarning > 60_000) {
                    lastFailureWarning = now;
                    LOG.error("report log: cannot write to {}; {} records lost so far: {}", writer.files().directory(), dropped.get(),
                            e.toString());
                }
            }
        }
    }

    private void reportDrops(long lost) throws IOException {
        ReportRecord r = ReportRecord.of(clock.millis(), "dropped");
        r.count = (int) Math.min(Integer.MAX_VALUE, lost);
        r.note = "the report log's queue was full: records were lost";
        writer.append(r);
        written.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastDropWarning > 10_000) {
            lastDropWarning = now;
            LOG.warn("report log: {} records dropped because the writer could not keep up ({} in total); reports for this time "
                    + "undercount", lost, dropped.get());
        }
    }

    /** Today's per-hour aggregates so far, the same the day's index will hold. */
    public DayHours today() {
        synchronized (writerLock) {
            return writer.today(clock.millis()).hours();
        }
    }

    /** The day the writer is on, epoch days. */
    public long currentDay() {
        synchronized (writerLock) {
            return writer.currentDay();
        }
    }

    /** The lock the writer holds while it writes; tests hold it to stall the writer. */
    Object writerLock() {
        return writerLock;
    }

    /** The report files of this log. */
    public ReportFiles files() {
        return writer.files();
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Events skipped at start because the log held them already (a durable ledger replaying). */
    public long replayed() {
        return replayed.get();
    }

    public int queued() {
        return queue.size();
    }

    /**
     * Writes what is queued and a {@code stop} record, then closes the file. Works from an
     * interrupted thread too (an interrupt would otherwise close the file channel mid-write): the
     * interrupt is set aside and restored after.
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            closeUninterrupted();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeUninterrupted() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (writerLock) {
            try {
                List<Object> rest = new ArrayList<>();
                queue.drainTo(rest);
                write(rest);
                writer.append(ReportRecord.of(clock.millis(), "stop"));
                written.incrementAndGet();
                writer.close();
            } catch (IOException e) {
                LOG.error("report log: cannot close {}: {}", writer.files().directory(), e.toString());
            }
        }
    }
}
