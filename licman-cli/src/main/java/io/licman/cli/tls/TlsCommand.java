package io.licman.cli.tls;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.server.tls.Fingerprint;
import io.licman.core.tls.Pem;
import io.licman.server.tls.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code licman tls}: the server's TLS certificate. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = {"The server's TLS certificate.", ""},
        subcommands = {TlsCommand.FingerprintCommand.class})
public final class TlsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code licman tls fingerprint}: the pin clients give with {@code --tls-pin}. */
    @Command(name = "fingerprint", mixinStandardHelpOptions = true,
            description = {"Print the SHA-256 fingerprint of the server's TLS certificate, the pin clients give with --tls-pin.",
                "Reads the certificate a server generated in its data directory, or --cert FILE."})
    public static final class FingerprintCommand implements Callable<Integer> {

        private final CliEnvironment env;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data directory (default: $LICMAN_DATA, ./.licman-demo/data, "
                + "/var/lib/licman, ~/.licman/data).")
        Path data;

        @Option(names = "--cert", paramLabel = "FILE", description = "A PEM certificate file instead (the server's 'tls-cert').")
        Path cert;

        public FingerprintCommand(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            Path file = cert != null ? env.resolve(cert) : certificateInDataDirectory();
            try {
                env.out().println(Fingerprint.of(Pem.readCertificates(file).get(0)));
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            env.out().flush();
            return ExitCodes.OK;
        }

        private Path certificateInDataDirectory() {
            for (Path dir : io.licman.cli.admin.ServerAddress.localDataDirectories(env, data)) {
                Path file = dir.resolve(ServerTls.CERTIFICATE_FILE);
                if (Files.isReadable(file)) {
                    return file;
                }
            }
            throw new UserError("no " + ServerTls.CERTIFICATE_FILE + " in the data directory; a server writes it on first start "
                    + "(name the directory with --data DIR, or the certificate with --cert FILE)");
        }
    }
}
