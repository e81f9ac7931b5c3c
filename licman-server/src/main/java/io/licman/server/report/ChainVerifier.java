package io.licman.server.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks a report log's hash chain ({@code licman report verify}): every record must carry the
 * SHA-256 of the line before it (the first line of a day, of the last line of the previous day
 * file), sequence numbers must run without gaps, and the chain's ends must match the anchor file.
 * Any edited, inserted or deleted line, and any deleted or cut day file, breaks it; the result
 * names the file and line of the first break.
 */
public final class ChainVerifier {

    private final ReportFiles files;

    private ChainVerifier(ReportFiles files) {
        this.files = files;
    }

    public static ChainVerifier of(Path dataDirectory) {
        return new ChainVerifier(ReportFiles.of(dataDirectory));
    }

    /**
     * The outcome.
     *
     * @param files day files read
     * @param records records checked
     * @param firstBreak where the chain first breaks, if it does
     * @param notes things worth knowing that are not breaks (a line being written, retention)
     */
    public record Result(int files, long records, Optional<Break> firstBreak, List<String> notes) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    /**
     * A break.
     *
     * @param file the day file
     * @param line its line, from 1
     * @param problem what is wrong, in words
     */
    public record Break(Path file, long line, String problem) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + problem;
        }
    }

    public Result verify() throws IOException {
        List<Long> days = files.logDays();
        List<String> notes = new ArrayList<>();
        JsonNode anchor = Files.exists(files.anchor()) ? ReportFiles.JSON.readTree(files.anchor().toFile()) : null;
        if (days.isEmpty()) {
            if (anchor != null && anchor.path("last").path("seq").asLong() > 0) {
                return new Result(0, 0, Optional.of(new Break(files.anchor(), 1,
                        "the anchor records " + anchor.path("last").path("seq").asLong() + " records, but every day file is gone")), notes);
            }
            return new Result(0, 0, Optional.empty(), notes);
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String firstFile = LocalDate.ofEpochDay(days.get(0)) + ReportFiles.LOG_SUFFIX;
        String expectedPrev = ReportLogWriter.ZERO_HASH;
        if (anchor != null && anchor.path("first").hasNonNull("file")) {
            String anchoredFile = anchor.path("first").path("file").asText();
            if (!anchoredFile.equals(firstFile)) {
                Path missing = files.directory().resolve(anchoredFile);
                return new Result(0, 0, Optional.of(new Break(files.directory().resolve(firstFile), 1, "the log should begin with "
                        + missing.getFileName() + ", which is missing (day files were deleted)")), notes);
            }
            expectedPrev = anchor.path("first").path("prev").asText();
            if (!expectedPrev.equals(ReportLogWriter.ZERO_HASH)) {
                notes.add("older days were removed by the retention period; the chain is checked from " + firstFile);
            }
        } else {
            notes.add("no anchor file: the chain's ends cannot be checked");
        }
        long anchorSeq = anchor == null ? -1 : anchor.path("last").path("seq").asLong(-1);
        String anchorHash = anchor == null ? null : anchor.path("last").path("sha256").asText(null);
        long expectedSeq = -1;
        long records = 0;
        Path previousFile = null;
        long previousLine = 0;
        boolean anchorSeen = anchorSeq <= 0;
        ReportRecord r = new ReportRecord();
        for (long day : days) {
            Path file = files.log(day);
            try (LogReader reader = new LogReader(file)) {
                while (reader.next()) {
                    long line = reader.lineNumber();
                    byte[] buf = reader.buffer();
                    try {
                        RecordCodec.read(buf, reader.lineStart(), reader.lineLength(), r);
                    } catch (IOException e) {
                        return broken(days, records, file, line, "not a readable record (" + e.getMessage() + ")", notes);
                    }
                    if (expectedSeq >= 0 && r.seq != expectedSeq) {
                        String problem = r.seq > expectedSeq
                                ? "records " + expectedSeq + (r.seq - 1 > expectedSeq ? " to " + (r.seq - 1) : "") + " are missing before this line (deleted)"
                                : "record " + r.seq + " is out of order: " + expectedSeq + " was expected (a line was inserted or moved)";
                        return broken(days, records, file, line, problem, notes);
                    }
                    if (!expectedPrev.equals(r.prev)) {
                        if (line == 1 && previousFile != null) {
                            return broken(days, records, previousFile, previousLine,
                                    "this last line of its day was changed, or lines after it deleted: " + file.getFileName()
                                            + ":1 recorded a different hash", notes);
                        }
                        if (line == 1) {
                            return broken(days, records, file, line, "the first record does not start the chain", notes);
                        }
                        return broken(days, records, file, line - 1, "this record was changed after it was written: line " + line
                                + " recorded a different hash for it", notes);
                    }
                    sha256.update(buf, reader.lineStart(), reader.lineLength());
                    expectedPrev = HexFormat.of().formatHex(sha256.digest());
                    expectedSeq = r.seq + 1;
                    if (r.seq == anchorSeq) {
                        anchorSeen = true;
                        if (anchorHash != null && !anchorHash.equals(expectedPrev)) {
                            return broken(days, records, file, line, "this record was changed after it was written: the anchor "
                                    + "recorded a different hash for it", notes);
                        }
                    }
                    records++;
                    previousFile = file;
                    previousLine = line;
                }
                if (reader.trailingBytes() > 0) {
                    notes.add(file.getFileName() + " ends with a line being written (" + reader.trailingBytes() + " bytes), not checked");
                }
            }
        }
        if (!anchorSeen) {
            return broken(days, records, previousFile, previousLine, "records after this line are missing: the server wrote up to record "
                    + anchorSeq + " (" + anchor.path("last").path("file").asText() + ":" + anchor.path("last").path("line").asLong() + ")", notes);
        }
        return new Result(days.size(), records, Optional.empty(), notes);
    }

    private static Result broken(List<Long> days, long records, Path file, long line, String problem, List<String> notes) {
        return new Result(days.size(), records, Optional.of(new Break(file, line, problem)), notes);
    }
}
