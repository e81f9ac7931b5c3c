package io.licman.it.child;

import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import java.nio.file.Path;

/**
 * A licensed application in its own process, for crash tests: checks out one seat, prints
 * {@code HELD <lease id>}, then holds it until killed, printing {@code LOST}/{@code REGAINED}
 * when the SDK reports that.
 *
 * <p>Arguments: server ({@code port@host}), vendor .pub file, feature, user.
 */
public final class HoldSeat {

    private HoldSeat() {
    }

    public static void main(String[] args) throws Exception {
        LicenseClient client = LicenseClient.builder().servers(args[0]).vendorKey(Path.of(args[1])).user(args[3]).host("child-host")
                .listener(new LeaseListener() {
                    @Override
                    public void leaseLost(Lease lease, LeaseLoss loss) {
                        System.out.println("LOST " + loss);
                        System.out.flush();
                    }

                    @Override
                    public void leaseRegained(Lease lease) {
                        System.out.println("REGAINED");
                        System.out.flush();
                    }
                }).build();
        Lease lease = client.checkout(args[2], "1.0");
        System.out.println("HELD " + lease.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
