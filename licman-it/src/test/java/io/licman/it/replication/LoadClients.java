package io.licman.it.replication;

import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseClient;
import io.licman.client.LicenseDeniedException;
import io.licman.client.LicenseException;
import io.licman.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Licensed applications through the real SDK: each checks out a seat, holds it a little, gives
 * it back, and again, recording everything in a {@link History}. {@link #pause()} stops them
 * between operations so the servers can be compared with what the clients hold.
 */
final class LoadClients implements AutoCloseable {

    private final List<LicenseClient> clients = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final History history;
    private final String feature;
    private final AtomicInteger quiet = new AtomicInteger();
    private volatile boolean paused;
    private volatile boolean stopped;

    LoadClients(String servers, int count, String feature, History history) {
        this(servers, count, 0, feature, history);
    }

    /** {@code count} clients, the first {@code holders} of which hold one lease for the whole run (heartbeating and resuming it). */
    LoadClients(String servers, int count, int holders, String feature, History history) {
        this.history = history;
        this.feature = feature;
        for (int i = 0; i < count; i++) {
            LicenseClient client = LicenseClient.builder().servers(servers).vendorKey(TestServer.VENDOR_KEY.publicKey())
                    .user("user" + i).host("ws" + i).connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(4))
                    .listener(new LeaseListener() {
                        @Override
                        public void leaseLost(Lease lease, LeaseLoss loss) {
                            history.lost(lease.id(), "lost: " + loss);
                        }

                        @Override
                        public void leaseRevoked(Lease lease, LeaseLoss loss) {
                            history.lost(lease.id(), "revoked: " + loss);
                        }
                    }).build();
            clients.add(client);
            boolean holder = i < holders;
            Thread t = new Thread(() -> {
                if (holder) {
                    hold(client);
                } else {
                    run(client);
                }
            }, "load-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    private void run(LicenseClient client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopped) {
            waitWhilePaused();
            try {
                Lease lease = client.checkout(feature, "1.0");
                history.granted(lease.id(), System.nanoTime());
                sleep(random.nextInt(10, 120));
                waitWhilePaused();
                history.released(lease.id(), System.nanoTime());
                lease.close();
            } catch (LicenseDeniedException e) {
                history.denied(System.nanoTime(), e);
                sleep(random.nextInt(5, 40));
            } catch (LicenseException | RuntimeException e) {
                history.failed(e);
                sleep(50);
            }
        }
    }

    /** Checks out one lease and keeps it until the end. */
    private void hold(LicenseClient client) {
        while (!stopped) {
            try {
                Lease lease = client.checkout(feature, "1.0");
                history.granted(lease.id(), System.nanoTime());
                while (!stopped && lease.isValid()) {
                    waitWhilePaused();
                    sleep(20);
                }
                return;
            } catch (LicenseDeniedException e) {
                history.denied(System.nanoTime(), e);
                sleep(50);
            } catch (LicenseException | RuntimeException e) {
                history.failed(e);
                sleep(50);
            }
        }
    }

    private void waitWhilePaused() {
        if (!paused) {
            return;
        }
        quiet.incrementAndGet();
        while (paused && !stopped) {
            sleep(5);
        }
        quiet.decrementAndGet();
    }

    /** Stops every client between operations; returns when all are still (or after 20 s). */
    void pause() {
        paused = true;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (quiet.get() < workers.size() && System.nanoTime() < deadline) {
            sleep(5);
        }
    }

    void resume() {
        paused = false;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        paused = false;
        for (Thread t : workers) {
            t.join(10_000);
        }
        clients.forEach(LicenseClient::close);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
