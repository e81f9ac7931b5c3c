package io.licman.server.policy;

import static io.licman.server.policy.TestRequester.who;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeaturePolicyTest {

    private static FeaturePolicy cad(String options) {
        return OptionsFileParser.parse(options, "site.opt").toPolicy().orElseThrow().forFeature("acme", "cad");
    }

    @Test
    void withoutRulesEveryoneIsAdmitted() {
        assertThat(cad("").admits(who("anyone"))).isTrue();
    }

    @Test
    void includeOnAFeatureExcludesEveryoneNotIncluded() {
        FeaturePolicy p = cad("INCLUDE cad USER alice\n");
        assertThat(p.admits(who("alice"))).isTrue();
        assertThat(p.admits(who("bob"))).isFalse();
        assertThat(p.whyExcluded(who("bob"))).get().asString().contains("INCLUDE cad USER alice");
    }

    @Test
    void includeOnAnotherFeatureDoesNotRestrictThisOne() {
        assertThat(cad("INCLUDE cam USER alice\n").admits(who("bob"))).isTrue();
    }

    @Test
    void excludeWinsOverInclude() {
        FeaturePolicy p = cad("GROUP eng alice bob\nINCLUDE cad GROUP eng\nEXCLUDE cad USER bob\n");
        assertThat(p.admits(who("alice"))).isTrue();
        assertThat(p.admits(who("bob"))).isFalse();
        assertThat(p.whyExcluded(who("bob"))).get().asString().contains("EXCLUDE cad USER bob");
    }

    @Test
    void includeAllAndIncludeAreUnited() {
        FeaturePolicy p = cad("INCLUDEALL USER root\nINCLUDE cad USER alice\n");
        assertThat(p.admits(who("root"))).isTrue();
        assertThat(p.admits(who("alice"))).isTrue();
        assertThat(p.admits(who("bob"))).isFalse();
    }

    @Test
    void excludeAllExcludesFromEveryFeature() {
        assertThat(cad("EXCLUDEALL HOST kiosk\n").admits(who("alice").on("KIOSK"))).isFalse();
    }

    @Test
    void groupMatchesEachMemberUser() {
        FeaturePolicy p = cad("GROUP eng alice bob\nINCLUDE cad GROUP eng\n");
        assertThat(p.admits(who("bob"))).isTrue();
        assertThat(p.admits(who("eng"))).isFalse();
    }

    @Test
    void userNamesAreCaseSensitiveUnlessGroupCaseInsensitive() {
        assertThat(cad("INCLUDE cad USER Alice\n").admits(who("alice"))).isFalse();
        assertThat(cad("GROUPCASEINSENSITIVE ON\nINCLUDE cad USER Alice\n").admits(who("alice"))).isTrue();
        assertThat(cad("GROUPCASEINSENSITIVE ON\nGROUP eng Alice\nINCLUDE cad GROUP eng\n").admits(who("ALICE"))).isTrue();
    }

    @Test
    void hostNamesIgnoreCase() {
        assertThat(cad("HOST_GROUP lab Build01\nINCLUDE cad HOST_GROUP lab\n").admits(who("x").on("build01"))).isTrue();
        assertThat(cad("INCLUDE cad HOST BUILD01\n").admits(who("x").on("build01"))).isTrue();
    }

    @Test
    void displayProjectAndInternetTargetsMatch() {
        assertThat(cad("INCLUDE cad DISPLAY :1\n").admits(who("x").display(":1"))).isTrue();
        assertThat(cad("INCLUDE cad PROJECT apollo\n").admits(who("x").project("apollo"))).isTrue();
        assertThat(cad("INCLUDE cad PROJECT apollo\n").admits(who("x").project("gemini"))).isFalse();
        assertThat(cad("INCLUDE cad INTERNET 10.1.*.*\n").admits(who("x").at("10.1.7.9"))).isTrue();
        assertThat(cad("INCLUDE cad INTERNET 10.1.*.*\n").admits(who("x").at("10.2.7.9"))).isFalse();
    }

    @Test
    void vendorQualifiedRulesApplyOnlyToThatVendor() {
        assertThat(cad("EXCLUDE other/cad USER bob\n").admits(who("bob"))).isTrue();
        assertThat(cad("EXCLUDE acme/cad USER bob\n").admits(who("bob"))).isFalse();
    }

    @Test
    void vendorSpecificOptionWinsOverThePlainOne() {
        FeaturePolicy p = cad("TIMEOUT cad 60\nTIMEOUT acme/cad 30\nTIMEOUTALL 600\n");
        assertThat(p.timeout()).contains(Duration.ofSeconds(30));
    }

    @Test
    void timeoutAllAppliesWhenTheFeatureHasNoTimeout() {
        assertThat(cad("TIMEOUT cam 60\nTIMEOUTALL 600\n").timeout()).contains(Duration.ofSeconds(600));
        assertThat(cad("").timeout()).isEmpty();
    }

    @Test
    void seatRulesAreResolvedForTheFeature() {
        FeaturePolicy p = cad("RESERVE 2 cad USER alice\nRESERVE 1 cam USER bob\nMAX 1 cad HOST ws9\n");
        assertThat(p.reservationCount()).isEqualTo(1);
        assertThat(p.reservedSeats(0)).isEqualTo(2);
        assertThat(p.reservationMatches(0, who("alice"))).isTrue();
        assertThat(p.reservationMatches(0, who("bob"))).isFalse();
        assertThat(p.maximumCount()).isEqualTo(1);
        assertThat(p.maximumMatches(0, who("bob").on("WS9"))).isTrue();
    }

    @Test
    void borrowOverdraftAndLingerAreResolved() {
        FeaturePolicy p = cad("MAX_BORROW_HOURS cad 24\nMAX_OVERDRAFT cad 2\nLINGER cad 90\n");
        assertThat(p.maxBorrow()).contains(Duration.ofHours(24));
        assertThat(p.maxOverdraft()).hasValue(2);
        assertThat(p.linger()).isEqualTo(Duration.ofSeconds(90));
    }
}
