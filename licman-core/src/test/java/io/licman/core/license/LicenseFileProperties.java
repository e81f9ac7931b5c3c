package io.licman.core.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.testing.FeatureArbitraries;
import io.licman.core.testing.TestLicenses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LicenseFileProperties {

    private static final FeatureSigner SIGNER = new FeatureSigner(TestLicenses.ACME);
    private static final FeatureVerifier VERIFIER = new FeatureVerifier(TestLicenses.trust());

    @Provide
    Arbitrary<FeatureLicense> signedFeatures() {
        return FeatureArbitraries.features().map(SIGNER::sign);
    }

    @Property(tries = 300)
    void parsingWhatWasWrittenGivesTheSameFeature(@ForAll("signedFeatures") FeatureLicense feature) {
        ParsedLicenseFile parsed = LicenseFileReader.parse(LicenseFileWriter.write(feature), "x.lic");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.features()).containsExactly(feature);
    }

    @Property(tries = 100)
    void reformattingKeepsEverySignatureValid(@ForAll("signedFeatures") FeatureLicense a, @ForAll("signedFeatures") FeatureLicense b,
                                              @ForAll("signedFeatures") FeatureLicense c, @ForAll long seed) {
        Random random = new Random(seed);
        List<String> blocks = new ArrayList<>(List.of(LicenseFileWriter.write(a), LicenseFileWriter.write(b), LicenseFileWriter.write(c)));
        Collections.shuffle(blocks, random);
        StringBuilder file = new StringBuilder("# reformatted by hand\n");
        for (String block : blocks) {
            file.append(reformat(block, random)).append(random.nextBoolean() ? "\n\n" : "\n");
        }

        ParsedLicenseFile parsed = LicenseFileReader.parse(file.toString(), "reformatted.lic");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.features()).containsExactlyInAnyOrder(a, b, c);
        assertThat(parsed.features()).allSatisfy(f -> assertThat(VERIFIER.verifySignature(f).isValid()).isTrue());
    }

    @Property(tries = 200)
    void arbitraryTextNeverThrows(@ForAll("junk") String text) {
        ParsedLicenseFile parsed = LicenseFileReader.parse(text, "junk.lic");

        assertThat(parsed.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> fragments = Arbitraries.oneOf(
                Arbitraries.of("feature", "{", "}", "\n", " ", "\"", "#", "=", "vendor", "count", "signature", "acme-test:", "_x", "\\",
                        "2027-12-31", "uncounted", "client", "mac:", "permanent", "9999999999999"),
                Arbitraries.strings().ofMaxLength(8));
        return fragments.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    /** Shuffles a block's fields, re-indents it, and sprinkles comments and optional '=' signs. */
    private static String reformat(String block, Random random) {
        List<String> lines = new ArrayList<>(List.of(block.split("\n")));
        String header = lines.remove(0);
        lines.remove(lines.size() - 1);
        Collections.shuffle(lines, random);
        StringBuilder out = new StringBuilder(header.replace(" {", random.nextBoolean() ? "   {" : " {")).append('\n');
        for (String line : lines) {
            String[] kv = line.strip().split("\\s+", 2);
            String indent = random.nextBoolean() ? "\t" : " ".repeat(random.nextInt(9));
            String separator = random.nextInt(3) == 0 ? " = " : " ".repeat(1 + random.nextInt(4));
            if (random.nextInt(4) == 0) {
                out.append(indent).append("# a comment line\n");
            }
            out.append(indent).append(kv[0]).append(separator).append(kv[1]);
            if (random.nextInt(4) == 0) {
                out.append("   # trailing comment");
            }
            out.append('\n');
        }
        return out.append(random.nextBoolean() ? "}" : "  }").append('\n').toString();
    }
}
