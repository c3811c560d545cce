package io.eventroute.runtime.internal;

import io.eventroute.runtime.DeliveryOptions;
import io.eventroute.runtime.endpoint.DeliveryException;
import io.eventroute.runtime.endpoint.EndpointSender;
import io.eventroute.runtime.endpoint.OutgoingEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery machinery of one endpoint: a bounded FIFO queue and one thread that takes batches off
 * it, sends them, retries transient failures with exponential backoff and jitter, and dead-letters
 * what cannot be delivered. One thread and strict FIFO order keep every twin's events in order (a
 * batch being retried holds back everything behind it), and satisfy the sender's one-call-at-a-time
 * contract. Thread-safe: any thread may {@link #enqueue} and {@link #shutdown}.
 */
public final class EndpointWorker {
    private static final long LINGER_NAP_NANOS = 500_000;

    private static final System.Logger LOG = System.getLogger("io.eventroute.runtime");
    /** How long past the drain deadline a worker may take to dead-letter what it could not send. */
    private static final long DEAD_LETTER_GRACE_MILLIS = 5_000;

    private final String name;
    private final EndpointSender sender;
    private final DeliveryOptions options;
    private final Counts counts;
    private final LatencyRecorder latency;
    private final DeadLetterStore deadLetters;
    private final ArrayBlockingQueue<Pending> queue;
    private final Thread thread;
    // Producers inside enqueue: one may have seen the worker open and not have offered yet.
    private final AtomicInteger enqueuers = new AtomicInteger();
    // Counted down once every event the worker will ever get is delivered or failed; the sender is closed after.
    private final CountDownLatch finished = new CountDownLatch(1);
    private final int maxBatchCount;
    private final long maxBatchBytes;

    private volatile boolean closing;
    private volatile boolean interrupted;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private boolean deadlineSet; // guarded by this
    // Why the worker stops, in the reason of what it cannot deliver: "the router closed", "the endpoint was replaced".
    private volatile String stopReason = "the router closed";
    // Only the worker thread touches these two: the event that ended the previous batch without fitting
    // in it, and the events of the current batch neither delivered nor failed yet.
    private Pending carry;
    private List<Pending> unfinished = List.of();

    public EndpointWorker(String name, EndpointSender sender, DeliveryOptions options, Counts counts,
            LatencyRecorder latency, DeadLetterStore deadLetters) {
        this.name = Objects.requireNonNull(name, "name");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.options = Objects.requireNonNull(options, "options");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.latency = Objects.requireNonNull(latency, "latency");
        this.deadLetters = deadLetters;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.maxBatchCount = Math.max(1, sender.maxBatchCount());
        this.maxBatchBytes = Math.max(1, sender.maxBatchBytes());
        this.thread = new Thread(this::run, "eventroute-endpoint-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    public EndpointSender sender() {
        return sender;
    }

    /**
     * Queues {@code p}, waiting while the queue is full (backpressure).
     *
     * @return false when the endpoint is closing, or its worker stopped; the caller must then deal with
     *     the event
     * @throws InterruptedException when the waiting producer is interrupted; the event is not queued
     */
    public boolean enqueue(Pending p) throws InterruptedException {
        enqueuers.incrementAndGet();
        try {
            while (!closing) {
                if (queue.offer(p, 20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } finally {
            enqueuers.decrementAndGet();
        }
    }

    /** Room left in the queue now (a snapshot: other producers may take it). */
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    /**
     * Stops taking events and lets the worker deliver what is queued until {@code deadlineNanos}
     * ({@link System#nanoTime()}); it dead-letters what is left then. Returns at once.
     */
    public synchronized void stopAccepting(long deadlineNanos) {
        stopAccepting(deadlineNanos, "the router closed");
    }

    /**
     * {@link #stopAccepting(long)}, saying why in the reason of what is not delivered ({@code "the
     * endpoint was replaced"}); the first stop's reason stays.
     */
    public synchronized void stopAccepting(long deadlineNanos, String reason) {
        if (!closing) {
            stopReason = Objects.requireNonNull(reason, "reason");
        }
        // A second stop (the router closing while a replaced endpoint drains) may only bring the deadline forward.
        if (!deadlineSet || deadlineNanos - drainDeadlineNanos < 0) {
            drainDeadlineNanos = deadlineNanos;
            deadlineSet = true;
        }
        closing = true;
    }

    /**
     * Waits for the worker to drain: it sends until the deadline given to {@link #stopAccepting}, then
     * dead-letters what is left (allowed a few seconds more for those local writes; a worker still busy
     * then is interrupted). The worker closes the sender itself once it is done with it, so a sender is
     * never closed during a send; this waits for that only until the deadline. Any thread may call it,
     * more than once.
     *
     * @return true when everything queued was delivered, or dead-lettered once the deadline passed,
     *     without interrupting the worker
     */
    public boolean awaitTermination() {
        if (!closing) {
            throw new IllegalStateException("stopAccepting must come first");
        }
        try {
            if (!finished.await(Math.max(0, drainDeadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                    // A send in flight ends by the deadline (its timeout is capped to it), and past the deadline
                    // the worker sends nothing more: it only dead-letters what is left, one local write per
                    // event. Interrupting it at the deadline would make every close with work in flight unclean.
                    && !finished.await(DEAD_LETTER_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "endpoint ''{0}'' did not drain in time; stopping its delivery", name);
                interrupted = true;
                thread.interrupt();
                finished.await(5, TimeUnit.SECONDS);
                return false;
            }
            // Closing the sender may take long (an AMQP link to a peer that is gone): wait for it only
            // within the deadline, so that endpoints closing together do not add up their close times.
            long left = drainDeadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
            thread.interrupt();
            return false;
        }
        return !interrupted;
    }

    /** {@link #stopAccepting(long, String)} then {@link #awaitTermination}. */
    public boolean shutdown(long deadlineNanos, String reason) {
        stopAccepting(deadlineNanos, reason);
        return awaitTermination();
    }

    private void run() {
        try {
            while (true) {
                List<Pending> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                unfinished = batch;
                deliver(batch);
                unfinished = List.of();
            }
        } catch (InterruptedException e) {
            fail(unfinished, stopReason + " before the event was delivered", 0);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "endpoint ''{0}'': delivery stopped by {1}", name, e.getClass().getName());
            fail(unfinished, "delivery stopped by an internal error (" + e.getClass().getSimpleName() + ")", 0);
            throw e;
        } finally {
            // Cleared so that the waits below and the sender's close are not cut short.
            Thread.interrupted();
            unfinished = List.of();
            List<Pending> left = new ArrayList<>();
            if (carry != null) {
                left.add(carry);
                carry = null;
            }
            // A worker that stopped (interrupted, or by an internal error while the router is open) takes
            // nothing more: producers then deal with their events themselves. One that already saw it open
            // may still offer; once none is inside enqueue, what is queued is final.
            closing = true;
            while (enqueuers.get() > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(LINGER_NAP_NANOS);
            }
            queue.drainTo(left);
            fail(left, stopReason + " before the event was delivered", 0);
            finished.countDown();
            try {
                sender.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "endpoint ''{0}'': closing its sender failed: {1}", name,
                        e.getClass().getName());
            }
        }
    }

    /** The next batch: one entity, within the count and byte limits; null when closing and empty. */
    private List<Pending> nextBatch() throws InterruptedException {
        Pending first = carry;
        carry = null;
        while (first == null) {
            // In this order: a producer counts itself in before it reads closing, so once closing is seen,
            // no producer inside enqueue means none can still add an event.
            if (closing && enqueuers.get() == 0 && queue.isEmpty()) {
                return null;
            }
            first = queue.poll(50, TimeUnit.MILLISECONDS);
        }
        List<Pending> batch = new ArrayList<>(Math.min(maxBatchCount, 64));
        batch.add(first);
        long bytes = first.event().sizeInBytes();
        long lingerEnd = System.nanoTime() + options.linger().toNanos();
        while (batch.size() < maxBatchCount) {
            Pending next = queue.poll();
            if (next == null) {
                long wait = lingerEnd - System.nanoTime();
                if (closing || wait <= 0) {
                    break;
                }
                // Wait in short naps instead of on the queue: a consumer waiting on the queue is woken by
                // every enqueue, a context switch per event when the producer is fast (and per endpoint).
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, LINGER_NAP_NANOS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                continue;
            }
            if (!Objects.equals(next.entity(), first.entity()) || bytes + next.event().sizeInBytes() > maxBatchBytes) {
                carry = next;
                break;
            }
            batch.add(next);
            bytes += next.event().sizeInBytes();
        }
        return batch;
    }

    private void deliver(List<Pending> batch) throws InterruptedException {
        List<OutgoingEvent> events = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            events.add(p.event());
        }
        String entity = batch.get(0).entity();
        long firstAttempt = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                counts.retried.add(batch.size());
                for (Pending p : batch) {
                    p.routeCounts().retried.increment();
                }
            }
            Duration timeout = options.sendTimeout();
            long untilDeadline = closing ? drainDeadlineNanos - System.nanoTime() : Long.MAX_VALUE;
            if (untilDeadline <= 0) {
                fail(batch, stopReason + " before the event was delivered", attempt - 1);
                return;
            }
            if (untilDeadline < timeout.toNanos()) {
                timeout = Duration.ofNanos(untilDeadline);
            }
            DeliveryException failure;
            try {
                sender.send(entity, events, timeout);
                delivered(batch);
                return;
            } catch (DeliveryException e) {
                failure = e;
            } catch (RuntimeException e) {
                // A sender should classify its failures; an unexpected one may pass, so retry it. Its
                // message is left out as it could carry settings.
                failure = new DeliveryException("unexpected " + e.getClass().getName() + " from the sender", true, e);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (!failure.isTransient()) {
                if (batch.size() > 1) {
                    // One bad event must not take its batch-mates to the dead letters with it.
                    for (int i = 0; i < batch.size(); i++) {
                        unfinished = batch.subList(i, batch.size());
                        deliver(List.of(batch.get(i)));
                    }
                    return;
                }
                fail(batch, "permanent failure: " + failure.getMessage(), attempt);
                return;
            }
            if (attempt >= options.maxAttempts()) {
                fail(batch, "gave up after " + attempt + " attempts: " + failure.getMessage(), attempt);
                return;
            }
            long delay = backoffNanos(attempt);
            long now = System.nanoTime();
            if (now + delay - firstAttempt > options.maxRetryTime().toNanos()) {
                fail(batch, "gave up after " + attempt + " attempts in " + Duration.ofNanos(now - firstAttempt).toMillis()
                        + " ms: " + failure.getMessage(), attempt);
                return;
            }
            // Sleep in slices so a close that starts meanwhile is noticed.
            long wakeAt = now + delay;
            for (long left = delay; left > 0; left = wakeAt - System.nanoTime()) {
                if (closing && drainDeadlineNanos - System.nanoTime() < left) {
                    fail(batch, stopReason + " while retrying after: " + failure.getMessage(), attempt);
                    return;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
            }
        }
    }

    /** Exponential backoff with jitter: half the doubled delay fixed, the other half random. */
    private long backoffNanos(int attempt) {
        long initial = options.initialBackoff().toNanos();
        long max = options.maxBackoff().toNanos();
        long exp = attempt - 1 >= 62 ? max : initial << Math.min(attempt - 1, 30);
        long delay = Math.min(max, exp < 0 ? max : exp);
        long half = delay / 2;
        return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    }

    private void delivered(List<Pending> batch) {
        long now = System.nanoTime();
        for (Pending p : batch) {
            latency.record(now - p.acceptedNanos());
            p.routeCounts().delivered.increment();
        }
        counts.delivered.add(batch.size());
        // After the counters, so that whoever waits on a tracked event sees them counted.
        for (Pending p : batch) {
            if (p.tracker() != null) {
                p.tracker().delivered();
            }
        }
    }

    /** Counts {@code batch} failed and dead-letters it; logs what cannot be stored. */
    void fail(List<Pending> batch, String reason, int attempts) {
        for (Pending p : batch) {
            failOne(name, p, reason, attempts, counts, deadLetters);
        }
    }

    /** Counts {@code p} failed at endpoint {@code endpoint} and dead-letters it; logs it when that fails. */
    public static void failOne(String endpoint, Pending p, String reason, int attempts, Counts endpointCounts,
            DeadLetterStore deadLetters) {
        OutgoingEvent e = p.event();
        boolean kept = false;
        if (deadLetters != null) {
            try {
                deadLetters.write(endpoint, e, p.entity(), reason, attempts);
                kept = true;
                p.routeCounts().deadLettered.increment();
                endpointCounts.deadLettered.increment();
            } catch (IOException | RuntimeException x) {
                LOG.log(Level.ERROR, "event ''{0}'' of route ''{1}'' to endpoint ''{2}'' was not delivered ({3}) and "
                        + "could not be dead-lettered: {4}", e.eventId(), e.routeId(), endpoint, reason, x.toString());
            }
        } else {
            LOG.log(Level.ERROR, "event ''{0}'' of route ''{1}'' to endpoint ''{2}'' was not delivered ({3}); no "
                    + "dead-letter directory is set", e.eventId(), e.routeId(), endpoint, reason);
        }
        // Counted last so a reader that sees it failed also sees it dead-lettered.
        p.routeCounts().failed.increment();
        endpointCounts.failed.increment();
        if (p.tracker() != null) {
            if (kept) {
                p.tracker().deadLettered();
            } else {
                p.tracker().lost();
            }
        }
    }
}
