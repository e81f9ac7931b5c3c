package io.licman.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Granted;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics: seats, license expiry, request latency and the report log, as the alert rules in docs/operations.md use them. */
class MetricsEndpointTest {

    @Test
    void checkoutsShowInSeatsLatencyAndTheReportLog(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad", 2).build());
             WireClient alice = WireClient.connect(server.port(), "alice", "ws-alice", null)) {
            ApiClient api = new ApiClient(server.port());
            Granted granted = alice.checkout("cad");
            String metrics = awaitMetric(api, "licman_seats_used\\{feature=\"cad\",vendor=\"acme\"} 1.0");
            assertThat(value(metrics, "licman_seats_licensed\\{feature=\"cad\",vendor=\"acme\"}")).isEqualTo(2.0);
            assertThat(value(metrics, "licman_seats_overdraft\\{feature=\"cad\",vendor=\"acme\"}")).isZero();
            assertThat(value(metrics, "licman_license_expiry_timestamp_seconds\\{feature=\"cad\",vendor=\"acme\"}"))
                    .isEqualTo(java.time.Instant.parse("2100-01-01T00:00:00Z").getEpochSecond());
            assertThat(value(metrics, "licman_request_seconds_count\\{type=\"checkout\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(metrics).contains("licman_request_seconds_bucket{type=\"checkout\",le=");
            assertThat(value(metrics, "licman_report_records_written_total")).isGreaterThan(0.0);
            assertThat(value(metrics, "licman_report_records_dropped_total")).isZero();
            assertThat(metrics).contains("jvm_memory_used_bytes");
            alice.checkin(granted);
            assertThat(value(api.get("/metrics", null).body(), "licman_request_seconds_count\\{type=\"checkin\"}")).isGreaterThanOrEqualTo(1.0);
        }
    }

    /** Scrapes until the line appears (seat gauges are refreshed once a second). */
    private static String awaitMetric(ApiClient api, String regex) throws Exception {
        Pattern p = Pattern.compile("^" + regex + "$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String body = api.get("/metrics", null).body();
            if (p.matcher(body).find()) {
                return body;
            }
            assertThat(System.nanoTime()).as("waiting for " + regex).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("^" + series + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
