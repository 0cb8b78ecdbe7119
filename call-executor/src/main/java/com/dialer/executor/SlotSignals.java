package com.dialer.executor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the requests parked for a client when one of its slots frees (a release published by
 * Redis), with a timeout as the fallback for releases nobody announced (a lease that ran out).
 */
final class SlotSignals {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Condition> freed = new ConcurrentHashMap<>();

    void await(String client, Duration timeout) throws InterruptedException {
        ReentrantLock lock = lock(client);
        lock.lock();
        try {
            freed.get(client).await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    void signal(String client) {
        ReentrantLock lock = lock(client);
        lock.lock();
        try {
            freed.get(client).signalAll();
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(String client) {
        return locks.computeIfAbsent(client, c -> {
            ReentrantLock lock = new ReentrantLock();
            freed.put(c, lock.newCondition());
            return lock;
        });
    }
}
