package io.licman.server.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.licman.server.ledger.LedgerEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the report log: one file per UTC day, each record chained to the one
 * before by its SHA-256, the day's aggregates kept up to date and written as the day's index when
 * the day ends, old days deleted after the retention period. Not thread-safe: the server's
 * {@link ReportLog} drives it from one thread; the benchmark drives it directly.
 */
public final class ReportLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportLogWriter.class);
    static final String ZERO_HASH = "0".repeat(64);

    private final ReportFiles files;
    private final ReportIndexes indexes;
    private final Clock clock;
    private final int retentionDays;
    private final UserHider hider;
    private final MessageDigest sha256;
    private static final HexFormat HEX = HexFormat.of();
    private final RecordCodec.Line line = new RecordCodec.Line();
    private long seq;
    private String prevHash = ZERO_HASH;
    private long lastT;
    private long day = Long.MIN_VALUE;
    private long lines;
    private FileChannel channel;
    private OutputStream out;
    private UsageAggregator aggregator;
    private long lastForce;
    private long lastAnchor = System.nanoTime() - ANCHOR_INTERVAL_NANOS;
    private boolean anchorBehind;
    /** How often, at most, the anchor file follows the log's end while records keep coming. */
    static final long ANCHOR_INTERVAL_NANOS = 250_000_000L;
    private boolean dirty;
    private String anchorFirstFile;
    private String anchorFirstPrev;

    private ReportLogWriter(Path dataDirectory, Clock clock, int retentionDays, boolean hideUsers) throws IOException {
        this.files = ReportFiles.of(dataDirectory);
        this.indexes = new ReportIndexes(files);
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.hider = hideUsers ? UserHider.hiding(dataDirectory) : UserHider.visible();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens the report log of a data directory: continues the chain after its last complete
     * record (a cut last line, left by a crash, is removed and noted), builds missing indexes of
     * finished days, and picks up today's aggregates.
     */
    public static ReportLogWriter open(Path dataDirectory, Clock clock, int retentionDays, boolean hideUsers) throws IOException {
        ReportLogWriter w = new ReportLogWriter(dataDirectory, clock, retentionDays, hideUsers);
        w.resume();
        return w;
    }

    private void resume() throws IOException {
        Files.createDirectories(files.directory());
        long today = Times.epochDay(clock.millis());
        List<Long> days = files.logDays();
        long recovered = 0;
        if (!days.isEmpty()) {
            long last = days.get(days.size() - 1);
            recovered = readTail(last);
            today = Math.max(today, last);
        }
        readAnchor(days);
        applyRetention(today);
        indexes.ensure(today);
        DayDetail.State start = Files.exists(files.log(today - 1)) ? indexes.endOf(today - 1).orElse(null) : null;
        aggregator = indexes.replay(today, start);
        openDay(today);
        if (recovered > 0) {
            ReportRecord r = ReportRecord.of(Math.max(clock.millis(), lastT), "recovered");
            r.count = (int) Math.min(Integer.MAX_VALUE, recovered);
            r.note = "a cut last line of " + recovered + " bytes was removed after an unclean stop";
            append(r);
        }
    }

    /** Reads the last complete record of a day file; cuts a partial last line. Returns the bytes cut. */
    private long readTail(long lastDay) throws IOException {
        Path file = files.log(lastDay);
        byte[] last = null;
        ReportRecord r = new ReportRecord();
        long complete;
        int trailing;
        try (LogReader reader = new LogReader(file)) {
            while (reader.next()) {
                last = java.util.Arrays.copyOfRange(reader.buffer(), reader.lineStart(), reader.lineStart() + reader.lineLength());
            }
            complete = reader.completeBytes();
            trailing = reader.trailingBytes();
        }
        if (trailing > 0) {
            LOG.warn("{}: removing a cut last line of {} bytes left by an unclean stop", file, trailing);
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(complete);
            }
        }
        if (last != null) {
            RecordCodec.read(last, 0, last.length, r);
            seq = r.seq;
            lastT = r.t;
            prevHash = hash(last);
        } else {
            // An empty last file: chain to the file before it, if any.
            for (long d = lastDay - 1; d >= lastDay - 3660; d--) {
                if (Files.exists(files.log(d))) {
                    Files.delete(file);
                    return trailing + readTail(d);
                }
            }
        }
        return trailing;
    }

    /** Appends one ledger event (those the log leaves out are skipped). */
    public void append(LedgerEvent event) throws IOException {
        ReportRecord r = EventRecords.toRecord(event, hider);
        if (r != null) {
            append(r);
        }
    }

    /** Appends a {@code start} record: the server forgot every lease (a restart), naming itself in {@code note}. */
    public void started(long at, String note) throws IOException {
        ReportRecord r = ReportRecord.of(at, "start");
        r.note = note;
        append(r);
    }

    /** Appends a {@code capacity} record: a feature's licensed seats, overdraft and first expiry (0: permanent) from {@code at}. */
    public void capacity(long at, String vendor, String feature, int seats, int overdraft, long expires) throws IOException {
        ReportRecord r = ReportRecord.of(at, "capacity").feature(vendor, feature);
        r.seats = seats;
        r.overdraft = overdraft;
        r.until = expires;
        append(r);
    }

    /** Appends a record, rotating to a new day file when its time is on a later day. */
    void append(ReportRecord r) throws IOException {
        long t = Math.max(r.t, lastT);
        long recordDay = Times.epochDay(t);
        if (recordDay > day) {
            rotate(recordDay, ReportIndexes.startsFresh(r.ev));
        }
        r.t = t;
        lastT = t;
        r.seq = ++seq;
        r.prev = prevHash;
        RecordCodec.write(r, line);
        out.write(line.bytes, 0, line.length);
        out.write('\n');
        lines++;
        sha256.update(line.bytes, 0, line.length);
        prevHash = HEX.formatHex(sha256.digest());
        aggregator.accept(r);
        dirty = true;
    }

    /** Starts a new day file at {@code now} when the day changed with no record (so every running day has a file). */
    public void rollover(long now) throws IOException {
        if (Times.epochDay(now) > day) {
            append(ReportRecord.of(now, "day"));
        }
    }

    /**
     * Hands what was appended to the operating system and records the chain's end in the anchor
     * file; forces it to disk at most once a second.
     */
    public void flush() throws IOException {
        long now = System.nanoTime();
        if (dirty) {
            out.flush();
            if (now - lastForce > 1_000_000_000L) {
                channel.force(false);
                lastForce = now;
            }
            dirty = false;
            anchorBehind = true;
        }
        // The anchor is a small file replaced whole: rewriting it for every batch of records would
        // cost more than the records. It trails the log by at most this interval (and by nothing
        // after close); the verifier accepts records after the anchor's last.
        if (anchorBehind && now - lastAnchor >= ANCHOR_INTERVAL_NANOS) {
            writeAnchorLast();
            lastAnchor = now;
            anchorBehind = false;
        }
    }

    private void rotate(long newDay, boolean fresh) throws IOException {
        if (out != null) {
            out.flush();
            channel.force(false);
            out.close();
            UsageAggregator.Day finished = aggregator.finish();
            files.writeIndex(day, finished);
            aggregator = new UsageAggregator(newDay, newDay == day + 1 && !fresh ? finished.detail().end : null);
            applyRetention(newDay);
        }
        openDay(newDay);
    }

    private void openDay(long newDay) throws IOException {
        day = newDay;
        Path file = files.log(newDay);
        boolean exists = Files.exists(file);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
        lines = exists ? countLines(file) : 0;
        if (anchorFirstFile == null) {
            anchorFirstFile = LocalDate.ofEpochDay(newDay) + ReportFiles.LOG_SUFFIX;
            anchorFirstPrev = prevHash;
            writeAnchor();
        }
    }

    /** The chain's recorded start; a log without an anchor file (older versions) starts at its first file. */
    private void readAnchor(List<Long> days) throws IOException {
        if (Files.exists(files.anchor())) {
            JsonNode first = ReportFiles.JSON.readTree(files.anchor().toFile()).path("first");
            if (first.hasNonNull("file")) {
                anchorFirstFile = first.path("file").asText();
                anchorFirstPrev = first.path("prev").asText();
                return;
            }
        }
        if (!days.isEmpty()) {
            anchorFirstFile = LocalDate.ofEpochDay(days.get(0)) + ReportFiles.LOG_SUFFIX;
            anchorFirstPrev = firstPrev(days.get(0));
        }
    }

    private static long countLines(Path file) throws IOException {
        try (LogReader reader = new LogReader(file)) {
            while (reader.next()) {
                // counting
            }
            return reader.lineNumber();
        }
    }

    /** Deletes day files older than the retention period, moving the chain's recorded start forward. */
    private void applyRetention(long today) throws IOException {
        long oldestKept = today - retentionDays + 1;
        List<Long> days = files.logDays();
        boolean deleted = false;
        for (long d : days) {
            if (d < oldestKept && d != day) {
                files.deleteDay(d);
                deleted = true;
                LOG.info("report log: deleted {} (older than {} days)", files.log(d).getFileName(), retentionDays);
            }
        }
        if (deleted) {
            List<Long> left = files.logDays();
            if (left.isEmpty()) {
                anchorFirstFile = null; // the next file opened starts the recorded chain, linked to the last hash
            } else {
                long first = left.get(0);
                anchorFirstFile = LocalDate.ofEpochDay(first) + ReportFiles.LOG_SUFFIX;
                anchorFirstPrev = firstPrev(first);
                writeAnchor();
            }
        }
    }

    private String firstPrev(long d) throws IOException {
        ReportRecord r = new ReportRecord();
        try (LogReader reader = new LogReader(files.log(d))) {
            if (reader.next()) {
                RecordCodec.read(reader.buffer(), reader.lineStart(), reader.lineLength(), r);
                return r.prev;
            }
        }
        return prevHash;
    }

    private void writeAnchorLast() throws IOException {
        writeAnchor();
    }

    /** Writes the anchor: the first file and its first record's {@code prev}, and the last record written. */
    private void writeAnchor() throws IOException {
        ObjectNode anchor = ReportFiles.JSON.createObjectNode();
        if (anchorFirstFile != null) {
            anchor.putObject("first").put("file", anchorFirstFile).put("prev", anchorFirstPrev);
        }
        if (seq > 0 && day != Long.MIN_VALUE) {
            anchor.putObject("last").put("file", LocalDate.ofEpochDay(day) + ReportFiles.LOG_SUFFIX).put("line", lines)
                    .put("seq", seq).put("sha256", prevHash);
        }
        ReportFiles.writeAtomically(files.anchor(), ReportFiles.JSON.writeValueAsBytes(anchor));
    }

    private String hash(byte[] line) {
        return HEX.formatHex(sha256.digest(line));
    }

    /** Today's aggregates so far. */
    UsageAggregator.Day today(long now) {
        return aggregator.snapshot(now);
    }

    long currentDay() {
        return day;
    }

    ReportIndexes indexes() {
        return indexes;
    }

    ReportFiles files() {
        return files;
    }

    /** The time of the last record written, epoch ms (0 for a new log). */
    public long lastTime() {
        return lastT;
    }

    /** Records written since the log began. */
    public long sequence() {
        return seq;
    }

    /** Finishes the current file (its index is written when the next day begins). */
    @Override
    public void close() throws IOException {
        if (out != null) {
            flush();
            if (anchorBehind) {
                writeAnchorLast();
                anchorBehind = false;
            }
            out.close();
            out = null;
        }
    }

    /** The text of a record, for tests and tools. */
    static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }
}
