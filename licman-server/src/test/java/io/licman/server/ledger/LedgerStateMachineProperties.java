package io.licman.server.ledger;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random histories (checkouts by several users and hosts on features with several pools,
 * random options files, time passing, sweeps, reloads, removals) with the
 * {@link InvariantChecker} after every command. Runs {@code jqwik.tries.default} chains of up to
 * {@code licman.ledger.steps} (default 60) steps; raise both for long runs:
 * {@code -Djqwik.tries.default=5000 -Dlicman.ledger.steps=300}.
 */
class LedgerStateMachineProperties {

    static final int STEPS = Integer.getInteger("licman.ledger.steps", 60);

    @Property
    void everyInvariantHoldsAfterEveryCommand(@ForAll("histories") ActionChain<LedgerModel> chain) {
        LedgerModel model = chain.run();
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Applied a : model.outcomes) {
            for (LedgerEvent e : a.events()) {
                seen.add(e.getClass().getSimpleName());
                if (e instanceof LedgerEvent.Granted g && g.reservedSeats() > 0) {
                    seen.add("Granted(reserved)");
                }
                if (e instanceof LedgerEvent.Denied d) {
                    seen.add("Denied(" + d.reason() + ")");
                }
            }
        }
        for (String kind : seen) {
            Statistics.label("histories with").collect(kind);
        }
    }

    @Provide
    Arbitrary<ActionChain<LedgerModel>> histories() {
        return ActionChain.startWith(() -> new LedgerModel(true))
                .withAction(new RandomStep())
                .withMaxTransformations(STEPS);
    }

    /** Any step, drawn from {@link Steps#any()}. */
    static final class RandomStep implements Action.Independent<LedgerModel> {
        @Override
        public Arbitrary<Transformer<LedgerModel>> transformer() {
            return Steps.any().map(step -> Transformer.mutate(step.toString(), model -> model.step(step)));
        }
    }
}
