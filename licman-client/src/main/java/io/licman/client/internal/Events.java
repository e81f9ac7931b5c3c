package io.licman.client.internal;

import io.licman.client.Lease;
import io.licman.client.LeaseListener;
import io.licman.client.LeaseLoss;
import io.licman.core.protocol.Endpoint;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers listener calls one at a time, in order, on one daemon thread, so a slow listener
 * never holds up the connection, and a throwing one is logged and ignored.
 */
final class Events {

    private static final Logger log = LoggerFactory.getLogger(Events.class);

    private final LeaseListener listener;
    private final String name;
    private final ExecutorService thread;
    private volatile Thread eventThread;

    Events(LeaseListener listener, String name) {
        this.listener = listener;
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(new DaemonThreads("licman-client-events"));
    }

    void leaseLost(Lease lease, LeaseLoss loss) {
        log.warn("{}: lease {} of {} lost: {}", name, lease.id(), lease.feature(), loss);
        deliver("leaseLost", () -> listener.leaseLost(lease, loss));
    }

    void leaseRegained(Lease lease) {
        log.info("{}: lease {} of {} regained", name, lease.id(), lease.feature());
        deliver("leaseRegained", () -> listener.leaseRegained(lease));
    }

    void leaseRevoked(Lease lease, LeaseLoss loss) {
        log.warn("{}: lease {} of {} revoked by the server: {}", name, lease.id(), lease.feature(), loss);
        deliver("leaseRevoked", () -> listener.leaseRevoked(lease, loss));
    }

    void serverChanged(Endpoint server) {
        log.info("{}: connected to {}", name, server);
        deliver("serverChanged", () -> listener.serverChanged(server));
    }

    private void deliver(String method, Runnable call) {
        try {
            thread.execute(() -> {
                eventThread = Thread.currentThread();
                try {
                    call.run();
                } catch (Throwable t) {
                    log.warn("{}: the LeaseListener's {} threw; the SDK ignored it: {}", name, method, t.toString(), t);
                }
            });
        } catch (RejectedExecutionException closed) {
            log.debug("{}: {} not delivered, the client is closed", name, method);
        }
    }

    /** Delivers what is queued (waiting at most {@code millis}), then stops the thread. */
    void close(long millis) {
        thread.shutdown();
        if (Thread.currentThread() == eventThread) {
            return;
        }
        try {
            if (!thread.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
