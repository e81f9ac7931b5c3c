package io.licman.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliEnvironment;
import io.licman.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How 'licman server' combines its config file, flags and environment. */
class ServerCommandConfigTest {

    @TempDir
    Path dir;

    private ServerConfig configFor(Map<String, String> variables, String... args) {
        CliEnvironment env = new CliEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Clock.systemUTC(),
                dir, variables);
        ServerCommand command = new ServerCommand(env);
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void dataDirectoryOfTheConfigFileIsUsedWhenNoFlagNamesOne() throws Exception {
        Files.writeString(dir.resolve("licman.conf"), "license = a.lic\ntrust = trust\ndata = /var/lib/licman-test\nport = 1400\n");

        ServerConfig config = configFor(Map.of("LICMAN_DATA", "/elsewhere"), "--config", "licman.conf");

        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/licman-test"));
        assertThat(config.port()).isEqualTo(1400);
        assertThat(config.licenseFiles()).containsExactly(dir.resolve("a.lic"));
    }

    @Test
    void flagsWinOverTheConfigFileAndTheEnvironmentIsTheLastResort() throws Exception {
        Files.writeString(dir.resolve("licman.conf"), "license = a.lic\ntrust = trust\ndata = /var/lib/licman-test\n");

        ServerConfig flagged = configFor(Map.of(), "--config", "licman.conf", "--data", "mine", "--port", "0");
        ServerConfig fromEnv = configFor(Map.of("LICMAN_DATA", "/from/env"), "--license", "b.lic", "--trust", "t");

        assertThat(flagged.dataDirectory()).isEqualTo(dir.resolve("mine"));
        assertThat(flagged.port()).isZero();
        assertThat(fromEnv.dataDirectory()).isEqualTo(Path.of("/from/env"));
    }
}
