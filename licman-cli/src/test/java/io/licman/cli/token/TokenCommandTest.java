package io.licman.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliRunner;
import io.licman.cli.CliRunner.Result;
import io.licman.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code licman token}: on the data directory of a running server, and over its HTTP API. */
@Timeout(60)
class TokenCommandTest {

    @TempDir
    Path dir;
    TestServer server;
    CliRunner licman;
    String data;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, List.of(TestServer.feature("cad", 1).build()), null, b -> b);
        licman = new CliRunner(dir, Instant.parse("2026-11-27T10:00:00Z"));
        data = server.server().dataDirectory().root().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int status(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/status"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aTokenCreatedInTheDataDirectoryWorksAtOnceUntilRevoked() throws Exception {
        Result created = licman.run("token", "create", "--role", "viewer", "--name", "wall screen", "--data", data);
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).startsWith("lm_viewer_");
        assertThat(created.err()).contains("shown only now");
        assertThat(status(token)).isEqualTo(200);

        Result list = licman.run("token", "list", "--data", data);
        assertThat(list.out()).contains("wall screen").contains("viewer").contains("admin.token").doesNotContain(token);
        String id = list.out().lines().filter(l -> l.contains("wall screen")).findFirst().orElseThrow().split("\\s+")[0];

        Result revoked = licman.run("token", "revoke", id, "--data", data);
        assertThat(revoked.exitCode()).isZero();
        assertThat(status(token)).isEqualTo(401);
        assertThat(licman.run("token", "revoke", id, "--data", data).exitCode()).isEqualTo(1);
    }

    @Test
    void tokensCanBeManagedOverTheApiWithAnAdminToken() throws Exception {
        String server = this.server.port() + "@127.0.0.1";
        String admin = "@" + this.server.server().dataDirectory().root().resolve("admin.token");
        Result created = licman.run("token", "create", "--role", "admin", "--name", "ops", "--server", server, "--token", admin);
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(status(created.out().strip())).isEqualTo(200);
        assertThat(licman.run("token", "list", "--server", server, "--token", admin).out()).contains("ops");

        Result refused = licman.run("token", "list", "--server", server, "--token", "not-a-token");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("not accepted");
    }

    @Test
    void aBadRoleIsAUsageError() {
        Result r = licman.run("token", "create", "--role", "root", "--data", data);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("viewer or admin");
    }
}
