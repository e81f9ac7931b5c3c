package io.licman.core.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.hostid.HostId;
import io.licman.core.testing.TestLicenses;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenseFileRoundTripTest {

    @Test
    void issuedBlockParsesBackAndVerifies() {
        FeatureLicense signed = TestLicenses.signed("cad-pro");
        ParsedLicenseFile parsed = LicenseFileReader.parse(LicenseFileWriter.write(signed), "site.lic");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.features()).containsExactly(signed);
        assertThat(new FeatureVerifier(TestLicenses.trust()).verifySignature(parsed.features().get(0)).isValid()).isTrue();
    }

    @Test
    void packageNodeLockedAndUncountedFieldsSurviveTheRoundTrip() {
        FeatureLicense pkg = new FeatureSigner(TestLicenses.ACME).sign(FeatureLicense.builder("acme", "cad-suite")
                .version("3.1").uncounted().permanent()
                .host(HostBinding.client(List.of(HostId.parse("mac:00:1A:2B:3C:4D:5E"), HostId.parse("hostname:ws7"))))
                .components(List.of(Component.parse("cad-render:2.0:2"), Component.parse("cad-core")))
                .namedUsers(true).tokens(4).issued(LocalDate.of(2026, 11, 27)).build());

        FeatureLicense back = LicenseFileReader.parse(LicenseFileWriter.write(pkg), "x").features().get(0);

        assertThat(back).isEqualTo(pkg);
        assertThat(back.components()).extracting(Component::toString).containsExactly("cad-core", "cad-render:2.0:2");
        assertThat(back.host().toString()).isEqualTo("client hostname:ws7 mac:00:1a:2b:3c:4d:5e");
        assertThat(back.isPermanent()).isTrue();
    }

    @Test
    void administratorMayEditUnsignedFieldsWithoutBreakingTheSignature() {
        String text = LicenseFileWriter.write(TestLicenses.signed("cad-pro"))
                .replace("_note ", "_note  \"moved to the Paris team\" # was:")
                .replace("}\n", "    _server  \"1384@lic2\"\n}\n");
        FeatureLicense edited = LicenseFileReader.parse(text, "x").features().get(0);

        assertThat(edited.unsigned()).containsEntry("note", "moved to the Paris team").containsEntry("server", "1384@lic2");
        assertThat(new FeatureVerifier(TestLicenses.trust()).verifySignature(edited).isValid()).isTrue();
    }

    @Test
    void concatenatedFilesFromTwoVendorsWithCommentsAllVerify() {
        FeatureLicense a = TestLicenses.signed("cad-pro");
        FeatureLicense b = new FeatureSigner(TestLicenses.GLOBEX).sign(FeatureLicense.builder("globex", "sim")
                .version("1").count(3).expires(LocalDate.of(2030, 1, 1)).issued(LocalDate.of(2026, 1, 1))
                .linger(Duration.ofSeconds(90)).build());
        String text = "# site licenses\n\n" + LicenseFileWriter.write(b) + "\n# acme below\n" + LicenseFileWriter.write(a);

        ParsedLicenseFile parsed = LicenseFileReader.parse(text, "all.lic");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.features()).containsExactly(b, a);
        assertThat(parsed.features()).allMatch(f -> new FeatureVerifier(TestLicenses.trust()).verifySignature(f).isValid());
    }

    @Test
    void equalsSignAndCrlfLineEndingsAreAccepted() {
        String text = LicenseFileWriter.write(TestLicenses.signed("cad-pro"))
                .replace("    vendor         acme", "vendor = acme").replace("\n", "\r\n");

        ParsedLicenseFile parsed = LicenseFileReader.parse(text, "x");

        assertThat(parsed.problems()).isEmpty();
        assertThat(new FeatureVerifier(TestLicenses.trust()).verifySignature(parsed.features().get(0)).isValid()).isTrue();
    }
}
