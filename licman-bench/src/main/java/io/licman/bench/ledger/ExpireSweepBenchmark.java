package io.licman.bench.ledger;

import io.licman.server.ledger.CheckoutRequest;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerResult;
import io.licman.server.policy.Policy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The expiry sweep over 100,000 leases: all of them due ({@code due=100000}), a tenth of them,
 * or none. Target: at most 50 ms for the whole sweep. Each measured sweep gets a fresh ledger
 * restored from a snapshot (not measured); a young generation large enough for the sweep's
 * garbage keeps collections out of the measurement. {@code due=0} does nothing but a lookup, so
 * its score is the single-shot harness's own overhead: subtract it from the others.
 *
 * <pre>java -jar licman-bench/target/benchmarks.jar ExpireSweepBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 15)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+UseParallelGC"})
public class ExpireSweepBenchmark {

    private static final int LEASES = 100_000;

    @Param({"100000", "10000", "0"})
    public int due;

    private byte[] snapshot;
    private Ledger ledger;
    private long sweepAt;

    @Setup(Level.Trial)
    public void buildSnapshot() {
        Ledger l = BenchLedgers.empty();
        long now = BenchLedgers.T0;
        l.apply(new LedgerCommand.Reload(now, List.of(BenchLedgers.feature("cad", LEASES), BenchLedgers.uncounted("viewer")),
                Policy.EMPTY, List.of()));
        var clients = BenchLedgers.clients(LEASES);
        for (int i = 0; i < LEASES; i++) {
            long at = i < due ? now : now + 10_000;
            var r = CheckoutRequest.of("acme", "cad", BenchLedgers.version(), clients.get(i));
            if (!(l.apply(new LedgerCommand.Checkout(at, r)).result() instanceof LedgerResult.Granted)) {
                throw new IllegalStateException("setup checkout " + i + " was not granted");
            }
            now = at;
        }
        snapshot = l.snapshot();
        sweepAt = BenchLedgers.T0 + 120_000 + 5_000;
    }

    @Setup(Level.Invocation)
    public void restore() {
        ledger = null;
        ledger = Ledger.restore(snapshot);
    }

    /** One sweep; returns its result (how many leases ended). */
    @Benchmark
    public Object sweep() {
        return ledger.apply(new LedgerCommand.Expire(sweepAt)).result();
    }
}
