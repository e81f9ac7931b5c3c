package io.licman.cli.user;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.client.CheckoutRequest;
import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import io.licman.client.LicenseDeniedException;
import io.licman.client.LicenseException;
import io.licman.client.LicenseServerUnavailableException;
import io.licman.client.SeatHolder;
import io.licman.core.license.DurationText;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licman checkout FEATURE}: holds a seat until Ctrl-C, as an application would. */
@Command(name = "checkout", sortOptions = false,
        description = {"Check out a seat of FEATURE and hold it until Ctrl-C (or until the server takes it back).",
            "Useful to test a server, or to keep a seat for a scripted job."})
public final class CheckoutCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "FEATURE", description = "The feature name.")
    String feature;

    @Mixin
    ClientOptions client;

    @Option(names = "--version", paramLabel = "V", description = "The lowest acceptable version, such as 2.0.")
    String version;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Seats (tokens) to take (default 1).")
    int count;

    @Option(names = "--wait", paramLabel = "DURATION", description = "Wait in the queue this long when all seats are taken, e.g. 30s.")
    String waitFor;

    @Option(names = "--borrow", paramLabel = "DURATION", description = "Borrow the seat for offline use this long, e.g. 3d.")
    String borrow;

    public CheckoutCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        LeaseListener listener = new LeaseListener() {
            @Override
            public void leaseLost(Lease lease, LeaseLoss loss) {
                env.err().println("licman checkout: " + (loss.isPermanent() ? "the seat is lost: " : "connection trouble, retrying: ") + loss.message());
                if (loss.isPermanent()) {
                    gone.countDown();
                }
            }

            @Override
            public void leaseRegained(Lease lease) {
                env.err().println("licman checkout: the seat is held again");
            }

            @Override
            public void leaseRevoked(Lease lease, LeaseLoss loss) {
                env.err().println("licman checkout: the server took the seat back: " + loss.message());
                gone.countDown();
            }
        };
        try (LicenseClient licenses = client.client(env, listener)) {
            Lease lease = checkout(licenses, request(feature, version, count, waitFor, borrow));
            env.out().printf("holding %s %s (lease %016x, %d seat%s)%s; press Ctrl-C to return it%n", lease.feature(), lease.version(),
                    lease.id(), lease.count(), lease.count() == 1 ? "" : "s",
                    lease.borrowedUntil().map(t -> ", borrowed until " + t).orElse(""));
            env.out().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(licenses::close, "licman-checkin"));
            gone.await();
            return ExitCodes.NEGATIVE;
        }
    }

    static CheckoutRequest request(String feature, String version, int count, String waitFor, String borrow) {
        try {
            CheckoutRequest.Builder b = CheckoutRequest.builder(feature).count(count);
            if (version != null) {
                b.minVersion(version);
            }
            if (waitFor != null) {
                b.waitInQueue(DurationText.parse(waitFor));
            }
            if (borrow != null) {
                b.borrow(DurationText.parse(borrow));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Checks out, turning the SDK's exceptions into one clear line and an exit status. */
    static Lease checkout(LicenseClient licenses, CheckoutRequest request) {
        try {
            return licenses.checkout(request);
        } catch (LicenseDeniedException e) {
            StringBuilder message = new StringBuilder(e.getMessage());
            for (SeatHolder holder : e.holders()) {
                message.append("\n  held by ").append(holder);
            }
            throw new UserError(message.toString(), ExitCodes.NEGATIVE);
        } catch (LicenseServerUnavailableException e) {
            throw new UserError(e.getMessage(), ExitCodes.UNAVAILABLE);
        } catch (LicenseException e) {
            throw new UserError(e.getMessage(), ExitCodes.NEGATIVE);
        }
    }
}
