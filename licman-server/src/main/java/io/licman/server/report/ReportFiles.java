package io.licman.server.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the report log lives in the data directory:
 *
 * <pre>
 * reports/2026-11-27.jsonl          the log of one UTC day, JSON lines, hash-chained
 * reports/index/2026-11-27.hours.json  per feature, per hour aggregates of that day
 * reports/index/2026-11-27.day.json    per user use, denials, the state the day ended in
 * reports/anchor.json               the chain's first and last links, to detect cut ends
 * report.key                        the secret for hidden user names (HIDE_USER), mode 0600
 * </pre>
 */
public final class ReportFiles {

    static final String DIRECTORY = "reports";
    static final String LOG_SUFFIX = ".jsonl";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;

    private ReportFiles(Path dir) {
        this.dir = dir;
    }

    /** The report files of a data directory (nothing is created). */
    public static ReportFiles of(Path dataDirectory) {
        return new ReportFiles(dataDirectory.resolve(DIRECTORY));
    }

    public Path directory() {
        return dir;
    }

    Path log(long epochDay) {
        return dir.resolve(LocalDate.ofEpochDay(epochDay) + LOG_SUFFIX);
    }

    Path hours(long epochDay) {
        return dir.resolve("index").resolve(LocalDate.ofEpochDay(epochDay) + ".hours.json");
    }

    Path detail(long epochDay) {
        return dir.resolve("index").resolve(LocalDate.ofEpochDay(epochDay) + ".day.json");
    }

    Path anchor() {
        return dir.resolve("anchor.json");
    }

    /** The days that have a log file, oldest first. */
    public List<Long> logDays() throws IOException {
        List<Long> days = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return days;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LOG_SUFFIX)) {
            for (Path f : files) {
                dayOf(f.getFileName().toString()).ifPresent(days::add);
            }
        }
        days.sort(null);
        return days;
    }

    static Optional<Long> dayOf(String fileName) {
        if (!fileName.matches("\\d{4}-\\d{2}-\\d{2}\\" + LOG_SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(fileName.substring(0, 10)).toEpochDay());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<DayHours> readHours(long epochDay) throws IOException {
        return read(hours(epochDay), DayHours.class);
    }

    Optional<DayDetail> readDetail(long epochDay) throws IOException {
        return read(detail(epochDay), DayDetail.class);
    }

    void writeIndex(long epochDay, UsageAggregator.Day day) throws IOException {
        Files.createDirectories(dir.resolve("index"));
        writeAtomically(hours(epochDay), JSON.writeValueAsBytes(day.hours()));
        writeAtomically(detail(epochDay), JSON.writeValueAsBytes(day.detail()));
    }

    void deleteDay(long epochDay) throws IOException {
        Files.deleteIfExists(log(epochDay));
        Files.deleteIfExists(hours(epochDay));
        Files.deleteIfExists(detail(epochDay));
    }

    private static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(JSON.readValue(in, type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
