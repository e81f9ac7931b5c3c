package io.licman.core.license;

import java.util.List;

/**
 * What a license file held: its well-formed feature blocks, and a problem for each part that
 * could not be read. One bad block never hides the good ones.
 *
 * @param features the well-formed blocks, in file order (not yet verified)
 * @param problems what could not be read, in file order
 */
public record ParsedLicenseFile(List<FeatureLicense> features, List<LicenseProblem> problems) {

    public ParsedLicenseFile {
        features = List.copyOf(features);
        problems = List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
