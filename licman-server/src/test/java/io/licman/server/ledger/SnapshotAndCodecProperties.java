package io.licman.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Snapshots restore to an identical ledger, equal histories give equal bytes, and commands survive encoding. */
class SnapshotAndCodecProperties {

    @Provide
    Arbitrary<List<Step>> histories() {
        return Steps.any().list().ofMaxSize(LedgerStateMachineProperties.STEPS);
    }

    @Property
    void aRestoredLedgerBehavesExactlyLikeTheOriginal(@ForAll("histories") List<Step> steps, @ForAll @IntRange(max = 60) int cut) {
        LedgerModel original = new LedgerModel(false);
        int k = Math.min(cut, steps.size());
        for (Step step : steps.subList(0, k)) {
            original.step(step);
        }
        byte[] snapshot = original.ledger.snapshot();
        Ledger restored = Ledger.restore(snapshot);
        assertThat(restored.snapshot()).as("restore then snapshot gives the same bytes").isEqualTo(snapshot);
        assertThat(restored.leases()).isEqualTo(original.ledger.leases());
        assertThat(restored.queue()).isEqualTo(original.ledger.queue());
        for (Step step : steps.subList(k, steps.size())) {
            LedgerCommand command = step.command(original);
            if (command != null) {
                Applied expected = original.apply(command);
                assertThat(restored.apply(command)).as("after %s", step).isEqualTo(expected);
            }
        }
        assertThat(restored.snapshot()).isEqualTo(original.ledger.snapshot());
    }

    @Property
    void twoLedgersFedTheSameCommandsAreByteForByteEqual(@ForAll("histories") List<Step> steps) {
        LedgerModel first = new LedgerModel(false);
        Ledger second = Ledger.create(LedgerSettings.withSeed(LedgerHarness.SEED));
        second.apply(first.history.get(0));
        for (Step step : steps) {
            LedgerCommand command = step.command(first);
            if (command != null) {
                Applied expected = first.apply(command);
                assertThat(second.apply(command)).isEqualTo(expected);
                assertThat(second.snapshot()).isEqualTo(first.ledger.snapshot());
            }
        }
    }

    @Property
    void everyCommandSurvivesEncoding(@ForAll("histories") List<Step> steps) {
        LedgerModel model = new LedgerModel(false);
        for (Step step : steps) {
            LedgerCommand command = step.command(model);
            if (command != null) {
                byte[] bytes = LedgerCommandCodec.encode(command);
                assertThat(LedgerCommandCodec.decode(bytes)).isEqualTo(command);
                model.apply(command);
            }
        }
        for (LedgerCommand command : model.history) {
            assertThat(LedgerCommandCodec.decode(LedgerCommandCodec.encode(command))).isEqualTo(command);
        }
    }

    @Property
    void corruptCommandBytesFailOnlyWithAFormatError(@ForAll("histories") List<Step> steps, @ForAll int position,
                                                     @ForAll byte value) {
        LedgerModel model = new LedgerModel(false);
        for (Step step : steps) {
            LedgerCommand command = step.command(model);
            if (command != null) {
                model.apply(command);
            }
        }
        byte[] bytes = LedgerCommandCodec.encode(model.history.get(model.history.size() - 1));
        bytes[Math.floorMod(position, bytes.length)] ^= (byte) (value == 0 ? 1 : value);
        assertFormatErrorOrSuccess(() -> LedgerCommandCodec.decode(bytes));
        byte[] truncated = java.util.Arrays.copyOf(bytes, Math.floorMod(position, bytes.length));
        assertThatThrownBy(() -> LedgerCommandCodec.decode(truncated)).isInstanceOf(LedgerFormatException.class);
    }

    @Property(tries = 50)
    void corruptSnapshotsFailOnlyWithAFormatError(@ForAll("histories") List<Step> steps, @ForAll int position,
                                                  @ForAll byte value) {
        LedgerModel model = new LedgerModel(false);
        for (Step step : steps) {
            model.step(step);
        }
        byte[] snapshot = model.ledger.snapshot();
        byte[] flipped = snapshot.clone();
        flipped[Math.floorMod(position, flipped.length)] ^= (byte) (value == 0 ? 1 : value);
        assertFormatErrorOrSuccess(() -> Ledger.restore(flipped));
        byte[] truncated = java.util.Arrays.copyOf(snapshot, Math.floorMod(position, snapshot.length));
        assertThatThrownBy(() -> Ledger.restore(truncated)).isInstanceOf(LedgerFormatException.class);
    }

    @Property
    void randomBytesAreNeitherASnapshotNorACommand(@ForAll @Size(max = 200) byte[] bytes) {
        assertFormatErrorOrSuccess(() -> Ledger.restore(bytes));
        assertFormatErrorOrSuccess(() -> LedgerCommandCodec.decode(bytes));
    }

    private static void assertFormatErrorOrSuccess(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(LedgerFormatException.class);
        }
    }
}
