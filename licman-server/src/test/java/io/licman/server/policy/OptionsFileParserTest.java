package io.licman.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsFileParserTest {

    private static Policy valid(String text) {
        ParsedOptions parsed = OptionsFileParser.parse(text, "site.opt");
        assertThat(parsed.problems()).isEmpty();
        return parsed.toPolicy().orElseThrow();
    }

    private static List<OptionsProblem> problems(String text) {
        ParsedOptions parsed = OptionsFileParser.parse(text, "site.opt");
        assertThat(parsed.toPolicy()).isEmpty();
        return parsed.problems();
    }

    @Test
    void everyKeywordIsRead() {
        Policy p = valid("""
                GROUPCASEINSENSITIVE ON
                SHOW_HOLDERS OFF
                GROUP eng alice bob
                HOST_GROUP lab build01 build02
                INCLUDE cad GROUP eng
                INCLUDEALL USER root
                EXCLUDE cad USER mallory
                EXCLUDEALL HOST kiosk
                RESERVE 2 cad USER alice
                MAX 3 cad HOST_GROUP lab
                TIMEOUT cad 300
                TIMEOUTALL 600
                LINGER cad 60
                MAX_BORROW_HOURS cad 72
                MAX_OVERDRAFT cad 1
                NOLOG IN
                NOLOG QUEUED
                """);
        FeatureRef cad = FeatureRef.any("cad");
        assertThat(p.usersCaseInsensitive()).isTrue();
        assertThat(p.showHolders()).isFalse();
        assertThat(p.groups()).containsEntry("eng", List.of("alice", "bob"));
        assertThat(p.hostGroups()).containsEntry("lab", List.of("build01", "build02"));
        assertThat(p.includes()).containsExactly(new AccessRule(cad, new Target(TargetType.GROUP, "eng")),
                new AccessRule(null, new Target(TargetType.USER, "root")));
        assertThat(p.excludes()).containsExactly(new AccessRule(cad, new Target(TargetType.USER, "mallory")),
                new AccessRule(null, new Target(TargetType.HOST, "kiosk")));
        assertThat(p.reservations()).containsExactly(new SeatRule(2, cad, new Target(TargetType.USER, "alice")));
        assertThat(p.maxima()).containsExactly(new SeatRule(3, cad, new Target(TargetType.HOST_GROUP, "lab")));
        assertThat(p.timeouts()).containsEntry(cad, Duration.ofSeconds(300));
        assertThat(p.timeoutAll()).contains(Duration.ofSeconds(600));
        assertThat(p.lingers()).containsEntry(cad, Duration.ofSeconds(60));
        assertThat(p.maxBorrowHours()).containsEntry(cad, 72);
        assertThat(p.maxOverdrafts()).containsEntry(cad, 1);
        assertThat(p.logs(LogCategory.IN)).isFalse();
        assertThat(p.logs(LogCategory.QUEUED)).isFalse();
        assertThat(p.logs(LogCategory.OUT)).isTrue();
    }

    @Test
    void displayInternetAndProjectTargetsAreRead() {
        Policy p = valid("""
                INCLUDE cad DISPLAY :0
                INCLUDE cad INTERNET 10.1.*.*
                INCLUDE cad INTERNET 2001:db8::/32
                INCLUDE cad PROJECT apollo
                """);
        assertThat(p.includes()).extracting(r -> r.target().type())
                .containsExactly(TargetType.DISPLAY, TargetType.INTERNET, TargetType.INTERNET, TargetType.PROJECT);
    }

    @Test
    void keywordsAndTypesIgnoreCaseButNamesDoNot() {
        Policy p = valid("include Cad user Alice\nmax 1 cad User alice\n");
        assertThat(p.includes().get(0).feature().name()).isEqualTo("Cad");
        assertThat(p.includes().get(0).target()).isEqualTo(new Target(TargetType.USER, "Alice"));
        assertThat(p.maxima().get(0).feature().name()).isEqualTo("cad");
    }

    @Test
    void commentsBlankLinesAndContinuationsAreHandled() {
        Policy p = valid("""
                # engineering
                GROUP eng alice \\
                      bob   # the second line
                   \s
                GROUP eng carol\\
                 dave
                """);
        assertThat(p.groups().get("eng")).containsExactly("alice", "bob", "carol", "dave");
    }

    @Test
    void quotedNamesMayHoldSpaces() {
        Policy p = valid("GROUP \"cad users\" \"John Smith\" jane\nINCLUDE cad GROUP \"cad users\"\n");
        assertThat(p.groups()).containsEntry("cad users", List.of("John Smith", "jane"));
    }

    @Test
    void vendorQualifiedFeatureIsRead() {
        Policy p = valid("TIMEOUT acme/cad 30\n");
        assertThat(p.timeouts()).containsKey(new FeatureRef("acme", "cad"));
    }

    @Test
    void durationsMayCarryAUnit() {
        Policy p = valid("TIMEOUTALL 2m\nLINGER cad 1h\n");
        assertThat(p.timeoutAll()).contains(Duration.ofMinutes(2));
        assertThat(p.lingers().get(FeatureRef.any("cad"))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void emptyFileIsTheEmptyPolicy() {
        assertThat(valid("")).isEqualTo(Policy.EMPTY);
        assertThat(valid("# nothing here\n\n")).isEqualTo(Policy.EMPTY);
    }

    @Test
    void unknownKeywordIsReportedWithLineAndColumn() {
        assertThat(problems("GROUP eng alice\n  INCLUD cad USER bob\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.column()).isEqualTo(3);
                    assertThat(p.message()).contains("unknown keyword 'INCLUD'").contains("INCLUDE");
                    assertThat(p.toString()).startsWith("site.opt:2:3: ");
                });
    }

    @Test
    void missingWordIsReportedAfterTheLastWord() {
        assertThat(problems("RESERVE 2 cad USER\n")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.column()).isEqualTo(19);
            assertThat(p.message()).contains("expected a USER name").contains("RESERVE seats feature TYPE name");
        });
    }

    @Test
    void badNumberIsReportedAtTheNumber() {
        assertThat(problems("MAX two cad USER bob\n")).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo(5);
            assertThat(p.message()).contains("expected a number of seats, found 'two'");
        });
    }

    @Test
    void badTypeNamesTheAcceptedTypes() {
        assertThat(problems("INCLUDE cad PERSON bob\n")).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo(13);
            assertThat(p.message()).contains("USER, HOST, DISPLAY, GROUP, HOST_GROUP, INTERNET, PROJECT");
        });
    }

    @Test
    void undefinedGroupIsReportedWhereItIsUsed() {
        assertThat(problems("INCLUDE cad GROUP eng\n")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.column()).isEqualTo(19);
            assertThat(p.message()).contains("GROUP 'eng' is not defined");
        });
    }

    @Test
    void groupDefinedLaterInTheFileIsFine() {
        assertThat(valid("INCLUDE cad GROUP eng\nGROUP eng alice\n").groups()).containsKey("eng");
    }

    @Test
    void badInternetPatternIsReported() {
        assertThat(problems("EXCLUDE cad INTERNET 10.1.300.*\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not an IP address pattern"));
    }

    @Test
    void featureQualifierIsRejectedClearly() {
        assertThat(problems("INCLUDE cad:VERSION=2.0 USER bob\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not support FlexLM feature qualifiers"));
    }

    @Test
    void unsupportedFlexlmKeywordSaysWhy() {
        assertThat(problems("REPORTLOG +report.log\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("REPORTLOG is not supported").contains("server configuration"));
    }

    @Test
    void settingATimeoutTwiceIsAnError() {
        assertThat(problems("TIMEOUT cad 60\nTIMEOUT cad 90\n")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("already set on line 1");
        });
    }

    @Test
    void timeoutOutsideItsRangeIsAnError() {
        assertThat(problems("TIMEOUTALL 5\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("between 10 and 86400"));
    }

    @Test
    void extraWordsAreAnError() {
        assertThat(problems("NOLOG IN OUT\n")).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo(10);
            assertThat(p.message()).contains("unexpected 'OUT'");
        });
    }

    @Test
    void unclosedQuoteIsAnError() {
        assertThat(problems("GROUP eng \"alice\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not closed"));
    }

    @Test
    void continuationAtTheEndOfTheFileIsAnError() {
        assertThat(problems("GROUP eng alice \\\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ends with '\\'"));
    }

    @Test
    void fileWithOneErrorIsRejectedWhole() {
        ParsedOptions parsed = OptionsFileParser.parse("""
                GROUP eng alice
                INCLUDE cad GROUP eng
                MAX -1 cad USER bob
                TIMEOUTALL 600
                """, "site.opt");
        assertThat(parsed.isValid()).isFalse();
        assertThat(parsed.toPolicy()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(3));
    }

    @Test
    void everyProblemIsReportedInFileOrder() {
        List<OptionsProblem> problems = problems("INCLUDE cad GROUP nobody\nFOO\nMAX x cad USER a\n");
        assertThat(problems).extracting(OptionsProblem::line).containsExactly(1, 2, 3);
    }

    @Test
    void orThrowCarriesEveryProblem() {
        ParsedOptions parsed = OptionsFileParser.parse("FOO\nBAR\n", "site.opt");
        assertThatThrownBy(parsed::orThrow).isInstanceOf(OptionsFileException.class)
                .hasMessageContaining("2 problems")
                .hasMessageContaining("site.opt:1:1")
                .satisfies(e -> assertThat(((OptionsFileException) e).problems()).hasSize(2));
    }

    @Test
    void readingAMissingFileIsAProblemNotAnException(@TempDir Path dir) {
        ParsedOptions parsed = OptionsFileParser.read(dir.resolve("absent.opt"));
        assertThat(parsed.problems()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("no such file"));
    }

    @Test
    void readingAFileUsesItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.opt");
        Files.writeString(file, "NOLOG OUT\n");
        assertThat(OptionsFileParser.read(file).toPolicy().orElseThrow().logs(LogCategory.OUT)).isFalse();
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThat(OptionsFileParser.read(file).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not UTF-8"));
    }

    @Test
    void canonicalTextParsesBackToAnEqualPolicy() {
        Policy p = valid("""
                GROUP "cad users" alice "John Smith"
                HOST_GROUP lab build01
                INCLUDEALL GROUP "cad users"
                EXCLUDE acme/cad HOST_GROUP lab
                RESERVE 1 cad USER alice
                RESERVE 1 cad USER alice
                MAX 0 cad INTERNET 10.0.0.0/8
                TIMEOUT cad 30
                LINGER cad 0
                NOLOG DENIED
                """);
        String text = p.toOptionsText();
        Policy again = valid(text);
        assertThat(again).isEqualTo(p);
        assertThat(again.toOptionsText()).isEqualTo(text);
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("RESERVE 1 cad USER alice");
    }
}
