package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HelloLicensedTest {

    @TempDir
    Path dir;

    @Test
    void secondCopyWaitsInTheQueueAndStartsWhenTheFirstReturnsTheSeat() throws Exception {
        try (TestServer server = TestServer.start(dir, List.of(TestServer.feature("hello", 1).build()), null, b -> b)) {
            Path key = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
            String[] args = {"--key", key.toString(), "--server", server.port() + "@127.0.0.1", "--seconds", "2"};
            ByteArrayOutputStream firstOut = new ByteArrayOutputStream();
            ByteArrayOutputStream secondOut = new ByteArrayOutputStream();

            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> new HelloLicensed(print(firstOut)).run(args));
            awaitOutput(firstOut, "Hello! Licensed");
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> new HelloLicensed(print(secondOut)).run(args));

            assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(second.get(30, TimeUnit.SECONDS)).isZero();
            String waited = secondOut.toString(StandardCharsets.UTF_8);
            assertThat(waited).contains("All seats of 'hello' are in use").contains("Waiting in the queue").contains("Hello! Licensed")
                    .contains("Done; returning the seat.");
        }
    }

    @Test
    void keepsItsSeatThroughARestartOfTheDurableServer() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        java.util.function.UnaryOperator<io.licman.server.config.ServerConfig.Builder> durable = b -> b.port(port)
                .replication(io.licman.server.config.ReplicationConfig.standalone());
        List<io.licman.core.license.FeatureLicense> features = List.of(TestServer.feature("hello", 1).build());
        TestServer server = TestServer.start(dir, features, null, durable);
        Path key = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> app = CompletableFuture.supplyAsync(() -> new HelloLicensed(print(out)).run(
                new String[] {"--key", key.toString(), "--server", port + "@127.0.0.1", "--seconds", "8"}));
        try {
            awaitOutput(out, "Hello! Licensed");
            server.close();
            server = TestServer.start(dir, features, null, durable);

            assertThat(app.get(40, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Done; returning the seat.").doesNotContain("was lost");
        } finally {
            server.close();
        }
    }

    @Test
    void missingFeatureIsExplainedAndTheExitStatusSaysNoLicense() throws Exception {
        try (TestServer server = TestServer.start(dir, TestServer.feature("other", 1).build())) {
            Path key = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int status = new HelloLicensed(print(out)).run(new String[] {"--key", key.toString(), "--server", server.port() + "@127.0.0.1"});

            assertThat(status).isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("No license:");
        }
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static void awaitOutput(ByteArrayOutputStream out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            assertThat(System.nanoTime()).as("waiting for '%s'", text).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
