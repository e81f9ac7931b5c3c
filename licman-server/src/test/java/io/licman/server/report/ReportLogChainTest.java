package io.licman.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report log's hash chain: intact as written, across days and restarts; any edit or deletion is found and located. */
class ReportLogChainTest {

    @TempDir
    Path data;
    TestClock clock = new TestClock("2026-05-10T08:00:00Z");
    Path day1;
    Path day2;

    @BeforeEach
    void writeTwoDays() throws Exception {
        try (ReportLogWriter writer = ReportLogWriter.open(data, clock, 400, false)) {
            History h = new History(writer).raw("2026-05-10T08:00:00Z", "start").capacity("2026-05-10T08:00:00Z", "cad", 5);
            for (int i = 0; i < 5; i++) {
                h.grant("2026-05-10T09:0" + i + ":00Z", "cad", "user" + i, "l" + i);
            }
            for (int i = 0; i < 5; i++) {
                h.checkin("2026-05-11T10:0" + i + ":00Z", "cad", "user" + i, "l" + i);
            }
            writer.flush();
        }
        day1 = data.resolve("reports/2026-05-10.jsonl");
        day2 = data.resolve("reports/2026-05-11.jsonl");
    }

    private ChainVerifier.Result verify() throws Exception {
        return ChainVerifier.of(data).verify();
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        ChainVerifier.Result result = verify();
        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.files()).isEqualTo(2);
        assertThat(result.records()).isEqualTo(12);
        assertThat(Files.readAllLines(day2).get(0)).contains("\"seq\":8");
    }

    @Test
    void anEditedLineIsFoundByFileAndLine() throws Exception {
        replaceLine(day1, 4, line -> line.replace("user1", "mallory"));
        ChainVerifier.Break broken = verify().firstBreak().orElseThrow();
        assertThat(broken.file()).isEqualTo(day1);
        assertThat(broken.line()).isEqualTo(4);
        assertThat(broken.problem()).contains("changed");
    }

    @Test
    void aDeletedLineIsFoundByFileAndLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(day2));
        lines.remove(2);
        Files.write(day2, lines);
        ChainVerifier.Break broken = verify().firstBreak().orElseThrow();
        assertThat(broken.file()).isEqualTo(day2);
        assertThat(broken.line()).isEqualTo(3);
        assertThat(broken.problem()).contains("missing").contains("10");
    }

    @Test
    void anEditedLastLineOfADayIsFoundThroughTheNextDay() throws Exception {
        List<String> lines = Files.readAllLines(day1);
        replaceLine(day1, lines.size(), line -> line.replace("user4", "user9"));
        ChainVerifier.Break broken = verify().firstBreak().orElseThrow();
        assertThat(broken.file()).isEqualTo(day1);
        assertThat(broken.line()).isEqualTo(lines.size());
    }

    @Test
    void cuttingTheEndOfTheLogIsFound() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(day2));
        lines.remove(lines.size() - 1);
        Files.write(day2, lines);
        ChainVerifier.Break broken = verify().firstBreak().orElseThrow();
        assertThat(broken.problem()).contains("missing").contains("record 12");
    }

    @Test
    void aDeletedDayFileIsFound() throws Exception {
        Files.delete(day1);
        assertThat(verify().firstBreak()).isPresent();
    }

    @Test
    void aRestartContinuesTheChainAndCutsALineLeftHalfWritten() throws Exception {
        Files.write(day2, "{\"seq\":13,\"t\":\"2026-05-11T".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        clock.set("2026-05-11T12:00:00Z");
        try (ReportLogWriter writer = ReportLogWriter.open(data, clock, 400, false)) {
            new History(writer).raw("2026-05-11T12:00:00Z", "start").grant("2026-05-11T12:01:00Z", "cad", "zoe", "z");
            writer.flush();
        }
        ChainVerifier.Result result = verify();
        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.records()).isEqualTo(15);
        assertThat(Files.readString(day2)).contains("\"ev\":\"recovered\"");
    }

    @Test
    void retentionDeletesOldDaysAndTheChainStillVerifies() throws Exception {
        clock.set("2026-05-13T00:30:00Z");
        try (ReportLogWriter writer = ReportLogWriter.open(data, clock, 2, false)) {
            new History(writer).raw("2026-05-13T00:30:00Z", "start");
            writer.flush();
        }
        assertThat(day1).doesNotExist();
        assertThat(day2).doesNotExist();
        ChainVerifier.Result result = verify();
        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.notes()).anyMatch(n -> n.contains("retention"));
    }

    private static void replaceLine(Path file, int lineNumber, java.util.function.UnaryOperator<String> change) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String before = lines.get(lineNumber - 1);
        String after = change.apply(before);
        assertThat(after).isNotEqualTo(before);
        lines.set(lineNumber - 1, after);
        Files.write(file, lines);
    }
}
