package io.licman.bench.ledger;

import io.licman.server.ledger.Applied;
import io.licman.server.ledger.CheckoutRequest;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.Grant;
import io.licman.server.ledger.Ledger;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One checkout and its check-in, single-threaded, on a 100-seat feature governed by a 50-line
 * options file, with 60 other seats held. Target: at least 500,000 pairs per second.
 *
 * <pre>java -jar licman-bench/target/benchmarks.jar CheckoutCheckinBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CheckoutCheckinBenchmark {

    private Ledger ledger;
    private CheckoutRequest[] requests;
    private long now;
    private int next;

    @Setup
    public void setUp() {
        ledger = BenchLedgers.empty();
        now = BenchLedgers.T0;
        BenchLedgers.reload(ledger, now, BenchLedgers.fiftyLinePolicy(), BenchLedgers.feature("cad", 100));
        List<ClientIdentity> clients = BenchLedgers.clients(1000);
        requests = new CheckoutRequest[clients.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = CheckoutRequest.of("acme", "cad", BenchLedgers.version(), clients.get(i));
        }
        for (int i = 0; i < 60; i++) {
            checkout(requests[requests.length - 1 - i]);
        }
    }

    private Grant checkout(CheckoutRequest r) {
        Applied a = ledger.apply(new LedgerCommand.Checkout(now, r));
        if (!(a.result() instanceof LedgerResult.Granted g)) {
            throw new IllegalStateException("the benchmark checkout was not granted: " + a.result());
        }
        return g.grant();
    }

    /** A checkout and check-in pair; returns the check-in result so it is not optimised away. */
    @Benchmark
    public Object checkoutThenCheckin() {
        now++;
        CheckoutRequest r = requests[next];
        next = next + 1 == 900 ? 0 : next + 1;
        Grant g = checkout(r);
        return ledger.apply(new LedgerCommand.Checkin(now, g.lease(), g.secret()));
    }
}
