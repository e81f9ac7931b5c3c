package io.licman.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.licman.server.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the server's routes agree: every route is documented, and every documented route answers. */
class OpenApiContractTest {

    /** Bodies that reach each action's handler without changing the server for good. */
    private static final Map<String, String> HARMLESS_BODIES = Map.of(
            "POST /api/v1/shutdown", "{\"reconnectAfterSeconds\":-1}",
            "POST /api/v1/tokens", "{\"role\":\"nobody\"}",
            "POST /api/v1/remove", "{}",
            "POST /api/v1/reload", "");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteAnswers(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad", 1).build())) {
            ApiClient api = new ApiClient(server.port());
            ApiClient.Answer answer = api.get("/api/v1/openapi.json", null);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode doc = answer.json();
            assertThat(doc.path("openapi").asText()).startsWith("3.");

            TreeSet<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    documented.add(methods.next().toUpperCase() + " " + path.getKey());
                }
            }
            assertThat(documented).containsExactlyInAnyOrderElementsOf(server.server().httpApi().rest().describeRoutes());

            String admin = server.adminToken();
            for (String route : documented) {
                String method = route.substring(0, route.indexOf(' '));
                String template = route.substring(route.indexOf(' ') + 1);
                String path = template.replace("{leaseId}", "0000000000000001").replace("{tokenId}", "tk_000000000000");
                JsonNode op = doc.path("paths").path(template).path(method.toLowerCase());
                int status = path.endsWith("/events") ? streamStatus(server.port(), path, admin)
                        : api.send(method, path, admin, HARMLESS_BODIES.get(route)).status();
                assertThat(op.path("responses").has(String.valueOf(status)))
                        .as(route + " answered " + status + ", which its documentation does not list").isTrue();
                assertThat(status).as(route).isNotEqualTo(405);
            }
            assertThat(server.server().isStopping()).isFalse();
        }
    }

    @Test
    void everyOperationSaysWhichRoleItNeeds(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("cad", 1).build())) {
            JsonNode doc = new ApiClient(server.port()).get("/api/v1/openapi.json", null).json();
            for (RestApi.Route route : server.server().httpApi().rest().routes()) {
                JsonNode op = doc.path("paths").path(route.template()).path(route.method().toLowerCase());
                String expected = switch (route.access()) {
                    case PUBLIC -> "";
                    case VIEWER -> "viewer";
                    case ADMIN -> "admin";
                };
                assertThat(op.path("x-licman-role").asText("")).as(route.method() + " " + route.template()).isEqualTo(expected);
            }
        }
    }

    private static int streamStatus(int port, String path, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        byte[] first = new byte[13];
        int n = r.body().readNBytes(first, 0, first.length);
        assertThat(new String(first, 0, n)).isEqualTo("event: update");
        r.body().close();
        return r.statusCode();
    }
}
