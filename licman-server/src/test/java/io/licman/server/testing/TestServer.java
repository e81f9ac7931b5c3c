package io.licman.server.testing;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import io.licman.server.LicmanServer;
import io.licman.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real licman server on 127.0.0.1 and an ephemeral port, with a vendor key, a trust directory
 * and a license file of its own in a temporary directory.
 */
public final class TestServer implements AutoCloseable {

    /** The test vendor; its key signs every license here. */
    public static final VendorPrivateKey VENDOR_KEY = VendorPrivateKey.generate("acme", "acme-test");

    private final Path dir;
    private final LicmanServer server;

    private TestServer(Path dir, LicmanServer server) {
        this.dir = dir;
        this.server = server;
    }

    /** A feature of the test vendor valid for years around now, with {@code seats} seats. */
    public static FeatureLicense.Builder feature(String name, int seats) {
        return FeatureLicense.builder("acme", name).version("2.0").count(seats).start(LocalDate.of(2020, 1, 1))
                .expires(LocalDate.of(2099, 12, 31)).issued(LocalDate.of(2026, 1, 1));
    }

    /**
     * Starts a server serving {@code features} (signed here), configured further by {@code configure}.
     * The ledger is in memory unless {@code configure} chooses replication.
     */
    public static TestServer start(Path dir, List<FeatureLicense> features, String optionsFile, UnaryOperator<ServerConfig.Builder> configure)
            throws Exception {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.writeString(trust.resolve("acme.pub"), VENDOR_KEY.publicKey().toFileText());
        Path license = dir.resolve("site.lic");
        writeLicense(license, features);
        ServerConfig.Builder config = ServerConfig.builder().addLicenseFile(license).trustDirectory(trust)
                .dataDirectory(dir.resolve("data")).bindAddress("127.0.0.1").port(0).serverId("test")
                .defaultLeaseTtl(Duration.ofSeconds(30)).watchFiles(false)
                .replication(io.licman.server.config.ReplicationConfig.none());
        if (optionsFile != null) {
            Path options = dir.resolve("site.opt");
            Files.writeString(options, optionsFile);
            config.optionsFile(options);
        }
        return new TestServer(dir, LicmanServer.start(configure.apply(config).build()));
    }

    /** Starts a server with default settings. */
    public static TestServer start(Path dir, FeatureLicense... features) throws Exception {
        return start(dir, List.of(features), null, b -> b);
    }

    /** Signs and writes features as the server's license file. */
    public static void writeLicense(Path file, List<FeatureLicense> features) throws IOException {
        FeatureSigner signer = new FeatureSigner(VENDOR_KEY);
        Files.writeString(file, LicenseFileWriter.write(features.stream().map(signer::sign).toList()));
    }

    public LicmanServer server() {
        return server;
    }

    public int port() {
        return server.tcpAddress().getPort();
    }

    public Path dir() {
        return dir;
    }

    public Path licenseFile() {
        return dir.resolve("site.lic");
    }

    public Path optionsFile() {
        return dir.resolve("site.opt");
    }

    /** The admin token the server wrote to its data directory. */
    public String adminToken() throws IOException {
        return server.dataDirectory().adminToken();
    }

    @Override
    public void close() {
        server.close();
    }
}
