package io.licman.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ReloadRequest;
import io.licman.server.http.ApiClient;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what over HTTP and the binary protocol: viewers read, admins act, anyone else is turned away. */
class AuthorizationTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static ApiClient api;
    static String viewer;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, TestServer.feature("cad", 2).build());
        api = new ApiClient(server.port());
        viewer = server.server().tokens().create(Role.VIEWER, "wall screen", Instant.now()).secret();
        admin = server.server().tokens().create(Role.ADMIN, "ops", Instant.now()).secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aViewerReadsEverything() throws Exception {
        for (String path : List.of("/api/v1/status", "/api/v1/features", "/api/v1/leases", "/api/v1/queue", "/api/v1/denials",
                "/api/v1/options", "/api/v1/history", "/api/v1/me")) {
            assertThat(api.get(path, viewer).status()).as(path).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/me", viewer).json().path("role").asText()).isEqualTo("viewer");
    }

    @Test
    void aViewerCannotActAndIsToldWhy() throws Exception {
        for (ApiClient.Answer answer : List.of(api.post("/api/v1/reload", viewer, null),
                api.post("/api/v1/remove", viewer, "{\"user\":\"x\"}"), api.delete("/api/v1/leases/0000000000000001", viewer),
                api.post("/api/v1/shutdown", viewer, null), api.get("/api/v1/tokens", viewer),
                api.post("/api/v1/tokens", viewer, "{\"role\":\"admin\"}"))) {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            assertThat(answer.json().path("detail").asText()).contains("admin token");
        }
        assertThat(server.server().isStopping()).isFalse();
    }

    @Test
    void anAdminActs() throws Exception {
        assertThat(api.post("/api/v1/reload", admin, null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tokens", admin).json().path("tokens").toString()).contains("wall screen").doesNotContain(viewer);
    }

    @Test
    void theAdminTokenFileIsAlwaysAnAdminToken() throws Exception {
        assertThat(api.get("/api/v1/me", server.adminToken()).json().path("role").asText()).isEqualTo("admin");
        assertThat(api.post("/api/v1/reload", server.adminToken(), null).status()).isEqualTo(200);
    }

    @Test
    void aWrongOrMissingTokenIsUnauthorizedWithoutEchoingIt() throws Exception {
        String wrong = "lm_admin_this-is-not-a-token";
        ApiClient.Answer refused = api.get("/api/v1/features", wrong);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.raw().headers().firstValue("WWW-Authenticate").orElse("")).contains("Bearer").contains("invalid_token");
        assertThat(refused.body()).doesNotContain(wrong).doesNotContain("lm_admin_");

        ApiClient.Answer missing = api.get("/api/v1/features", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("type").asText()).isEqualTo("urn:licman:problem:unauthorized");
        assertThat(api.send("GET", "/api/v1/features", null, null).status()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() throws Exception {
        IssuedToken temporary = server.server().tokens().create(Role.VIEWER, "temporary", Instant.now());
        assertThat(api.get("/api/v1/status", temporary.secret()).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/tokens/" + temporary.info().id(), admin).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/status", temporary.secret()).status()).isEqualTo(401);
    }

    @Test
    void tokensCreatedOverTheApiWork() throws Exception {
        ApiClient.Answer created = api.post("/api/v1/tokens", admin, "{\"role\":\"viewer\",\"name\":\"kiosk\"}");
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().path("token").asText();
        assertThat(token).startsWith("lm_viewer_");
        assertThat(api.get("/api/v1/me", token).json().path("name").asText()).isEqualTo("kiosk");
        assertThat(api.delete("/api/v1/tokens/admin.token", admin).status()).isEqualTo(409);
    }

    @Test
    void theBinaryProtocolAcceptsAdminTokensOfTheStoreOnly() throws Exception {
        try (WireClient ops = WireClient.connect(server.port(), "ops", "console", admin)) {
            assertThat(ops.call(ClientFrame.newBuilder().setReloadRequest(ReloadRequest.newBuilder())).hasReloadReply()).isTrue();
        }
        assertThatThrownBy(() -> WireClient.connect(server.port(), "ops", "console", viewer)).isInstanceOf(IOException.class)
                .hasMessageContaining("NOT_AUTHENTICATED");
    }

    @Test
    void theOpenApiDocumentAndTheDashboardNeedNoToken() throws Exception {
        assertThat(api.get("/api/v1/openapi.json", null).status()).isEqualTo(200);
        assertThat(api.get("/", null).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/access", null).json().path("anonymousRead").asBoolean()).isFalse();
    }

    @Test
    void anonymousReadsWhenTheServerAllowsThemButNeverActions(@TempDir Path other) throws Exception {
        try (TestServer open = TestServer.start(other, List.of(TestServer.feature("cad", 1).build()), null, b -> b.httpAnonymousRead(true))) {
            ApiClient anonymous = new ApiClient(open.port());
            assertThat(anonymous.get("/api/v1/features", null).status()).isEqualTo(200);
            assertThat(anonymous.get("/api/v1/me", null).json().path("anonymous").asBoolean()).isTrue();
            assertThat(anonymous.get("/api/v1/access", null).json().path("anonymousRead").asBoolean()).isTrue();
            assertThat(anonymous.post("/api/v1/reload", null, null).status()).isEqualTo(401);
            assertThat(anonymous.get("/api/v1/tokens", null).status()).isEqualTo(401);
            assertThat(anonymous.get("/api/v1/features", "wrong-token").status()).isEqualTo(401);
        }
    }
}
