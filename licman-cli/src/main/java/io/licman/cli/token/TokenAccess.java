package io.licman.cli.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.cli.admin.ServerAddress;
import io.licman.core.protocol.Endpoint;
import io.licman.server.auth.IssuedToken;
import io.licman.server.auth.Role;
import io.licman.server.auth.TokenInfo;
import io.licman.server.auth.TokenStore;
import io.licman.server.config.DataDirectory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The token store as {@code licman token} reaches it: directly in the server's data directory
 * (the default, on the server machine; the running server sees changes at once), or over the HTTP
 * API with {@code --server} and an admin token.
 */
abstract class TokenAccess {

    abstract IssuedToken create(Role role, String name);

    abstract List<TokenInfo> list();

    /** False when no token has the id. */
    abstract boolean revoke(String id);

    /** Where the tokens are, for messages. */
    abstract String where();

    static TokenAccess of(CliEnvironment env, TokenOptions options) {
        if (options.server != null) {
            List<Endpoint> endpoints = ServerAddress.parse(options.server, "--server");
            return new Remote(env, endpoints.get(0), ServerAddress.adminToken(env, options.token, options.data));
        }
        return new Local(env, dataDirectory(env, options.data));
    }

    private static Path dataDirectory(CliEnvironment env, Path explicit) {
        List<Path> searched = ServerAddress.localDataDirectories(env, explicit);
        for (Path dir : searched) {
            if (Files.isReadable(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE))) {
                return dir;
            }
        }
        throw new UserError("no licman data directory here (looked for admin.token in " + String.join(", ",
                searched.stream().map(Path::toString).toList()) + "); give --data DIR on the server machine, or --server PORT@HOST "
                + "--token ADMIN_TOKEN to go through the HTTP API");
    }

    /** The data directory on this machine. */
    static final class Local extends TokenAccess {
        private final CliEnvironment env;
        private final Path dir;
        private final TokenStore store;

        Local(CliEnvironment env, Path dir) {
            this.env = env;
            this.dir = dir;
            try {
                this.store = TokenStore.open(dir, Files.readString(dir.resolve(DataDirectory.ADMIN_TOKEN_FILE), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UserError("cannot read " + dir.resolve(DataDirectory.ADMIN_TOKEN_FILE) + ": " + e.getMessage());
            }
        }

        @Override
        IssuedToken create(Role role, String name) {
            try {
                return store.create(role, name, env.clock().instant());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            } catch (java.io.UncheckedIOException e) {
                throw new UserError(e.getMessage() + " (run this as the user the server runs as)");
            }
        }

        @Override
        List<TokenInfo> list() {
            return store.list();
        }

        @Override
        boolean revoke(String id) {
            try {
                return store.revoke(id);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }

        @Override
        String where() {
            return dir.resolve(TokenStore.FILE).toString();
        }
    }

    /** A server's HTTP API. */
    static final class Remote extends TokenAccess {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Endpoint endpoint;
        private final String token;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Remote(CliEnvironment env, Endpoint endpoint, String token) {
            this.endpoint = endpoint;
            this.token = token;
        }

        @Override
        IssuedToken create(Role role, String name) {
            JsonNode t = call("POST", "/api/v1/tokens", JSON.createObjectNode().put("role", role.text()).put("name", name == null ? "" : name)
                    .toString(), 201);
            return new IssuedToken(info(t), t.path("token").asText());
        }

        @Override
        List<TokenInfo> list() {
            List<TokenInfo> out = new ArrayList<>();
            for (JsonNode t : call("GET", "/api/v1/tokens", null, 200).path("tokens")) {
                out.add(info(t));
            }
            return out;
        }

        @Override
        boolean revoke(String id) {
            return call("DELETE", "/api/v1/tokens/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8), null, 204) != null;
        }

        @Override
        String where() {
            return endpoint.toString();
        }

        private static TokenInfo info(JsonNode t) {
            String created = t.path("created").asText("");
            return new TokenInfo(t.path("id").asText(), t.path("name").asText(), Role.parse(t.path("role").asText()).orElse(Role.VIEWER),
                    created.isEmpty() || created.equals("null") ? Instant.EPOCH : Instant.parse(created), t.path("bootstrap").asBoolean());
        }

        /** The JSON answer; null for a 404 on DELETE. */
        private JsonNode call(String method, String path, String body, int expected) {
            String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + endpoint.port() + path))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new UserError("cannot reach " + endpoint + ": connection refused", ExitCodes.UNAVAILABLE);
            } catch (IOException e) {
                throw new UserError("cannot reach " + endpoint + ": " + e.getMessage(), ExitCodes.UNAVAILABLE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted", ExitCodes.UNAVAILABLE);
            }
            if (response.statusCode() == expected) {
                try {
                    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new UserError(endpoint + " answered something that is not JSON");
                }
            }
            if (response.statusCode() == 404 && method.equals("DELETE")) {
                return null;
            }
            String detail;
            try {
                detail = JSON.readTree(response.body()).path("detail").asText(response.body());
            } catch (IOException e) {
                detail = "HTTP " + response.statusCode();
            }
            throw new UserError(endpoint + ": " + detail, response.statusCode() == 401 || response.statusCode() == 403
                    ? ExitCodes.USAGE : ExitCodes.NEGATIVE);
        }
    }
}
