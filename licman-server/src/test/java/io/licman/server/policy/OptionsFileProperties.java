package io.licman.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OptionsFileProperties {

    @Property
    void garbageNeverThrowsAndGivesProblemsOrAPolicy(@ForAll("garbage") String text) {
        ParsedOptions parsed = OptionsFileParser.parse(text, "fuzz.opt");
        assertThat(parsed.isValid()).isEqualTo(parsed.toPolicy().isPresent());
        for (OptionsProblem p : parsed.problems()) {
            assertThat(p.file()).isEqualTo("fuzz.opt");
            assertThat(p.line()).isBetween(0, (int) text.chars().filter(c -> c == '\n').count() + 1);
            assertThat(p.message()).isNotBlank();
        }
    }

    @Property
    void garbageBytesNeverThrow(@ForAll byte[] bytes) {
        ParsedOptions parsed = OptionsFileParser.parse(bytes, "fuzz.opt");
        assertThat(parsed.isValid()).isEqualTo(parsed.toPolicy().isPresent());
    }

    @Property
    void everyValidPolicyRoundTripsThroughItsText(@ForAll("policyTexts") String text) {
        ParsedOptions parsed = OptionsFileParser.parse(text, "gen.opt");
        assertThat(parsed.problems()).isEmpty();
        Policy policy = parsed.toPolicy().orElseThrow();
        Policy again = OptionsFileParser.parse(policy.toOptionsText(), "canonical.opt").toPolicy().orElseThrow();
        assertThat(again).isEqualTo(policy);
        assertThat(again.toOptionsText()).isEqualTo(policy.toOptionsText());
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> words = Arbitraries.oneOf(
                Arbitraries.of("GROUP", "HOST_GROUP", "INCLUDE", "INCLUDEALL", "EXCLUDE", "EXCLUDEALL", "RESERVE", "MAX",
                        "TIMEOUT", "TIMEOUTALL", "LINGER", "MAX_BORROW_HOURS", "MAX_OVERDRAFT", "NOLOG", "USER", "HOST",
                        "GROUP", "INTERNET", "PROJECT", "DISPLAY", "HOST_GROUP", "IN", "OUT", "ON", "OFF", "cad", "acme/cad",
                        "cad:VERSION=1", "eng", "alice", "10.*.*.*", "::1/64", "3", "-1", "999999999999", "\\", "#", "\"",
                        "\"a b\"", "\n", "\r\n", " ", "\t", "\u0000", "\u00e9", "REPORTLOG", "GROUPCASEINSENSITIVE", "SHOW_HOLDERS"),
                Arbitraries.strings().ofMaxLength(12));
        return words.list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> policyTexts() {
        Arbitrary<String> feature = Arbitraries.of("cad", "cam", "acme/cad", "sim");
        Arbitrary<String> target = Arbitraries.of("USER alice", "USER \"John Smith\"", "HOST ws1", "DISPLAY :0",
                "GROUP eng", "HOST_GROUP lab", "INTERNET 10.1.*.*", "INTERNET 2001:db8::/48", "PROJECT apollo");
        Arbitrary<Integer> seats = Arbitraries.integers().between(1, 50);
        Arbitrary<String> rule = Arbitraries.oneOf(
                Combinators.combine(feature, target).as((f, t) -> "INCLUDE " + f + " " + t),
                Combinators.combine(feature, target).as((f, t) -> "EXCLUDE " + f + " " + t),
                target.map(t -> "INCLUDEALL " + t),
                target.map(t -> "EXCLUDEALL " + t),
                Combinators.combine(seats, feature, target).as((n, f, t) -> "RESERVE " + n + " " + f + " " + t),
                Combinators.combine(seats, feature, target).as((n, f, t) -> "MAX " + n + " " + f + " " + t),
                Arbitraries.of("NOLOG IN", "NOLOG OUT", "NOLOG DENIED", "NOLOG QUEUED"));
        Arbitrary<List<String>> singles = Arbitraries.subsetOf("TIMEOUT cad 60", "TIMEOUTALL 300", "LINGER cam 30",
                "MAX_BORROW_HOURS sim 48", "MAX_OVERDRAFT cad 2", "GROUPCASEINSENSITIVE ON", "SHOW_HOLDERS OFF")
                .map(List::copyOf);
        return Combinators.combine(rule.list().ofMaxSize(15), singles).as((rules, one) ->
                "GROUP eng alice bob\nHOST_GROUP lab ws1 ws2\n" + String.join("\n", rules) + "\n" + String.join("\n", one) + "\n");
    }
}
