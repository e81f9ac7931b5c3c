package io.licman.server.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.licman.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP requests built from fuzz data (routes of the API with odd query strings, JSON bodies of any
 * shape for the POST routes, odd headers, and now and then raw bytes) go to a real server with a
 * valid admin token. Every request gets a well-formed status line, and never {@code 500}.
 * {@code POST /api/v1/shutdown} and token revocation are left out, so that one run keeps one
 * server. {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class HttpFuzzTest {

    private static final String[] TARGETS = {"/health", "/metrics", "/", "/api/v1/status", "/api/v1/features", "/api/v1/leases",
        "/api/v1/queue", "/api/v1/denials", "/api/v1/options", "/api/v1/history", "/api/v1/report", "/api/v1/me", "/api/v1/tokens",
        "/api/v1/remove", "/api/v1/reload", "/api/v1/leases/", "/api/v1/openapi.json", "/api/v1/events", "/app.js"};
    private static final String[] METHODS = {"GET", "POST", "HEAD", "DELETE", "PUT", "OPTIONS"};

    @FuzzTest(maxDuration = "2m")
    void everyRequestGetsAStatusAndNever500(FuzzedDataProvider data) throws Exception {
        // Connecting to the test's own server on loopback is the point here, not a server-side request forgery.
        com.code_intelligence.jazzer.api.BugDetectors.allowNetworkConnections();
        TestServer server = FuzzServer.get();
        String token = server.adminToken();
        byte[] request = data.consumeBoolean() ? structured(data, token) : data.consumeRemainingAsBytes();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request);
            socket.shutdownOutput();
            String status = statusLine(socket.getInputStream());
            if (status.isEmpty()) {
                return;
            }
            if (!status.matches("HTTP/1\\.[01] [1-5]\\d\\d .*")) {
                throw new IllegalStateException("malformed status line: " + status);
            }
            if (status.startsWith("HTTP/1.1 500") || status.startsWith("HTTP/1.0 500")) {
                throw new IllegalStateException("the server failed on: " + new String(request, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static byte[] structured(FuzzedDataProvider data, String token) {
        String method = data.pickValue(METHODS);
        String target = data.pickValue(TARGETS);
        if (target.equals("/api/v1/leases/")) {
            target += data.consumeString(20);
        }
        if (data.consumeBoolean()) {
            target += "?" + data.consumeString(60);
        }
        String auth = switch (data.consumeInt(0, 3)) {
            case 0 -> "";
            case 1 -> "Authorization: Bearer " + data.consumeString(60) + "\r\n";
            case 2 -> "Authorization: " + data.consumeString(40) + "\r\n";
            default -> "Authorization: Bearer " + token + "\r\n";
        };
        String extra = data.consumeBoolean() ? data.consumeString(40).replace("\r", "").replace("\n", "") + ": " + data.consumeString(40)
                .replace("\r", "").replace("\n", "") + "\r\n" : "";
        byte[] body = data.consumeBytes(data.consumeInt(0, 2000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = method + " " + target.replace(" ", "%20").replace("\r", "").replace("\n", "") + " HTTP/1.1\r\nHost: fuzz\r\n" + auth + extra
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        if (head.contains("/shutdown") || (method.equals("DELETE") && head.contains("/tokens"))) {
            return new byte[0];
        }
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && line.length() < 200) {
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            if (line.length() == 0) {
                return "";
            }
        } catch (IOException e) {
            // reset after the answer: the status line is what counts
        }
        return line.toString().strip();
    }
}
