package io.licman.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the SDK's threads and makes them daemons, so they never keep an application alive. */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        return start(prefix + "-" + count.incrementAndGet(), task, false);
    }

    static Thread start(String name, Runnable task, boolean start) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        if (start) {
            thread.start();
        }
        return thread;
    }
}
