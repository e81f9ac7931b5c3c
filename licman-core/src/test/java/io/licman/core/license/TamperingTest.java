package io.licman.core.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.hostid.HostId;
import io.licman.core.testing.TestLicenses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changing any byte of meaning in a signed block breaks that block's signature, and no other block's. */
class TamperingTest {

    private static final FeatureVerifier VERIFIER = new FeatureVerifier(TestLicenses.trust());

    @Test
    void changingAnySingleByteOfASignedFieldFailsThatBlockOnly() {
        FeatureLicense target = new FeatureSigner(TestLicenses.ACME).sign(TestLicenses.fullFeature("cad-pro")
                .host(HostBinding.client(List.of(HostId.parse("mac:00:1a:2b:3c:4d:5e"))))
                .components(List.of(Component.parse("cad-core:2.0:2"), Component.parse("cad-render")))
                .tokens(3).namedUsers(true).build());
        FeatureLicense bystander = TestLicenses.signed("viewer");
        String targetText = LicenseFileWriter.write(target);
        String bystanderText = LicenseFileWriter.write(bystander);

        int tampered = 0;
        for (int position : signedValuePositions(targetText)) {
            String changed = targetText.substring(0, position) + different(targetText.charAt(position)) + targetText.substring(position + 1);
            ParsedLicenseFile parsed = LicenseFileReader.parse(changed + "\n" + bystanderText, "tampered.lic");

            assertThat(parsed.features()).as("bystander after changing byte %d", position).contains(bystander);
            assertThat(VERIFIER.verifySignature(bystander).isValid()).isTrue();
            List<FeatureLicense> others = parsed.features().stream().filter(f -> !f.equals(bystander)).toList();
            assertThat(others).as("changed block at byte %d: %s", position, changed)
                    .allSatisfy(f -> assertThat(VERIFIER.verifySignature(f).isValid()).isFalse());
            tampered++;
        }
        assertThat(tampered).as("signed bytes enumerated").isGreaterThan(140);
    }

    /** Offsets of every character of the feature name and of every signed field's value. */
    private static List<Integer> signedValuePositions(String block) {
        List<Integer> positions = new ArrayList<>();
        int lineStart = 0;
        for (String line : block.split("\n", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("feature ")) {
                int nameStart = line.indexOf(' ') + 1;
                for (int i = nameStart; i < line.indexOf(" {"); i++) {
                    positions.add(lineStart + i);
                }
            } else if (!stripped.isEmpty() && !stripped.startsWith("_") && !stripped.startsWith("signature") && !stripped.equals("}")) {
                String key = stripped.split("\\s+", 2)[0];
                int valueStart = line.indexOf(key) + key.length();
                while (line.charAt(valueStart) == ' ') {
                    valueStart++;
                }
                for (int i = valueStart; i < line.length(); i++) {
                    positions.add(lineStart + i);
                }
            }
            lineStart += line.length() + 1;
        }
        return positions;
    }

    /** A character that differs in meaning, not only in case. */
    private static char different(char c) {
        if (Character.isDigit(c)) {
            return c == '9' ? '0' : (char) (c + 1);
        }
        if (Character.isLetter(c)) {
            char lower = Character.toLowerCase(c);
            return lower == 'z' ? 'a' : (char) (lower + 1);
        }
        return c == 'x' ? 'y' : 'x';
    }
}
