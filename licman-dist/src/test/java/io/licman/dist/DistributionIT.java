package io.licman.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Unpacks the release archive as an administrator would and runs licman from it. */
@Timeout(120)
class DistributionIT {

    @TempDir
    static Path dir;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("licman.archive"));
        assertThat(archive).exists();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        home = dir.resolve("licman-" + System.getProperty("licman.version"));
    }

    @Test
    void archiveHoldsTheCommandLibrariesConfigurationServiceUnitDocsAndLicence() {
        assertThat(home.resolve("bin/licman")).isExecutable();
        assertThat(home.resolve("conf/licman.conf")).exists();
        assertThat(home.resolve("conf/site.opt")).exists();
        assertThat(home.resolve("systemd/licman.service")).content().contains("NoNewPrivileges=yes").contains("ProtectSystem=strict")
                .contains("ReadWritePaths=/var/lib/licman").contains("User=licman");
        assertThat(home.resolve("docs/protocol.md")).exists();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");
        assertThat(home.resolve("lib").toFile().list()).anyMatch(name -> name.startsWith("licman-cli-"));
    }

    @Test
    void versionRunsFromTheUnpackedArchive() throws Exception {
        Run version = licman("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).contains("licman " + System.getProperty("licman.version"));
    }

    @Test
    void demoServerServesACheckoutFromTheUnpackedArchive() throws Exception {
        Path demo = dir.resolve("demo");
        Process server = start("demo", "--port", "0", "--dir", demo.toString());
        try {
            awaitFile(demo.resolve("data/server.port"), Duration.ofSeconds(60));

            Run run = licman("run", "--feature", "cad-viewer", "--trust", demo.resolve("trust").toString(), "--data", demo.resolve("data").toString(),
                    "--", "sh", "-c", "echo licensed work done");
            Run status = licman("status", "--data", demo.resolve("data").toString());
            Run shutdown = licman("shutdown", "--data", demo.resolve("data").toString());

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("licensed work done");
            assertThat(status.output()).contains("Users of demo/cad-viewer:  10 licensed, 0 in use");
            assertThat(shutdown.exitCode()).isZero();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    record Run(int exitCode, String output) {
    }

    private static Run licman(String... args) throws Exception {
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/licman").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("LICMAN_SERVER");
        return builder.start();
    }

    private static void awaitFile(Path file, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not appear within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
