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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery machinery of one endpoint: a bounded queue split into lanes by twin ({@link Lanes}), and
 * up to {@code maxConcurrency} threads that take batches off it, send them at once, retry transient
 * failures with exponential backoff and jitter (or the wait the service asked for), and dead-letter
 * what cannot be delivered. One twin's events are in at most one batch at a time, so they arrive in
 * order; a twin being retried waits in its lane without holding back any other. Closing drains while
 * events keep being delivered: it ends once no event was delivered for the close timeout. Thread-safe:
 * any thread may {@link #enqueue} and {@link #shutdown}.
 */
public final class EndpointWorker {
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final System.Logger LOG = System.getLogger("io.eventroute.runtime");
    /** How long past the drain deadline a worker may take to dead-letter what it could not send. */
    private static final long DEAD_LETTER_GRACE_MILLIS = 5_000;

    private final String name;
    private final EndpointSender sender;
    private final DeliveryOptions options;
    private final Counts counts;
    private final LatencyRecorder latency;
    private final DeadLetterStore deadLetters;
    private final Lanes lanes;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    // Counted down once every event the worker will ever get is delivered or failed; the sender is closed after.
    private final CountDownLatch finished = new CountDownLatch(1);
    private final int maxBatchCount;

    private volatile boolean closing;
    private volatile boolean interrupted;
    // Closing ends once no event was delivered for quietNanos since lastProgressNanos; once it has, it stays ended.
    private volatile long quietNanos = Long.MAX_VALUE / 4;
    private volatile long lastProgressNanos;
    private volatile boolean expired;
    private boolean stopSet; // guarded by this
    // Why the worker stops, in the reason of what it cannot deliver: "the router closed", "the endpoint was replaced".
    private volatile String stopReason = "the router closed";

    public EndpointWorker(String name, EndpointSender sender, DeliveryOptions options, Counts counts,
            LatencyRecorder latency, DeadLetterStore deadLetters) {
        this.name = Objects.requireNonNull(name, "name");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.options = Objects.requireNonNull(options, "options");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.latency = Objects.requireNonNull(latency, "latency");
        this.deadLetters = deadLetters;
        this.maxBatchCount = Math.max(1, sender.maxBatchCount());
        this.lanes = new Lanes(options.queueCapacity(), maxBatchCount, Math.max(1, sender.maxBatchBytes()));
        int concurrency = concurrency(options, sender);
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::run, "eventroute-endpoint-" + name + (concurrency > 1 ? "-" + i : ""));
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /** The sends in flight at once for {@code sender}: the options' maxConcurrency, or the kind's default. */
    private static int concurrency(DeliveryOptions options, EndpointSender sender) {
        return options.maxConcurrency() > 0 ? options.maxConcurrency() : Math.max(1, sender.defaultConcurrency());
    }

    public void start() {
        running.set(threads.size());
        for (Thread t : threads) {
            t.start();
        }
    }

    public String name() {
        return name;
    }

    public EndpointSender sender() {
        return sender;
    }

    /**
     * Queues {@code ps} in order with one hand-off to the delivery threads, waiting whenever the queue
     * is full (backpressure).
     *
     * @return how many were queued: all, or fewer when the endpoint is closing or its worker stopped (the
     *     caller must deal with the rest), or when the thread was interrupted while waiting after queueing
     *     some (its interrupt flag is then set)
     * @throws InterruptedException when interrupted before any was queued
     */
    public int enqueueAll(List<Pending> ps) throws InterruptedException {
        return lanes.putAll(ps);
    }

    /** The most events the endpoint's queue holds. */
    public int capacity() {
        return lanes.capacity();
    }

    /** Room left in the endpoint's queue now (a snapshot: other producers may take it). */
    public int remainingCapacity() {
        return lanes.remaining();
    }

    /**
     * Stops taking events and lets the worker deliver what is queued for as long as events keep being
     * delivered: the drain ends once none was delivered for {@code quiet}; what is left then is
     * dead-lettered with "the router closed". Returns at once. A second stop may only shorten {@code quiet}.
     */
    public synchronized void stopAccepting(Duration quiet) {
        stopAccepting(quiet, "the router closed");
    }

    /**
     * {@link #stopAccepting(Duration)}, saying why in the reason of what is not delivered ({@code "the
     * endpoint was replaced"}); the first stop's reason stays.
     */
    public synchronized void stopAccepting(Duration quiet, String reason) {
        Objects.requireNonNull(reason, "reason");
        long q = Math.min(quiet.toNanos(), Long.MAX_VALUE / 4);
        if (!stopSet) {
            stopSet = true;
            stopReason = reason;
            lastProgressNanos = System.nanoTime();
            quietNanos = q;
        } else if (q < quietNanos) {
            quietNanos = q;
        }
        closing = true;
        lanes.close();
    }

    /**
     * Waits for the worker to drain (see {@link #stopAccepting}), then for it to dead-letter what is left
     * (allowed a few seconds more for those local writes; a worker still busy then is interrupted). The
     * worker closes the sender itself once it is done with it, so a sender is never closed during a send;
     * this waits for that only until the drain's end. Any thread may call it, more than once.
     *
     * @return true when everything queued was delivered, or dead-lettered once the drain ended, without
     *     interrupting the worker
     */
    public boolean awaitTermination() {
        if (!closing) {
            throw new IllegalStateException("stopAccepting must come first");
        }
        try {
            while (!finished.await(Math.max(1, Math.min(IDLE_WAIT_NANOS, deadline() - System.nanoTime())),
                    TimeUnit.NANOSECONDS)) {
                if (!pastDeadline()) {
                    continue;
                }
                // A send in flight ends by the deadline (its timeout is capped to it), and past the deadline
                // the worker sends nothing more: it only dead-letters what is left, one local write per
                // event. Interrupting it at the deadline would make every close with work in flight unclean.
                if (!finished.await(DEAD_LETTER_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.WARNING, "endpoint ''{0}'' did not drain in time; stopping its delivery", name);
                    interrupted = true;
                    threads.forEach(Thread::interrupt);
                    finished.await(5, TimeUnit.SECONDS);
                    return false;
                }
                break;
            }
            // Closing the sender may take long (an AMQP link to a peer that is gone): wait for it only
            // until the drain's end, so that endpoints closing together do not add up their close times.
            for (Thread t : threads) {
                long left = deadline() - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
            threads.forEach(Thread::interrupt);
            return false;
        }
        return !interrupted;
    }

    /** {@link #stopAccepting(Duration)} then {@link #awaitTermination}. */
    public boolean shutdown(Duration quiet) {
        return shutdown(quiet, "the router closed");
    }

    /** {@link #stopAccepting(Duration, String)} then {@link #awaitTermination}. */
    public boolean shutdown(Duration quiet, String reason) {
        stopAccepting(quiet, reason);
        return awaitTermination();
    }

    private long deadline() {
        return closing ? lastProgressNanos + quietNanos : System.nanoTime() + quietNanos;
    }

    private boolean pastDeadline() {
        if (!expired && closing && System.nanoTime() - deadline() > 0) {
            expired = true;
        }
        return expired;
    }

    private void run() {
        Lanes.Batch batch = null;
        try {
            while (!lanes.finished()) {
                if (pastDeadline()) {
                    expire();
                    break;
                }
                batch = lanes.take(IDLE_WAIT_NANOS);
                if (batch == null) {
                    continue;
                }
                linger(batch);
                deliver(batch);
                batch = null;
            }
        } catch (InterruptedException e) {
            end(batch, stopReason + " before the event was delivered");
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "endpoint ''{0}'': delivery stopped by {1}", name, e.getClass().getName());
            end(batch, "delivery stopped by an internal error (" + e.getClass().getSimpleName() + ")");
            // The endpoint takes nothing more: producers then deal with their events themselves.
            closing = true;
            lanes.close();
            throw e;
        } finally {
            // Cleared so that the waits below and the sender's close are not cut short.
            Thread.interrupted();
            if (running.decrementAndGet() == 0) {
                lastOut();
            }
        }
    }

    /** Fails what {@code batch} holds and gives its lanes back (after an interrupt or an internal error). */
    private void end(Lanes.Batch batch, String reason) {
        if (batch != null) {
            for (Lanes.Slot s : batch.slots()) {
                failOne(name, s.pending, reason, s.attempts, counts, deadLetters);
            }
            lanes.release(batch, List.of(), false, 0);
        }
    }

    /** Dead-letters every event no batch holds, until nothing is left and no batch holds a lane. */
    private void expire() {
        List<Lanes.Slot> left = new ArrayList<>();
        boolean done;
        do {
            done = lanes.drainTo(left);
            for (Lanes.Slot s : left) {
                failOne(name, s.pending, s.lastFailure == null ? stopReason + " before the event was delivered"
                        : stopReason + " while retrying after: " + s.lastFailure, s.attempts, counts, deadLetters);
            }
            left.clear();
        } while (!done);
    }

    /** The last thread out: nothing can be queued any more; fails what is left and closes the sender. */
    private void lastOut() {
        closing = true;
        lanes.close();
        expire();
        finished.countDown();
        try {
            sender.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "endpoint ''{0}'': closing its sender failed: {1}", name, e.getClass().getName());
        }
    }

    /** Waits up to the linger time for more events to fill {@code batch}. */
    private void linger(Lanes.Batch batch) throws InterruptedException {
        if (maxBatchCount <= 1 || options.linger().isZero()) {
            return;
        }
        long end = System.nanoTime() + options.linger().toNanos();
        while (lanes.topUp(batch)) {
            long wait = end - System.nanoTime();
            if (closing || wait <= 0) {
                return;
            }
            // Woken once enough events arrived to fill the batch, not by every enqueue (a context switch
            // per event when the producer is fast) nor by a clock (thousands of naps a second per endpoint).
            lanes.awaitMore(maxBatchCount - batch.slots().size(), wait);
        }
    }

    /** Sends {@code batch} once, and gives its lanes back with what must be sent again. */
    private void deliver(Lanes.Batch batch) throws InterruptedException {
        List<Lanes.Slot> slots = batch.slots();
        List<OutgoingEvent> events = new ArrayList<>(slots.size());
        long start = System.nanoTime();
        for (Lanes.Slot s : slots) {
            events.add(s.pending.event());
            if (s.attempts == 0) {
                s.firstAttemptNanos = start;
            } else {
                counts.retried.increment();
                s.pending.routeCounts().retried.increment();
            }
        }
        Duration timeout = options.sendTimeout();
        long untilDeadline = closing ? deadline() - start : Long.MAX_VALUE;
        if (pastDeadline() || untilDeadline <= 0) {
            expired = true;
            for (Lanes.Slot s : slots) {
                failOne(name, s.pending, s.lastFailure == null ? stopReason + " before the event was delivered"
                        : stopReason + " while retrying after: " + s.lastFailure, s.attempts, counts, deadLetters);
            }
            lanes.release(batch, List.of(), false, 0);
            return;
        }
        if (untilDeadline < timeout.toNanos()) {
            timeout = Duration.ofNanos(untilDeadline);
        }
        DeliveryException failure;
        try {
            sender.send(slots.get(0).pending.entity(), events, timeout);
            delivered(slots);
            lanes.release(batch, List.of(), false, 0);
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
        if (!failure.isTransient() && slots.size() > 1) {
            // One bad event must not take its batch-mates to the dead letters with it: each goes alone,
            // at once, as a first attempt.
            for (Lanes.Slot s : slots) {
                s.alone = true;
            }
            lanes.release(batch, slots, false, 0);
            return;
        }
        List<Lanes.Slot> retry = new ArrayList<>();
        long now = System.nanoTime();
        long delay = failure.isTransient() ? retryDelayNanos(slots.get(0).attempts + 1, failure) : 0;
        for (Lanes.Slot s : slots) {
            s.attempts++;
            s.lastFailure = failure.getMessage();
            if (!failure.isTransient()) {
                failOne(name, s.pending, "permanent failure: " + failure.getMessage(), s.attempts, counts, deadLetters);
            } else if (s.attempts >= options.maxAttempts()) {
                failOne(name, s.pending, "gave up after " + s.attempts + " attempts: " + failure.getMessage(),
                        s.attempts, counts, deadLetters);
            } else if (now + delay - s.firstAttemptNanos > options.maxRetryTime().toNanos()) {
                failOne(name, s.pending, "gave up after " + s.attempts + " attempts in "
                        + Duration.ofNanos(now - s.firstAttemptNanos).toMillis() + " ms: " + failure.getMessage(),
                        s.attempts, counts, deadLetters);
            } else {
                retry.add(s);
            }
        }
        if (!retry.isEmpty()) {
            logRetry(retry.size(), failure);
        }
        lanes.release(batch, retry, failure.isTransient(), now + Math.max(1, delay));
    }

    // A retry is routine (DEBUG: not shown by default), but a user debugging "why is it slow" needs its
    // cause: the failure's message and its cause chain (scrubbed of secrets by the sender), at most one
    // per kind a minute.
    private void logRetry(int events, DeliveryException failure) {
        long more = counts.failureLog().admit(FailureLog.kind(name, "retry " + failure.getMessage()), System.nanoTime());
        if (more >= 0 && LOG.isLoggable(Level.DEBUG)) {
            String text = "endpoint '" + name + "': " + events + " event(s) to be sent again after: "
                    + failure.getMessage() + FailureLog.more(more);
            LOG.log(Level.DEBUG, text, failure);
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}: what the service asked for (Retry-After, server busy)
     * when it said, else the backoff; at most maxBackoff either way.
     */
    private long retryDelayNanos(int attempt, DeliveryException failure) {
        long max = options.maxBackoff().toNanos();
        return failure.retryAfter().map(d -> Math.min(max, d.toNanos())).orElseGet(() -> backoffNanos(attempt));
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

    private void delivered(List<Lanes.Slot> batch) {
        long now = System.nanoTime();
        lastProgressNanos = now;
        // A request's matches are accepted at one instant, with one tracker, and sit side by side in a
        // batch: each run of them is recorded, and told to its tracker, once.
        int n = batch.size();
        for (int i = 0, end; i < n; i = end) {
            end = runEnd(batch, i);
            latency.record(now - batch.get(i).pending.acceptedNanos(), end - i);
        }
        for (Lanes.Slot s : batch) {
            s.pending.routeCounts().delivered.increment();
        }
        counts.delivered.add(n);
        // After the counters, so that whoever waits on a tracked event sees them counted.
        for (int i = 0, end; i < n; i = end) {
            end = runEnd(batch, i);
            EventTracker tracker = batch.get(i).pending.tracker();
            if (tracker != null) {
                tracker.delivered(end - i);
            }
        }
    }

    /** Just past the run of slots from {@code from} accepted at the same instant with the same tracker. */
    private static int runEnd(List<Lanes.Slot> batch, int from) {
        Pending first = batch.get(from).pending;
        int end = from + 1;
        while (end < batch.size() && batch.get(end).pending.acceptedNanos() == first.acceptedNanos()
                && batch.get(end).pending.tracker() == first.tracker()) {
            end++;
        }
        return end;
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
                long more = endpointCounts.failureLog().admit(FailureLog.kind(endpoint, "lost " + reason), System.nanoTime());
                if (more >= 0) {
                    LOG.log(Level.ERROR, "event ''{0}'' of route ''{1}'' to endpoint ''{2}'' was not delivered ({3}) and "
                            + "could not be dead-lettered: {4}{5}", e.eventId(), e.routeId(), endpoint, reason,
                            x.toString(), FailureLog.more(more));
                }
            }
        } else {
            long more = endpointCounts.failureLog().admit(FailureLog.kind(endpoint, "lost " + reason), System.nanoTime());
            if (more >= 0) {
                LOG.log(Level.ERROR, "event ''{0}'' of route ''{1}'' to endpoint ''{2}'' was not delivered ({3}); no "
                        + "dead-letter directory is set{4}", e.eventId(), e.routeId(), endpoint, reason,
                        FailureLog.more(more));
            }
        }
        if (kept) {
            long more = endpointCounts.failureLog().admit(FailureLog.kind(endpoint, "dead-lettered " + reason), System.nanoTime());
            if (more >= 0) {
                LOG.log(Level.INFO, "event ''{0}'' of route ''{1}'' to endpoint ''{2}'' was dead-lettered ({3}){4}",
                        e.eventId(), e.routeId(), endpoint, reason, FailureLog.more(more));
            }
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
