package io.sensorstream.app.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running parts of a command and stops them in reverse order of start, exactly once: on Ctrl-C or SIGTERM
 * (through a JVM shutdown hook), or when the command returns.
 */
final class Lifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook = new Thread(this::close, "sensorstream-shutdown");
    private boolean closed;

    Lifecycle() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    <T extends AutoCloseable> T add(T part) {
        synchronized (this) {
            parts.push(part);
        }
        return part;
    }

    /** Blocks until the process is asked to stop. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Blocks until the process is asked to stop or {@code timeout} passes; true when asked to stop. */
    boolean awaitStop(java.time.Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            AutoCloseable part;
            while ((part = poll()) != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    LOG.warn("Error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
                }
            }
        } finally {
            stopped.countDown();
            if (Thread.currentThread() != hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
    }

    private synchronized AutoCloseable poll() {
        return parts.poll();
    }
}
