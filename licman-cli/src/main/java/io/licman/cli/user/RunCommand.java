package io.licman.cli.user;

import io.licman.cli.CliEnvironment;
import io.licman.cli.UserError;
import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code licman run --feature F -- CMD ARGS...}: runs any program under a license. The seat is
 * held while the program runs and returned when it ends; the program's exit status is passed
 * through. If the seat is lost for good, the program is stopped with a message.
 */
@Command(name = "run", sortOptions = false,
        description = {"Run a program while holding a seat of --feature; return the seat when it ends.",
            "The program's exit status is passed through. If the seat is lost for good (revoked, expired), the program is",
            "stopped (SIGTERM, then SIGKILL after --grace) and licman exits with status 75."},
        footer = {"", "Example:  licman run --feature solver --version 3 -- ./solve.sh input.dat"})
public final class RunCommand implements Callable<Integer> {

    /** Exit status when the seat was lost and the program stopped (EX_TEMPFAIL). */
    public static final int LEASE_LOST = 75;

    private final CliEnvironment env;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--feature", required = true, paramLabel = "NAME", description = "The feature to hold.")
    String feature;

    @Mixin
    ClientOptions client;

    @Option(names = "--version", paramLabel = "V", description = "The lowest acceptable version.")
    String version;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Seats (tokens) to take.")
    int count;

    @Option(names = "--wait", paramLabel = "DURATION", description = "Wait in the queue this long when all seats are taken.")
    String waitFor;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10", description = "After SIGTERM, wait this long before SIGKILL.")
    int grace;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program and its arguments (after --).")
    List<String> command;

    public RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        AtomicReference<Process> child = new AtomicReference<>();
        AtomicReference<String> lostBecause = new AtomicReference<>();
        LeaseListener listener = new LeaseListener() {
            @Override
            public void leaseLost(Lease lease, LeaseLoss loss) {
                if (loss.isPermanent()) {
                    stop(loss.message());
                } else {
                    env.err().println("licman run: connection trouble, the seat is kept while the SDK reconnects: " + loss.message());
                }
            }

            @Override
            public void leaseRevoked(Lease lease, LeaseLoss loss) {
                stop(loss.message());
            }

            private void stop(String why) {
                if (lostBecause.compareAndSet(null, why)) {
                    env.err().println("licman run: the license seat of " + feature + " was lost (" + why + "); stopping " + command.get(0));
                    Process p = child.get();
                    if (p != null) {
                        p.destroy();
                    }
                }
            }
        };
        try (LicenseClient licenses = client.client(env, listener);
             Lease lease = CheckoutCommand.checkout(licenses, CheckoutCommand.request(feature, version, count, waitFor, null))) {
            Process process;
            try {
                process = new ProcessBuilder(command).inheritIO().start();
            } catch (IOException e) {
                throw new UserError("cannot start " + command.get(0) + ": " + e.getMessage());
            }
            child.set(process);
            if (lostBecause.get() != null) {
                process.destroy();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "licman-run-stop"));
            int status = waitFor(process);
            env.err().flush();
            return lostBecause.get() != null ? LEASE_LOST : status;
        }
    }

    private int waitFor(Process process) throws InterruptedException {
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                break;
            }
        }
        return process.exitValue();
    }
}
