package io.licman.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API against a real server: what the ledger holds is what the API shows, and admin actions act. */
class RestApiTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, List.of(TestServer.feature("cad", 2).build(), TestServer.feature("solver", 1).build(),
                TestServer.feature("viewer3d", 3).build(), TestServer.feature("mesh", 1).build()), "NOLOG QUEUED\n", b -> b);
        api = new ApiClient(server.port());
        admin = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void featuresAndLeasesShowWhoHoldsWhatSinceWhen() throws Exception {
        try (WireClient alice = WireClient.connect(server.port(), "alice", "ws-alice", null)) {
            Granted granted = alice.checkout("cad");
            JsonNode cad = feature(api.get("/api/v1/features?feature=cad", admin).json(), "cad");
            assertThat(cad.path("seatsTotal").asInt()).isEqualTo(2);
            assertThat(cad.path("seatsUsed").asInt()).isEqualTo(1);
            assertThat(cad.path("seatsFree").asInt()).isEqualTo(1);
            assertThat(cad.path("expires").asText()).startsWith("2100-01-01");
            assertThat(cad.path("expiringSoon").asBoolean()).isFalse();

            JsonNode leases = api.get("/api/v1/leases?feature=cad", admin).json();
            assertThat(leases.path("total").asInt()).isEqualTo(1);
            JsonNode lease = leases.path("leases").get(0);
            assertThat(lease.path("id").asText()).isEqualTo(String.format("%016x", granted.getLeaseId()));
            assertThat(lease.path("user").asText()).isEqualTo("alice");
            assertThat(lease.path("host").asText()).isEqualTo("ws-alice");
            assertThat(lease.path("version").asText()).isEqualTo("2.0");
            assertThat(lease.path("since").asText()).endsWith("Z");
            assertThat(lease.path("borrowedUntil").isNull()).isTrue();
            alice.checkin(granted);
        }
    }

    @Test
    void statusSummarisesTheServer() throws Exception {
        ApiClient.Answer answer = api.get("/api/v1/status", admin);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode status = answer.json();
        assertThat(status.path("server").asText()).isEqualTo("test");
        assertThat(status.path("status").asText()).isEqualTo("ok");
        assertThat(status.path("features").asInt()).isEqualTo(4);
        assertThat(status.path("reportLog").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void deniedCheckoutsAppearAmongRecentDenialsNewestFirst() throws Exception {
        try (WireClient bob = WireClient.connect(server.port(), "bob", "ws-bob", null);
             WireClient carol = WireClient.connect(server.port(), "carol", "ws-carol", null)) {
            Granted held = bob.checkout("solver");
            ServerFrame refused = carol.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("solver")));
            assertThat(refused.hasDenied()).isTrue();
            JsonNode denial = api.get("/api/v1/denials?limit=5", admin).json().path("denials").get(0);
            assertThat(denial.path("user").asText()).isEqualTo("carol");
            assertThat(denial.path("feature").asText()).isEqualTo("solver");
            assertThat(denial.path("reason").asText()).isEqualTo("ALL_SEATS_IN_USE");
            bob.checkin(held);
        }
    }

    @Test
    void queuedCheckoutsAreListedInQueueOrder() throws Exception {
        try (WireClient dan = WireClient.connect(server.port(), "dan", "ws-dan", null);
             WireClient erin = WireClient.connect(server.port(), "erin", "ws-erin", null)) {
            Granted held = dan.checkout("mesh");
            ServerFrame queued = erin.call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature("mesh")
                    .setQueue(true)));
            assertThat(queued.hasQueued()).isTrue();
            JsonNode entry = api.get("/api/v1/queue?feature=mesh", admin).json().path("queue").get(0);
            assertThat(entry.path("user").asText()).isEqualTo("erin");
            assertThat(entry.path("position").asInt()).isEqualTo(1);
            assertThat(feature(api.get("/api/v1/features", admin).json(), "mesh").path("queued").asInt()).isEqualTo(1);
            dan.checkin(held);
        }
    }

    @Test
    void removingALeaseFreesTheSeatAndTellsItsHolder() throws Exception {
        try (WireClient frank = WireClient.connect(server.port(), "frank", "ws-frank", null)) {
            Granted granted = frank.checkout("viewer3d");
            String id = String.format("%016x", granted.getLeaseId());
            ApiClient.Answer removed = api.delete("/api/v1/leases/" + id, admin);
            assertThat(removed.status()).isEqualTo(200);
            assertThat(removed.json().path("removed").asInt()).isEqualTo(1);
            ServerFrame push = frank.read();
            assertThat(push.hasLeaseRevokedPush()).isTrue();
            assertThat(push.getLeaseRevokedPush().getLeaseId()).isEqualTo(granted.getLeaseId());

            ApiClient.Answer again = api.delete("/api/v1/leases/" + id, admin);
            assertThat(again.status()).isEqualTo(404);
            assertThat(again.contentType()).isEqualTo("application/problem+json");
            assertThat(again.json().path("type").asText()).isEqualTo("urn:licman:problem:no-such-lease");
        }
    }

    @Test
    void removingAUserTakesEverySeatOfThatUser() throws Exception {
        try (WireClient gina = WireClient.connect(server.port(), "gina", "ws-gina", null)) {
            gina.checkout("viewer3d");
            gina.checkout("viewer3d");
            ApiClient.Answer removed = api.post("/api/v1/remove", admin, "{\"user\":\"gina\",\"feature\":\"viewer3d\"}");
            assertThat(removed.json().path("removed").asInt()).isEqualTo(2);
            assertThat(api.get("/api/v1/leases?user=gina", admin).json().path("total").asInt()).isZero();
        }
    }

    @Test
    void removeNeedsExactlyOneTarget() throws Exception {
        ApiClient.Answer answer = api.post("/api/v1/remove", admin, "{\"user\":\"a\",\"host\":\"b\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).contains("exactly one");
        assertThat(api.post("/api/v1/remove", admin, "not json").status()).isEqualTo(400);
        assertThat(api.delete("/api/v1/leases/xyz", admin).status()).isEqualTo(400);
    }

    @Test
    void reloadReportsWhatItLoaded() throws Exception {
        JsonNode reload = api.post("/api/v1/reload", admin, null).json();
        assertThat(reload.path("applied").asBoolean()).isTrue();
        assertThat(reload.path("featuresLoaded").asInt()).isEqualTo(4);
        assertThat(reload.path("files").get(0).path("problems").size()).isZero();
    }

    @Test
    void optionsShowThePolicyInForce() throws Exception {
        JsonNode options = api.get("/api/v1/options", admin).json();
        assertThat(options.path("noLog").toString()).contains("QUEUED");
        assertThat(options.path("text").asText()).contains("NOLOG QUEUED");
        assertThat(options.path("file").asText()).endsWith("site.opt");
    }

    @Test
    void historyAndReportAnswerFromTheReportLog() throws Exception {
        try (WireClient hal = WireClient.connect(server.port(), "hal", "ws-hal", null)) {
            Granted g = hal.checkout("cad");
            hal.checkin(g);
        }
        JsonNode history = api.get("/api/v1/history?resolution=hour", admin).json();
        assertThat(history.path("resolution").asText()).isEqualTo("hour");
        assertThat(history.path("series").toString()).contains("\"feature\":\"cad\"");
        ApiClient.Answer html = api.get("/api/v1/report?format=html&feature=cad", admin);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.body()).contains("<svg").contains("acme/cad");
    }

    @Test
    void unknownRoutesAndWrongMethodsAreProblems() throws Exception {
        ApiClient.Answer missing = api.get("/api/v1/nothing-here", admin);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        ApiClient.Answer wrongMethod = api.send("PUT", "/api/v1/reload", admin, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void healthAndMetricsStillAnswerBesideTheApi() throws Exception {
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        assertThat(api.get("/metrics", null).body()).contains("licman_request_seconds").contains("licman_report_records_written_total");
    }

    static JsonNode feature(JsonNode features, String name) {
        for (JsonNode f : features.path("features")) {
            if (f.path("feature").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name + " in " + features);
    }
}
