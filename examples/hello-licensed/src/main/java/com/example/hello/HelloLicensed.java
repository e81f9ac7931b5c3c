package com.example.hello;

import io.licman.client.CheckoutRequest;
import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import io.licman.client.LicenseDeniedException;
import io.licman.client.LicenseException;
import io.licman.client.DenialReason;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A licensed "hello" application. It checks out a seat of the feature {@code hello}, waits in the
 * queue when all seats are taken, keeps working through a server restart (the SDK reconnects and
 * resumes the same seat), stops if the seat is taken away, and returns the seat on exit.
 *
 * <pre>
 * java -jar hello-licensed.jar [--key acme.pub] [--server 1384@localhost] [--seconds 30]
 * </pre>
 */
public final class HelloLicensed {

    private final PrintStream out;
    private final AtomicBoolean lostForGood = new AtomicBoolean();

    HelloLicensed(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new HelloLicensed(System.out).run(args));
    }

    int run(String[] args) {
        Path key = Path.of(option(args, "--key", "acme.pub"));
        String servers = option(args, "--server", null);
        int seconds = Integer.parseInt(option(args, "--seconds", "30"));

        LicenseClient.Builder builder = LicenseClient.builder().vendorKey(key).listener(new LeaseListener() {
            @Override
            public void leaseLost(Lease lease, LeaseLoss loss) {
                if (loss.isPermanent()) {
                    lostForGood.set(true);
                    out.println("The license was lost (" + loss.message() + "); saving and stopping.");
                } else {
                    out.println("Lost contact with the license server; still working while the seat is kept for us...");
                }
            }

            @Override
            public void leaseRegained(Lease lease) {
                out.println("Back in contact with the license server; the seat is still ours.");
            }

            @Override
            public void leaseRevoked(Lease lease, LeaseLoss loss) {
                lostForGood.set(true);
                out.println("The administrator took the license back (" + loss.message() + "); saving and stopping.");
            }
        });
        if (servers != null) {
            builder.servers(servers);
        }
        try (LicenseClient client = builder.build(); Lease lease = checkout(client)) {
            out.println("Hello! Licensed with " + lease.feature() + " " + lease.version() + " (lease " + Long.toHexString(lease.id()) + ").");
            for (int i = 1; i <= seconds && !lostForGood.get(); i++) {
                Thread.sleep(1000);
                out.println("working... " + i + "/" + seconds);
            }
            out.println(lostForGood.get() ? "Stopped without a license." : "Done; returning the seat.");
            return lostForGood.get() ? 3 : 0;
        } catch (LicenseException e) {
            out.println("No license: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Asks for a seat; when all are taken, says so and waits in the server's queue. */
    private Lease checkout(LicenseClient client) throws LicenseException {
        try {
            return client.checkout("hello", "1.0");
        } catch (LicenseDeniedException e) {
            if (e.reason() != DenialReason.ALL_SEATS_IN_USE) {
                throw e;
            }
            out.println("All seats of 'hello' are in use" + (e.holders().isEmpty() ? "" : " (held by " + e.holders() + ")")
                    + ". Waiting in the queue for up to 10 minutes...");
            return client.checkout(CheckoutRequest.builder("hello").minVersion("1.0").waitInQueue(Duration.ofMinutes(10)).build());
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
