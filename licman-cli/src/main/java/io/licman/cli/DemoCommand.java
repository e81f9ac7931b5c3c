package io.licman.cli;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.KeyFileException;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import io.licman.core.license.Sharing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import io.licman.server.LicmanServer;
import io.licman.server.config.ConfigException;
import io.licman.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code licman demo}: sets up a demo vendor key and a signed demo license in a directory, so a
 * newcomer can try every command without preparing anything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a demo server: creates a demo vendor key, a signed demo license (features cad-pro, cad-viewer,",
            "cad-suite) and an options file in --dir, then serves them on port 1384 until Ctrl-C."})
public final class DemoCommand implements Callable<Integer> {

    /** The demo vendor. */
    public static final String VENDOR = "demo";

    private final CliEnvironment env;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".licman-demo",
            description = "Where the demo key, license and data live (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "1384", description = "Port for the demo server (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--prepare-only", description = "Create the demo key and license, but do not start the server.")
    boolean prepareOnly;

    public DemoCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        Path root = env.resolve(dir);
        DemoFiles files = prepare(root, env);
        env.out().println("demo vendor key: " + files.privateKey() + " (trusted via " + files.trustDir() + ")");
        env.out().println("demo license:    " + files.license() + " (features cad-pro, cad-viewer, cad-suite)");
        env.out().println("demo options:    " + files.options());
        if (prepareOnly) {
            return ExitCodes.OK;
        }
        ServerConfig config = ServerConfig.builder().addLicenseFile(files.license()).trustDirectory(files.trustDir())
                .optionsFile(files.options()).dataDirectory(root.resolve("data")).port(port).serverId("demo").build();
        LicmanServer server;
        try {
            server = LicmanServer.start(config);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage() + (port == 1384 ? " (is another server on port 1384? try --port 0)" : ""));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "licman-shutdown"));
        int bound = server.tcpAddress().getPort();
        env.out().println();
        env.out().println("The demo server is running on port " + bound + ". In another terminal, try:");
        env.out().println("  ./licman status                                   # seats and holders (reads the demo admin token)");
        env.out().println("  ./licman checkout cad-pro --vendor demo --server " + bound + "@localhost   # hold a seat until Ctrl-C");
        env.out().println("  ./licman diag cad-pro --vendor demo --server " + bound + "@localhost       # why a checkout would be granted or denied");
        env.out().println("  curl http://localhost:" + bound + "/health            # HTTP on the same port");
        env.out().println("Dashboard: http://localhost:" + bound + "/  (sign in with the token in " + root.resolve("data").resolve("admin.token") + ")");
        env.out().println("Stop it with Ctrl-C.");
        env.out().flush();
        server.awaitShutdown();
        return ExitCodes.OK;
    }

    /** The files of a demo set-up. */
    public record DemoFiles(Path privateKey, Path trustDir, Path license, Path options) {
    }

    /** Creates the demo key and license under {@code dir} unless they exist; returns their paths. */
    public static DemoFiles prepare(Path dir, CliEnvironment env) {
        Path keys = dir.resolve("vendor");
        Path trust = dir.resolve("trust");
        Path license = dir.resolve("demo.lic");
        Path privateKey = keys.resolve(VENDOR + ".key");
        VendorPrivateKey key;
        try {
            if (Files.exists(privateKey)) {
                key = VendorPrivateKey.read(privateKey);
            } else {
                key = VendorPrivateKey.generate(VENDOR);
                SafeFiles.write(privateKey, key.toFileText(), true, true);
            }
        } catch (KeyFileException e) {
            throw new UserError(e.getMessage() + " (delete " + dir + " to start the demo afresh)");
        }
        SafeFiles.write(trust.resolve(VENDOR + ".pub"), key.publicKey().toFileText(), false, true);
        if (!Files.exists(license)) {
            LocalDate today = LocalDate.now(env.clock().withZone(ZoneOffset.UTC));
            FeatureSigner signer = new FeatureSigner(key);
            List<FeatureLicense> features = List.of(
                    FeatureLicense.builder(VENDOR, "cad-pro").version("2.0").count(3).expires(today.plusYears(1))
                            .sharing(Sharing.USER_HOST).overdraft(1).maxBorrow(Duration.ofDays(3)).linger(Duration.ofSeconds(30))
                            .customer("Demo Site").serial("DEMO-1").issued(today).unsigned("note", "demo license made by 'licman demo'").build(),
                    FeatureLicense.builder(VENDOR, "cad-viewer").version("2.0").count(10).permanent()
                            .customer("Demo Site").serial("DEMO-2").issued(today).build(),
                    FeatureLicense.builder(VENDOR, "cad-suite").version("2.0").count(2).expires(today.plusYears(1))
                            .components(List.of(io.licman.core.license.Component.parse("cad-render"), io.licman.core.license.Component.parse("cad-mesh")))
                            .customer("Demo Site").serial("DEMO-3").issued(today).build());
            SafeFiles.write(license, "# licman demo license: signed by the demo vendor key in " + keys + "\n\n"
                    + LicenseFileWriter.write(features.stream().map(signer::sign).toList()), false, true);
        }
        Path options = dir.resolve("demo.opt");
        if (!Files.exists(options)) {
            SafeFiles.write(options, """
                    # licman demo options file (FlexLM syntax; see docs/options-file.md)
                    # Keep one cad-pro seat for the design group, and time out idle cad-viewer seats after 10 minutes.
                    GROUP design alice bob
                    RESERVE 1 cad-pro GROUP design
                    TIMEOUT cad-viewer 600
                    """, false, true);
        }
        return new DemoFiles(privateKey, trust, license, options);
    }
}
