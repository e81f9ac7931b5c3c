package io.licman.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliRunner;
import io.licman.cli.CliRunner.Result;
import io.licman.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI and the SDK (through {@code licman run}) against a server that accepts TLS only. */
@Timeout(60)
class TlsCliTest {

    @TempDir
    Path dir;
    TestServer server;
    CliRunner licman;
    String serverOption;
    String tokenFile;
    Path vendorKey;
    Path data;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, List.of(TestServer.feature("cad-pro", 2).build()), null,
                b -> b.tls(b.tls().with("tls-required", "yes", dir)));
        licman = new CliRunner(dir, Instant.now());
        serverOption = server.port() + "@127.0.0.1";
        data = server.server().dataDirectory().root();
        tokenFile = "@" + data.resolve("admin.token");
        vendorKey = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String pin() {
        Result fingerprint = licman.run("tls", "fingerprint", "--data", data.toString());
        assertThat(fingerprint.exitCode()).as(fingerprint.err()).isZero();
        return fingerprint.out().strip();
    }

    @Test
    void fingerprintPrintsThePinTheServerLogs() {
        assertThat(pin()).isEqualTo(server.server().tls().orElseThrow().fingerprint());
    }

    @Test
    void adminCommandsWorkOverTlsWithThePin() {
        Result status = licman.run("status", "--server", serverOption, "--token", tokenFile, "--tls-pin", pin());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("acme/cad-pro");
    }

    @Test
    void plaintextIsRefusedWithAMessageThatSaysTls() {
        Result status = licman.run("status", "--server", serverOption, "--token", tokenFile);

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.err()).contains("TLS only");
    }

    @Test
    void aWrongPinIsRefusedBeforeTheTokenIsSent() {
        Result status = licman.run("status", "--server", serverOption, "--token", tokenFile, "--tls-pin", "sha256:" + "ab".repeat(32));

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.err()).contains("does not match the pinned");
    }

    @Test
    void theSdkChecksOutOverTlsThroughLicmanRun() {
        Result run = licman.run("run", "--feature", "cad-pro", "--server", serverOption, "--vendor-key", vendorKey.toString(),
                "--tls-pin", pin(), "--", "true");

        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void theSdkRefusesAServerWithAnotherCertificate() {
        Result run = licman.run("run", "--feature", "cad-pro", "--server", serverOption, "--vendor-key", vendorKey.toString(),
                "--tls-pin", "sha256:" + "cd".repeat(32), "--", "true");

        assertThat(run.exitCode()).isNotZero();
    }

    @Test
    void clockStatusAndAckWorkOnTheDataDirectory() throws Exception {
        server.server().clockGuard().persist();
        Result status = licman.run("clock", "status", "--data", data.toString());
        Result ack = licman.run("clock", "ack", "--data", data.toString(), "--reason", "test");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("latest time seen");
        assertThat(ack.exitCode()).as(ack.err()).isZero();
        assertThat(ack.out()).contains("acknowledged");
        assertThat(Files.readString(data.resolve("clock.history"))).contains("test");
    }
}
