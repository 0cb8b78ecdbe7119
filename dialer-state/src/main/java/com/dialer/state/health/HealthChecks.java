package com.dialer.state.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.dialer.state.health.HealthCheck.CheckResult;

/**
 * A service's checks, in two sets: <b>live</b> (the process is not wedged: its Streams client has
 * not failed for good, its poll loop runs; failing it asks for a restart) and <b>ready</b> (it can
 * do its work now: Kafka clients connected, Streams RUNNING, Redis answering; failing it asks for
 * patience). Ready includes live. Each check runs on its own virtual thread and counts as down when
 * it has not answered within {@link #CHECK_TIMEOUT}, so a hung dependency makes a 503, never a hung
 * probe.
 */
public final class HealthChecks {
    /** How long one check may take before it counts as down. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final List<HealthCheck> live;
    private final List<HealthCheck> ready;

    private HealthChecks(List<HealthCheck> live, List<HealthCheck> ready) {
        this.live = List.copyOf(live);
        this.ready = List.copyOf(ready);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No checks: live and ready as long as the process answers. */
    public static HealthChecks none() {
        return builder().build();
    }

    public HealthReport live() {
        return run(live);
    }

    public HealthReport ready() {
        List<HealthCheck> all = new ArrayList<>(live);
        all.addAll(ready);
        return run(all);
    }

    private static HealthReport run(List<HealthCheck> checks) {
        Map<String, CompletableFuture<CheckResult>> running = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            // a check still blocked at the deadline is abandoned on its virtual thread, not waited for
            running.put(check.name(), CompletableFuture.supplyAsync(check::run, task -> Thread.ofVirtual().name("health-check").start(task)));
        }
        Map<String, CheckResult> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
        running.forEach((name, future) -> results.put(name, outcome(future, deadline)));
        return HealthReport.of(results);
    }

    private static CheckResult outcome(CompletableFuture<CheckResult> future, long deadline) {
        try {
            CheckResult result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return result == null ? CheckResult.down("no result") : result;
        } catch (TimeoutException e) {
            return CheckResult.down("no answer within " + CHECK_TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.down(cause.getClass().getSimpleName());
        }
    }

    public static final class Builder {
        private final List<HealthCheck> live = new ArrayList<>();
        private final List<HealthCheck> ready = new ArrayList<>();

        private Builder() {
        }

        /** A check whose failure means the process should be restarted. */
        public Builder live(HealthCheck check) {
            live.add(check);
            return this;
        }

        /** A check whose failure means the service cannot do its work now. */
        public Builder ready(HealthCheck check) {
            ready.add(check);
            return this;
        }

        public HealthChecks build() {
            return new HealthChecks(live, ready);
        }
    }
}
