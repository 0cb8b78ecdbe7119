package com.dialer.bench.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.dialer.stack.RedisServer;
import com.dialer.state.RedisConnection;
import com.dialer.state.RedisKeys;
import com.dialer.state.attempt.AttemptProjection;
import com.dialer.state.ratelimit.GlobalRateLimiter;
import com.dialer.state.ratelimit.RateBucket;
import com.dialer.state.ratelimit.RateGrant;
import com.dialer.state.ratelimit.RateLimit;
import com.dialer.state.slots.Reservation;
import com.dialer.state.limits.CapValue;
import com.dialer.state.limits.ConfiguredClientLimits;
import com.dialer.state.limits.Limits;
import com.dialer.state.slots.SlotHolder;
import com.dialer.state.slots.SlotLeases;


/**
 * JMH for the Lua-script paths every call goes through, each one round trip to a real Redis (the
 * local stack's {@code redis-server}, started per fork; {@code -Dbench.redis.uri=redis://...} uses
 * another): acquire (gcra.lua), reserve (reserve-slot.lua), release (release-slot.lua) and
 * apply-event (apply-event.lua). Run with {@code ./dialer bench --jmh} (JMH options after it, e.g.
 * {@code -t 8} for eight threads on the one connection, {@code -bm thrpt}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dlogback.configurationFile=logback-dialer.xml", "-Ddialer.console.level=ERROR",
        "-Ddialer.log.file=.dialer/bench-jmh.log"})
public class LuaScriptBenchmarks {
    static final String CLIENT = "jmh-client";

    private RedisServer server;
    private RedisConnection connection;
    private GlobalRateLimiter limiter;
    private List<RateBucket> unbounded;
    private SlotLeases leases;
    private AttemptProjection projection;
    private RedisKeys keys;
    private final AtomicLong ids = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        String uri = System.getProperty("bench.redis.uri");
        if (uri == null) {
            server = RedisServer.start();
            uri = server.uri();
        }
        connection = RedisConnection.open("REDIS_URI", uri);
        keys = new RedisKeys("jmh-" + ProcessHandle.current().pid() + ":");
        limiter = new GlobalRateLimiter(connection.sync());
        // far above what one connection can ask for: every acquisition is granted, the script does all its work
        unbounded = List.of(new RateBucket(keys.globalRate(), new RateLimit(6_000_000_000L, Duration.ofMinutes(1), 1_000_000)));
        // a short lease: reservations of earlier invocations expire and are swept by the script itself
        leases = new SlotLeases(connection, keys, new SlotLeases.Settings(
                new Limits(Limits.defaults().globalRate(), CapValue.MAX, ConfiguredClientLimits.NONE), false, Duration.ofSeconds(2), Duration.ofMinutes(2)));
        projection = new AttemptProjection(keys, Duration.ofSeconds(60));
    }

    @TearDown(Level.Trial)
    public void stop() {
        connection.close();
        if (server != null) {
            server.close();
        }
    }

    @Benchmark
    public RateGrant acquire() {
        return limiter.acquire(1, unbounded);
    }

    @Benchmark
    public Reservation reserve() {
        return leases.reserve(new SlotHolder(CLIENT, "jmh", "r" + ids.incrementAndGet()), null, Duration.ofMillis(500));
    }

    /** A slot to free per invocation, put in place (one plain ZADD) outside the measured call. */
    @State(Scope.Thread)
    public static class HeldSlot {
        String attemptId;
        private long next;

        @Setup(Level.Invocation)
        public void hold(LuaScriptBenchmarks bench) {
            attemptId = "h" + Thread.currentThread().threadId() + "-" + next++;
            bench.connection.sync().zadd(bench.keys.slots(CLIENT), System.currentTimeMillis() * 1000.0 + 60e6, attemptId);
        }
    }

    @Benchmark
    public boolean release(HeldSlot slot) {
        return leases.release(new SlotHolder(CLIENT, "jmh", slot.attemptId));
    }

    @Benchmark
    public boolean applyEvent() {
        String attemptId = "campaign-1:c" + ids.incrementAndGet() + ":1";
        long now = System.currentTimeMillis();
        return projection.apply(connection.sync(), new AttemptProjection.Change(CLIENT, "campaign-1", attemptId, 1, "RINGING", now,
                now + 600_000, Map.of("campaignId", "campaign-1", "clientId", CLIENT, "ringingAt", Long.toString(now))));
    }
}
