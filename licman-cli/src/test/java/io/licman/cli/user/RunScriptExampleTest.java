package io.licman.cli.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliRunner;
import io.licman.cli.CliRunner.Result;
import io.licman.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The examples/run-script example: a shell script licensed with 'licman run'. */
@Timeout(60)
class RunScriptExampleTest {

    static final Path SCRIPT = Path.of("../examples/run-script/render.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void scriptRunsUnderALicenseAndItsExitStatusPassesThrough() throws Exception {
        try (TestServer server = TestServer.start(dir, List.of(TestServer.feature("cad-render", 1).build()), null, b -> b)) {
            Path key = Files.writeString(dir.resolve("acme.pub"), TestServer.VENDOR_KEY.publicKey().toFileText());
            CliRunner licman = new CliRunner(dir, Instant.now());

            Result ok = licman.run("run", "--feature", "cad-render", "--version", "2.0", "--vendor-key", key.toString(),
                    "--server", server.port() + "@127.0.0.1", "--", "sh", "-c", "RENDER_STEPS=1 " + SCRIPT + " scene.txt");
            Result failing = licman.run("run", "--feature", "cad-render", "--vendor-key", key.toString(),
                    "--server", server.port() + "@127.0.0.1", "--", "sh", "-c", "RENDER_STEPS=1 RENDER_EXIT=4 " + SCRIPT);

            assertThat(SCRIPT).isExecutable();
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(failing.exitCode()).isEqualTo(4);
            assertThat(server.server().ledger().read(l -> l.leaseCount()).get()).isZero();
        }
    }
}
