package io.eventroute.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue of one endpoint, split into lanes by partition key (the twin): a lane's events leave in
 * order and only one batch at a time may hold a lane, so one twin's events are sent one batch after
 * the other while different twins are sent at once. An event without a key has a lane of its own. A
 * lane whose batch failed waits (parked) for its backoff without holding back any other lane. Holds at
 * most {@code capacity} events from producers (events put back for a retry may exceed it for a while).
 * Thread-safe: one lock guards everything.
 */
final class Lanes {
    /** One event in a lane, with its attempts so far. Guarded by the lanes' lock while queued. */
    static final class Slot {
        final Pending pending;
        final Lane lane;
        // Arrival order across lanes: batches take events in this order, so an endpoint sending one batch
        // at a time without failures keeps the order of arrival, not only each twin's.
        final long seq;
        int attempts;
        long firstAttemptNanos;
        String lastFailure;
        // Sent in a batch of its own: its batch failed permanently, so each event is tried alone.
        boolean alone;

        Slot(Pending pending, Lane lane, long seq) {
            this.pending = pending;
            this.lane = lane;
            this.seq = seq;
        }
    }

    /** The events of one key in order; held by at most one batch at a time. */
    static final class Lane {
        private final String key;
        // Small: a twin rarely has more than a few events queued (the deque grows when it does).
        private final ArrayDeque<Slot> slots = new ArrayDeque<>(3);
        private boolean held;
        private long notBeforeNanos;
        // Failures in a row of the batches that held it; from SOLO_AFTER on, it is sent in batches of its own
        // so that a twin that keeps failing cannot take other twins' attempts with it.
        private int failures;

        private Lane(String key) {
            this.key = key;
        }
    }

    /** A batch taken: its events in order (one entity), and the lanes it holds until it is {@link #release}d. */
    record Batch(List<Slot> slots, List<Lane> lanes) {
    }

    private static final Comparator<Lane> BY_HEAD = Comparator.comparingLong(l -> l.slots.peekFirst().seq);

    /** Failed batches in a row after which a lane is sent alone. */
    private static final int SOLO_AFTER = 2;
    /** How many ready lanes one batch looks at for events of its entity. */
    private static final int SCAN_LIMIT = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition work = lock.newCondition();
    // Signalled when enough events arrived for a lingering worker's batch: arrivals counts every put,
    // wakeAt is the smallest count a lingering worker waits for (MAX_VALUE: none waits).
    private final Condition batchWorth = lock.newCondition();
    private long arrivals;
    private long wakeAt = Long.MAX_VALUE;
    private final int capacity;
    private final int maxBatchCount;
    private final long maxBatchBytes;
    private final Map<String, Lane> keyed = new HashMap<>();
    // Lanes neither held nor parked that have events, by their first event's arrival.
    private final ReadyLanes ready = new ReadyLanes();
    private final PriorityQueue<Lane> parked = new PriorityQueue<>(Comparator.comparingLong(l -> l.notBeforeNanos));
    private long nextSeq;
    private int size;
    private int heldLanes;
    private boolean closed;

    Lanes(int capacity, int maxBatchCount, long maxBatchBytes) {
        this.capacity = capacity;
        this.maxBatchCount = maxBatchCount;
        this.maxBatchBytes = maxBatchBytes;
    }

    /**
     * Adds {@code ps} in order, each at the end of its lane, under one lock and with one wake-up of the
     * workers (per lane that became ready), waiting whenever the lanes are full; the workers are woken
     * for what was added before each wait, so that they make the room.
     *
     * @return how many were added: all of them, or fewer when the lanes closed (then or while waiting),
     *     or when the thread was interrupted while waiting after adding some (its interrupt flag is then set)
     * @throws InterruptedException when interrupted before any was added
     */
    int putAll(List<Pending> ps) throws InterruptedException {
        lock.lockInterruptibly();
        int added = 0;
        int becameReady = 0;
        try {
            for (Pending p : ps) {
                if (!closed && size >= capacity) {
                    announce(becameReady);
                    becameReady = 0;
                    try {
                        while (!closed && size >= capacity) {
                            room.await(20, TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        if (added == 0) {
                            throw e;
                        }
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (closed) {
                    break;
                }
                String key = p.event().partitionKey();
                Lane lane = key == null ? new Lane(null) : keyed.computeIfAbsent(key, Lane::new);
                boolean wasIdle = lane.slots.isEmpty() && !lane.held && lane.notBeforeNanos == 0;
                lane.slots.addLast(new Slot(p, lane, nextSeq++));
                size++;
                arrivals++;
                added++;
                if (wasIdle) {
                    ready.addArrived(lane);
                    becameReady++;
                }
            }
            announce(becameReady);
            return added;
        } finally {
            lock.unlock();
        }
    }

    // Wakes the workers for what was just added: a lingering one whose batch it fills, and one idle one per
    // lane that became ready (a signal with no worker waiting costs nothing).
    private void announce(int becameReady) {
        if (arrivals >= wakeAt) {
            wakeAt = Long.MAX_VALUE; // the woken workers wait again for what they still lack
            batchWorth.signalAll();
        }
        for (int i = 0; i < becameReady; i++) {
            work.signal();
        }
    }

    /** The most events producers may queue. */
    int capacity() {
        return capacity;
    }

    /** Room left for producers now (a snapshot). */
    int remaining() {
        lock.lock();
        try {
            return Math.max(0, capacity - size);
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more events; producers waiting for room are told so. */
    void close() {
        lock.lock();
        try {
            closed = true;
            room.signalAll();
            work.signalAll();
            batchWorth.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch: events of one entity from ready lanes, up to the batch limits, waiting up to
     * {@code waitNanos} for one.
     *
     * @return null when none was ready in time
     */
    Batch take(long waitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long end = System.nanoTime() + waitNanos;
            while (true) {
                unpark(System.nanoTime());
                if (!ready.isEmpty()) {
                    return form();
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (!parked.isEmpty()) {
                    left = Math.min(left, parked.peek().notBeforeNanos - System.nanoTime());
                }
                work.awaitNanos(Math.max(left, 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code waitNanos} until {@code wanted} more events have arrived (what a lingering
     * worker's batch lacks to be full), or the lanes close. Counting arrivals, not what is queued, a
     * worker never spins on events it cannot take (parked for a backoff, or another entity's).
     */
    void awaitMore(int wanted, long waitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long target = arrivals + wanted;
            long deadline = System.nanoTime() + waitNanos;
            while (!closed && arrivals < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wakeAt = Math.min(wakeAt, target);
                batchWorth.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a worker is waiting in {@link #awaitMore} (for tests that must not race it). */
    boolean awaitingMore() {
        lock.lock();
        try {
            return wakeAt != Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
    }

    /** Adds to {@code batch} what became ready since, within the limits; false when it is full. */
    boolean topUp(Batch batch) {
        lock.lock();
        try {
            unpark(System.nanoTime());
            return fill(batch);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back the lanes of {@code batch}. {@code retry} are its events to send again (in order; each
     * lane's first), after {@code notBeforeNanos} for a transient failure (with {@code failed} true), or
     * at once and alone for a batch refused as a whole.
     */
    void release(Batch batch, List<Slot> retry, boolean failed, long notBeforeNanos) {
        lock.lock();
        try {
            Map<Lane, List<Slot>> back = new HashMap<>();
            for (Slot s : retry) {
                back.computeIfAbsent(s.lane, l -> new ArrayList<>()).add(s);
            }
            for (Lane lane : batch.lanes) {
                lane.held = false;
                heldLanes--;
                List<Slot> again = back.getOrDefault(lane, List.of());
                for (int i = again.size() - 1; i >= 0; i--) {
                    lane.slots.addFirst(again.get(i));
                }
                size += again.size();
                lane.failures = failed ? lane.failures + 1 : 0;
                lane.notBeforeNanos = failed && !again.isEmpty() ? notBeforeNanos : 0;
                requeue(lane);
            }
            if (size < capacity) {
                room.signalAll();
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes every event no batch holds, for a worker that stops sending; true when nothing is left and
     * no batch holds a lane (so nothing more can come back).
     */
    boolean drainTo(List<Slot> out) {
        lock.lock();
        try {
            for (Lane lane = ready.poll(); lane != null; lane = ready.poll()) {
                out.addAll(lane.slots);
                size -= lane.slots.size();
                lane.slots.clear();
                forget(lane);
            }
            for (Lane lane : parked) {
                out.addAll(lane.slots);
                size -= lane.slots.size();
                lane.slots.clear();
                lane.notBeforeNanos = 0;
                forget(lane);
            }
            parked.clear();
            if (closed && heldLanes == 0) {
                return true;
            }
            // A held lane's batch comes back through release: wait for it briefly.
            try {
                work.await(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** True when closed, and nothing is queued, parked or being sent. */
    boolean finished() {
        lock.lock();
        try {
            return closed && size == 0 && heldLanes == 0;
        } finally {
            lock.unlock();
        }
    }

    private void unpark(long now) {
        while (!parked.isEmpty() && parked.peek().notBeforeNanos - now <= 0) {
            Lane lane = parked.poll();
            lane.notBeforeNanos = 0;
            ready.add(lane);
        }
    }

    private void requeue(Lane lane) {
        if (lane.slots.isEmpty()) {
            forget(lane);
        } else if (lane.notBeforeNanos != 0) {
            parked.add(lane);
        } else {
            ready.add(lane);
        }
    }

    private void forget(Lane lane) {
        if (lane.key != null && lane.slots.isEmpty() && !lane.held) {
            keyed.remove(lane.key, lane);
        }
    }

    private Batch form() {
        Lane first = ready.poll();
        Batch batch = new Batch(new ArrayList<>(), new ArrayList<>());
        hold(batch, first);
        moveHead(batch, first);
        fill(batch);
        return batch;
    }

    /**
     * Adds events to {@code batch} in arrival order, from its own lanes and ready ones, while they fit:
     * same entity, within the limits; a lane that failed repeatedly, and an event to be tried alone, go
     * in batches of their own. True when it could take more.
     */
    private boolean fill(Batch batch) {
        Slot firstSlot = batch.slots.get(0);
        boolean solo = firstSlot.alone || batch.lanes.get(0).failures >= SOLO_AFTER;
        if (firstSlot.alone || batch.slots.size() >= maxBatchCount) {
            return false;
        }
        String entity = firstSlot.pending.entity();
        long bytes = 0;
        for (Slot s : batch.slots) {
            bytes += s.pending.event().sizeInBytes();
        }
        PriorityQueue<Lane> mine = new PriorityQueue<>(BY_HEAD);
        for (Lane lane : batch.lanes) {
            if (!lane.slots.isEmpty()) {
                mine.add(lane);
            }
        }
        List<Lane> skipped = new ArrayList<>();
        while (batch.slots.size() < maxBatchCount) {
            Lane own = mine.peek();
            Lane other = solo || skipped.size() >= SCAN_LIMIT ? null : ready.peek();
            boolean fromMine = own != null && (other == null || BY_HEAD.compare(own, other) < 0);
            Lane lane = fromMine ? own : other;
            if (lane == null) {
                break;
            }
            Slot head = lane.slots.peekFirst();
            long size = head.pending.event().sizeInBytes();
            boolean fits = !head.alone && Objects.equals(head.pending.entity(), entity) && bytes + size <= maxBatchBytes
                    && (fromMine || lane.failures < SOLO_AFTER);
            if (fromMine) {
                mine.poll();
                if (!fits) {
                    continue; // the rest of this lane waits for a later batch, in order
                }
            } else {
                ready.poll();
                if (!fits) {
                    skipped.add(lane);
                    continue;
                }
                hold(batch, lane);
            }
            moveHead(batch, lane);
            bytes += size;
            if (!lane.slots.isEmpty()) {
                mine.add(lane);
            }
        }
        for (Lane lane : skipped) {
            ready.add(lane);
        }
        return batch.slots.size() < maxBatchCount && !solo;
    }

    private void hold(Batch batch, Lane lane) {
        lane.held = true;
        heldLanes++;
        batch.lanes.add(lane);
    }

    private void moveHead(Batch batch, Lane lane) {
        batch.slots.add(lane.slots.pollFirst());
        if (size-- == capacity) {
            room.signalAll();
        }
    }

    /**
     * The ready lanes by their first event's arrival. A lane that becomes ready because an event arrived
     * for it (the common case) has the newest first event of all, so those lanes are kept in a queue in
     * arrival order, in O(1); lanes that come back (after a batch, a backoff, or skipped by a batch of
     * another entity) go into a heap. The next lane is the older of the two heads. Guarded by the lanes'
     * lock.
     */
    private static final class ReadyLanes {
        private final ArrayDeque<Lane> arrived = new ArrayDeque<>();
        private final PriorityQueue<Lane> returned = new PriorityQueue<>(BY_HEAD);

        /** A lane that became ready with the event that arrived last. */
        void addArrived(Lane lane) {
            arrived.addLast(lane);
        }

        /** A lane that became ready again. */
        void add(Lane lane) {
            returned.add(lane);
        }

        boolean isEmpty() {
            return arrived.isEmpty() && returned.isEmpty();
        }

        Lane peek() {
            Lane a = arrived.peekFirst();
            Lane r = returned.peek();
            if (a == null || r == null) {
                return a != null ? a : r;
            }
            return BY_HEAD.compare(a, r) <= 0 ? a : r;
        }

        Lane poll() {
            Lane next = peek();
            if (next != null) {
                if (next == arrived.peekFirst()) {
                    arrived.pollFirst();
                } else {
                    returned.poll();
                }
            }
            return next;
        }
    }
}
