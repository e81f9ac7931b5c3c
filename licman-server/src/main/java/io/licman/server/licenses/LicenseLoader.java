package io.licman.server.licenses;

import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.crypto.KeyFileException;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.Verification;
import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.LicenseProblem;
import io.licman.core.license.ParsedLicenseFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the license files, verifies every block against the trust directory, and sorts out what may be served. */
public final class LicenseLoader {

    private final List<Path> files;
    private final Path trustDirectory;
    private final List<HostId> serverHostIds;

    public LicenseLoader(List<Path> files, Path trustDirectory, List<HostId> serverHostIds) {
        this.files = List.copyOf(files);
        this.trustDirectory = trustDirectory;
        this.serverHostIds = List.copyOf(serverHostIds);
    }

    /** Loads everything as of {@code now}. Never throws for bad content: problems are in the result. */
    public LicenseSet load(Instant now) {
        List<String> problems = new ArrayList<>();
        TrustStore trust;
        try {
            trust = TrustStore.load(trustDirectory);
            problems.addAll(trust.problems());
        } catch (KeyFileException e) {
            return new LicenseSet(List.of(), List.of(), List.of(e.getMessage()));
        }
        if (trust.isEmpty()) {
            problems.add(trustDirectory + ": no vendor .pub files: no license can be verified; copy the vendors' public keys here");
        }
        List<FeatureLicense> features = new ArrayList<>();
        for (Path file : files) {
            ParsedLicenseFile parsed = LicenseFileReader.read(file);
            features.addAll(parsed.features());
            parsed.problems().stream().map(LicenseProblem::toString).forEach(problems::add);
        }
        List<Verification> verifications = new FeatureVerifier(trust).verifyAll(features, now, serverHostIds);
        List<FeatureLicense> authentic = verifications.stream().filter(Verification::isAuthentic).map(Verification::feature).toList();
        return new LicenseSet(authentic, verifications, problems);
    }

    public List<Path> files() {
        return files;
    }
}
