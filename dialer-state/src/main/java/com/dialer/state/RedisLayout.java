package com.dialer.state;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;

/**
 * The key layout this build's scripts read and write, and which layouts the instances running against the
 * same Redis speak. During a rolling deploy old and new code share every key: a change to a key's name, type or
 * fields bumps {@link #VERSION}, and the new code reads both layouts and writes the old one for as long as
 * {@link #oldestInUse()} says an older instance is still running (docs/DESIGN.md, "Redis key layout versions").
 *
 * <p>Each service announces its layout at start ({@link #announce}) and renews it every third of
 * {@link #HOLD}; an instance that dies without closing stops counting once its announcement expires, so a crashed
 * old instance cannot hold a deploy in the old layout for longer than that.
 */
public final class RedisLayout implements AutoCloseable {
    /** The key layout of this build: bump it with any script change another version of the code would misread. */
    public static final int VERSION = 1;
    /** How long an announcement holds without being renewed. */
    public static final Duration HOLD = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(RedisLayout.class);
    private static final LuaScript ANNOUNCE = LuaScript.fromResource("com/dialer/state/announce-layout.lua");

    private final RedisConnection connection;
    private final String key;
    private final String instance;
    private final int version;
    private final Duration hold;
    private final Thread renewer;

    private RedisLayout(RedisConnection connection, RedisKeys keys, String instance, int version, Duration hold) {
        this.connection = connection;
        this.key = keys.layouts();
        this.instance = instance;
        this.version = version;
        this.hold = hold;
        renew();
        this.renewer = Thread.ofVirtual().name("redis-layout-" + instance).start(this::keepRenewing);
    }

    /** Announces that {@code service} (this process) speaks {@link #VERSION}, renewed until {@link #close()}. */
    public static RedisLayout announce(RedisConnection connection, RedisKeys keys, String service) {
        return new RedisLayout(connection, keys, service + "@" + ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8), VERSION, HOLD);
    }

    /** As {@link #announce}, with another version and hold: tests of a deploy. */
    static RedisLayout announce(RedisConnection connection, RedisKeys keys, String instance, int version, Duration hold) {
        return new RedisLayout(connection, keys, instance, version, hold);
    }

    /**
     * The oldest layout a live instance speaks ({@link #VERSION} when none has announced one): new code writes in
     * it until every instance is new.
     */
    public int oldestInUse() {
        return oldestInUse(connection, key);
    }

    /** As {@link #oldestInUse()}, for a process that announces nothing (a command-line tool). */
    public static int oldestInUse(RedisConnection connection, RedisKeys keys) {
        return oldestInUse(connection, keys.layouts());
    }

    private static int oldestInUse(RedisConnection connection, String key) {
        Long oldest = ANNOUNCE.eval(connection.sync(), ScriptOutputType.INTEGER, new String[] {key}, "", "0", "0");
        return oldest == null || oldest < 0 ? VERSION : oldest.intValue();
    }

    private void renew() {
        ANNOUNCE.eval(connection.sync(), ScriptOutputType.INTEGER, new String[] {key}, instance, Integer.toString(version),
                Long.toString(hold.toMillis()));
    }

    private void keepRenewing() {
        Duration every = hold.dividedBy(3);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
                renew();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Redis away for a moment: the next renewal, within the hold, puts the announcement back
                LOG.debug("renewing the layout announcement of {}: {}", instance, e.toString());
            }
        }
    }

    /** Stops renewing and withdraws the announcement: a stopped instance no longer holds the deploy back. */
    @Override
    public void close() {
        renewer.interrupt();
        try {
            connection.sync().hdel(key, instance);
        } catch (RuntimeException e) {
            LOG.debug("withdrawing the layout announcement of {}: {}", instance, e.toString());
        }
    }

    /** Stops renewing without withdrawing, as a crash would (a service's crash in tests). */
    public void halt() {
        renewer.interrupt();
    }
}
