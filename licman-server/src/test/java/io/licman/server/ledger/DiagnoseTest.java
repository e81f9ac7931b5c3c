package io.licman.server.ledger;

import static io.licman.server.ledger.Features.feature;
import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.license.Version;
import org.junit.jupiter.api.Test;

class DiagnoseTest {

    @Test
    void diagnoseExplainsAGrantWithoutChangingAnything() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build(), feature("cad", 1).version("2.0").build());
        byte[] before = h.ledger.snapshot();
        Diagnosis d = h.ledger.diagnose(LedgerHarness.request("cad", "alice", "ws1"), h.now);
        assertThat(d.verdict()).isEqualTo(Diagnosis.Verdict.GRANT);
        assertThat(d.poolId()).contains("cad/1.0/");
        assertThat(d.steps()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(h.ledger.snapshot()).isEqualTo(before);
    }

    @Test
    void diagnoseNamesTheReasonEachPoolCannotServe() {
        LedgerHarness h = new LedgerHarness(feature("cad", 1).build());
        h.grant("cad", "bob", "ws2");
        CheckoutRequest r = CheckoutRequest.of("acme", "cad", Version.parse("1.0"), LedgerHarness.client("alice", "ws1"))
                .queueIfBusy(true);
        Diagnosis d = h.ledger.diagnose(r, h.now);
        assertThat(d.verdict()).isEqualTo(Diagnosis.Verdict.QUEUE);
        assertThat(d.reason()).isEqualTo(DenialReason.ALL_SEATS_IN_USE);
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).contains("needs 1 seats, 0 free"));
        assertThat(d.holders()).extracting(Holder::user).containsExactly("bob");
        assertThat(h.ledger.queue()).isEmpty();
    }

    @Test
    void diagnoseOfAnExcludedUserDenies() {
        LedgerHarness h = new LedgerHarness();
        h.reload("EXCLUDE cad USER alice\n", feature("cad", 1).build());
        Diagnosis d = h.ledger.diagnose(LedgerHarness.request("cad", "alice", "ws1"), h.now);
        assertThat(d.verdict()).isEqualTo(Diagnosis.Verdict.DENY);
        assertThat(d.reason()).isEqualTo(DenialReason.EXCLUDED_BY_POLICY);
    }
}
