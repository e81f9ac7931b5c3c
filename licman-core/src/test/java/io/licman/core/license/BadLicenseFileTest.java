package io.licman.core.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.FeatureVerifier;
import io.licman.core.crypto.TrustStore;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.crypto.Verification;
import io.licman.core.crypto.VerificationStatus;
import io.licman.core.hostid.HostId;
import io.licman.core.testing.TestLicenses;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class BadLicenseFileTest {

    private static final Instant MID_2026 = Instant.parse("2026-06-15T12:00:00Z");
    private final FeatureVerifier verifier = new FeatureVerifier(TestLicenses.trust());

    @Test
    void blockSignedWithAnotherVendorsKeyIsRejected() {
        FeatureLicense forged = new FeatureSigner(TestLicenses.ACME).sign(TestLicenses.fullFeature("sim").build());
        String text = LicenseFileWriter.write(forged).replace("acme-test:", "globex-test:");

        Verification result = verifier.verifySignature(LicenseFileReader.parse(text, "x").features().get(0));

        assertThat(result.status()).isEqualTo(VerificationStatus.WRONG_VENDOR);
        assertThat(result.detail()).contains("globex-test").contains("acme");
    }

    @Test
    void blockSignedByAnUntrustedKeyWithTheSameIdHasABadSignature() {
        VendorPrivateKey impostor = VendorPrivateKey.generate("acme", "acme-test");
        FeatureLicense fake = new FeatureSigner(impostor).sign(TestLicenses.fullFeature("cad-pro").build());

        assertThat(verifier.verifySignature(fake).status()).isEqualTo(VerificationStatus.BAD_SIGNATURE);
    }

    @Test
    void unknownKeyIdSaysWhichKeyToAdd() {
        FeatureLicense signed = new FeatureSigner(VendorPrivateKey.generate("acme", "acme-2031")).sign(TestLicenses.fullFeature("cad").build());

        Verification result = verifier.verifySignature(signed);

        assertThat(result.status()).isEqualTo(VerificationStatus.UNKNOWN_KEY);
        assertThat(result.detail()).contains("acme-2031").contains("trust directory");
    }

    @Test
    void unsignedBlockIsReportedAsUnsigned() {
        assertThat(verifier.verifySignature(TestLicenses.fullFeature("cad").build()).status()).isEqualTo(VerificationStatus.UNSIGNED);
    }

    @Test
    void expiredAndNotYetValidAreToldApartFromBadSignatures() {
        FeatureLicense feature = TestLicenses.signed("cad-pro"); // valid 2026-01-01 .. 2027-12-31

        assertThat(verifier.verify(feature, Instant.parse("2025-12-31T23:59:59Z"), null).status()).isEqualTo(VerificationStatus.NOT_YET_VALID);
        assertThat(verifier.verify(feature, Instant.parse("2026-01-01T00:00:00Z"), null).status()).isEqualTo(VerificationStatus.VALID);
        assertThat(verifier.verify(feature, Instant.parse("2027-12-31T23:59:59Z"), null).status()).isEqualTo(VerificationStatus.VALID);
        assertThat(verifier.verify(feature, Instant.parse("2028-01-01T00:00:00Z"), null).status()).isEqualTo(VerificationStatus.EXPIRED);
    }

    @Test
    void serverBoundBlockOnAnotherMachineIsWrongHost() {
        FeatureLicense bound = new FeatureSigner(TestLicenses.ACME).sign(TestLicenses.fullFeature("cad")
                .host(HostBinding.server(List.of(HostId.parse("machine-id:0123456789abcdef0123456789abcdef")))).build());

        Verification elsewhere = verifier.verify(bound, MID_2026, List.of(HostId.parse("hostname:other")));
        Verification here = verifier.verify(bound, MID_2026, List.of(HostId.parse("machine-id:0123456789ABCDEF0123456789ABCDEF")));

        assertThat(elsewhere.status()).isEqualTo(VerificationStatus.WRONG_HOST);
        assertThat(elsewhere.detail()).contains("machine-id:0123456789abcdef0123456789abcdef").contains("hostname:other");
        assertThat(here.status()).isEqualTo(VerificationStatus.VALID);
    }

    @Test
    void truncatedFileReportsTheOpenBlockAndKeepsTheCompleteOnes() {
        String whole = LicenseFileWriter.write(TestLicenses.signed("first")) + LicenseFileWriter.write(TestLicenses.signed("second"));
        String truncated = whole.substring(0, whole.length() - 40);

        ParsedLicenseFile parsed = LicenseFileReader.parse(truncated, "cut.lic");

        assertThat(parsed.features()).extracting(FeatureLicense::name).containsExactly("first");
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.toString()).startsWith("cut.lic:").contains("feature second").contains("not closed");
        });
    }

    @Test
    void badFieldNamesFileLineAndFieldAndKeepsTheGoodBlocks() {
        String text = LicenseFileWriter.write(TestLicenses.signed("good-one"))
                + LicenseFileWriter.write(TestLicenses.signed("bad-one")).replace("count          10", "count          ten")
                + LicenseFileWriter.write(TestLicenses.signed("good-two"));

        ParsedLicenseFile parsed = LicenseFileReader.parse(text, "site.lic");

        assertThat(parsed.features()).extracting(FeatureLicense::name).containsExactly("good-one", "good-two");
        assertThat(parsed.problems()).singleElement().hasToString(
                "site.lic:22: feature bad-one, field 'count': 'ten' is not a seat count: expected a whole number or 'uncounted'");
    }

    @Test
    void missingRequiredFieldAndUnknownFieldAreNamed() {
        String text = "feature x {\n  vendor acme\n  version 1.0\n  count 3\n  issued 2026-01-01\n}\n"
                + "feature y {\n  vendor acme\n  colour blue\n}\n";

        List<LicenseProblem> problems = LicenseFileReader.parse(text, "f.lic").problems();

        assertThat(problems).extracting(LicenseProblem::toString).containsExactly(
                "f.lic:1: feature x, field 'expires': the required field is missing; expected a date YYYY-MM-DD or 'permanent'",
                "f.lic:9: feature y, field 'colour': unknown field 'colour'; signed fields are vendor, version, count, start, expires, "
                        + "host, share, overdraft, borrow, linger, tokens, components, named-users, customer, serial, issued, vendor-string, "
                        + "unsigned fields start with '_', and the block ends with 'signature'");
    }

    @Test
    @Timeout(10)
    void binaryGarbageIsNotALicenseFile() {
        byte[] garbage = new byte[100_000];
        new Random(7).nextBytes(garbage);

        ParsedLicenseFile parsed = LicenseFileReader.parse(garbage, "image.png");

        assertThat(parsed.features()).isEmpty();
        assertThat(parsed.problems()).singleElement().hasToString("image.png: this is not a license file: it is not UTF-8 text (binary data?)");
    }

    @Test
    @Timeout(10)
    void fiftyMegabyteFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.lic");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(50L * 1024 * 1024);
        }

        ParsedLicenseFile parsed = LicenseFileReader.read(big);

        assertThat(parsed.problems()).singleElement().hasToString(big + ": the file is 50.0 MiB; license files may be at most 16 MiB");
    }

    @Test
    @Timeout(10)
    void oneMegabyteLineIsReportedAndTheRestOfTheFileStillReads() {
        String text = "# " + "x".repeat(1024 * 1024) + "\n" + LicenseFileWriter.write(TestLicenses.signed("after"));

        ParsedLicenseFile parsed = LicenseFileReader.parse(text, "long.lic");

        assertThat(parsed.features()).extracting(FeatureLicense::name).containsExactly("after");
        assertThat(parsed.problems()).singleElement().hasToString("long.lic:1: the line is 1048578 characters long; lines may be at most 65536");
    }

    @Test
    void missingFileIsAProblemNotAnException(@TempDir Path dir) {
        assertThat(LicenseFileReader.read(dir.resolve("nope.lic")).problems()).singleElement()
                .hasToString(dir.resolve("nope.lic") + ": no such file");
    }

    @Test
    void expiryBeforeStartIsRejected() {
        String text = LicenseFileWriter.write(TestLicenses.fullFeature("x").build()).replace("2027-12-31", "2025-12-31");

        assertThat(LicenseFileReader.parse(text, "f").problems()).singleElement().asString().contains("expires (2025-12-31) before it starts (2026-01-01)");
    }

    @Test
    void trustDirectoryReportsUnreadableKeysButLoadsTheRest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("acme.pub"), TestLicenses.ACME.publicKey().toFileText());
        Files.writeString(dir.resolve("broken.pub"), "vendor acme\nkey-id x\npublic-key AAAA\n");
        Files.writeString(dir.resolve("oops.pub"), TestLicenses.GLOBEX.toFileText());

        TrustStore trust = TrustStore.load(dir);

        assertThat(trust.keys()).extracting(k -> k.keyId()).containsExactly("acme-test");
        assertThat(trust.problems()).hasSize(2);
        assertThat(trust.problems().get(0)).contains("broken.pub").contains("not a valid Ed25519 public key");
        assertThat(trust.problems().get(1)).contains("oops.pub").contains("PRIVATE key");
    }

    @Test
    void dateThatDoesNotExistIsNamed() {
        String text = LicenseFileWriter.write(TestLicenses.fullFeature("x").issued(LocalDate.of(2026, 2, 1)).build()).replace("2026-02-01", "2026-02-30");

        assertThat(LicenseFileReader.parse(text, "f").problems()).singleElement().asString()
                .contains("field 'issued': '2026-02-30' is not a date: expected YYYY-MM-DD");
    }
}
