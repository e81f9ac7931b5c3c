package io.licman.bench.license;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.crypto.Verification;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.LicenseFileWriter;
import io.licman.core.license.ParsedLicenseFile;
import io.licman.core.license.Sharing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading a license file of 10,000 signed features: reading and parsing it, then verifying every
 * signature, as a server does at start and on reload. Target: the whole load in at most 2 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class LicenseFileBenchmark {

    static final int FEATURES = 10_000;
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    byte[] file;
    TrustStore trust;
    FeatureLicense oneFeature;

    @Setup
    public void setUp() {
        VendorPrivateKey key = VendorPrivateKey.generate("acme");
        trust = TrustStore.of(List.of(key.publicKey()));
        FeatureSigner signer = new FeatureSigner(key);
        List<FeatureLicense> features = new ArrayList<>(FEATURES);
        for (int i = 0; i < FEATURES; i++) {
            features.add(signer.sign(FeatureLicense.builder("acme", "feature-" + i).version("2." + (i % 10)).count(1 + i % 50)
                    .expires(LocalDate.of(2028, 1, 1)).sharing(Sharing.USER_HOST).maxBorrow(Duration.ofDays(3))
                    .customer("Example Corp").serial("SN-" + i).issued(LocalDate.of(2026, 11, 27)).build()));
        }
        file = LicenseFileWriter.write(features).getBytes(StandardCharsets.UTF_8);
        oneFeature = features.get(0);
    }

    /** Parse and verify all 10,000 features: the whole load. */
    @Benchmark
    public List<Verification> loadAndVerifyTenThousandFeatures() {
        ParsedLicenseFile parsed = LicenseFileReader.parse(file, "bench.lic");
        return new FeatureVerifier(trust).verifyAll(parsed.features(), NOW, List.of());
    }

    /** Parse only, to separate parsing cost from signature cost. */
    @Benchmark
    public ParsedLicenseFile parseTenThousandFeatures() {
        return LicenseFileReader.parse(file, "bench.lic");
    }

    /** One signature check, in microseconds per operation. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Verification verifyOneFeature() {
        return new FeatureVerifier(trust).verifySignature(oneFeature);
    }
}
