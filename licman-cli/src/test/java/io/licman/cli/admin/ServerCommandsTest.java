package io.licman.cli.admin;

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

/** The administrator's and the user's commands against a real server. */
@Timeout(60)
class ServerCommandsTest {

    @TempDir
    Path dir;
    TestServer server;
    CliRunner licman;
    String serverOption;
    String tokenFile;
    Path vendorKey;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, List.of(TestServer.feature("cad-pro", 2).build()), "EXCLUDE cad-pro USER mallory\n", b -> b);
        licman = new CliRunner(dir, Instant.now());
        serverOption = server.port() + "@127.0.0.1";
        tokenFile = "@" + server.server().dataDirectory().root().resolve("admin.token");
        vendorKey = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void statusListsFeaturesSeatsAndHolders() {
        Result run = licman.run("run", "--feature", "cad-pro", "--server", serverOption, "--vendor-key", vendorKey.toString(), "--",
                "true");
        Result status = licman.run("status", "--server", serverOption, "--token", tokenFile);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("Users of acme/cad-pro:  2 licensed, 0 in use").contains("pool v2.0: 2 seats");
    }

    @Test
    void statusJsonIsAStableDocument() {
        Result status = licman.run("status", "--server", serverOption, "--token", tokenFile, "--json");

        assertThat(status.out()).contains("\"feature\" : \"cad-pro\"").contains("\"total\" : 2").contains("\"leases\" : [ ]");
    }

    @Test
    void adminCommandWithoutATokenSaysWhereTheTokenIs() {
        Result status = licman.run("status", "--server", serverOption, "--data", dir.resolve("nowhere").toString());

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("needs the server's admin token").contains("admin.token");
    }

    @Test
    void runPassesTheExitStatusThroughAndReturnsTheSeat() {
        Result run = licman.run("run", "--feature", "cad-pro", "--server", serverOption, "--vendor-key", vendorKey.toString(), "--",
                "sh", "-c", "exit 7");
        Result status = licman.run("status", "--server", serverOption, "--token", tokenFile);

        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(status.out()).contains("2 licensed, 0 in use");
    }

    @Test
    void deniedRunDoesNotStartTheProgramAndExplainsWhy() {
        Result run = licman.run("run", "--feature", "cad-pro", "--version", "9", "--server", serverOption, "--vendor-key", vendorKey.toString(),
                "--", "sh", "-c", "echo should-not-run");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("VERSION_TOO_LOW");
        assertThat(run.out()).doesNotContain("should-not-run");
    }

    @Test
    void diagExplainsAPolicyExclusionForAnotherUser() {
        Result diag = licman.run("diag", "cad-pro", "--vendor", "acme", "--as-user", "mallory", "--as-host", "ws6", "--server", serverOption,
                "--token", tokenFile);

        assertThat(diag.exitCode()).isEqualTo(1);
        assertThat(diag.out()).startsWith("DENIED: DENIAL_REASON_EXCLUDED_BY_POLICY");
    }

    @Test
    void reloadReportsTheBrokenFileAndKeepsServing() throws Exception {
        Files.writeString(server.optionsFile(), "RESERVE two cad-pro USER alice\n");

        Result reload = licman.run("reload", "--server", serverOption, "--token", tokenFile);

        assertThat(reload.exitCode()).isEqualTo(1);
        assertThat(reload.out()).contains("ERRORS " + server.optionsFile()).contains("site.opt:1:").contains("NOT reloaded");
    }

    @Test
    void unreachableServerIsExitStatusThreeWithTheServersTried() {
        Result status = licman.run("status", "--server", "1@127.0.0.1", "--token", "x");

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.err()).contains("tried 1@127.0.0.1");
    }
}
