package com.dialer.bench.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * The parts of the one-process stack a thread's CPU is charged to, told apart by the thread's name
 * (the services name their threads and Kafka clients after themselves) or, for a virtual thread,
 * by the outermost frame of our own code on its stack. Threads shared by several services (the
 * Redis client's event loops, the virtual threads' carriers) are parts of their own.
 */
public enum Component {
    SCHEDULER("scheduler"),
    EXECUTOR("call executor"),
    BRIDGE("webhook bridge"),
    STATUS("status-processor"),
    ARCHIVER("archiver (Connect)"),
    BROKER("Kafka broker"),
    MONGODB("MongoDB (mongo-java-server)"),
    REDIS_CLIENT("Redis client I/O (lettuce, shared)"),
    CARRIERS("virtual-thread carriers"),
    SIMULATOR("plivo-sim"),
    BENCH("bench and demo probes"),
    DASHBOARD("live page, metrics"),
    JVM("JVM: GC, JIT, exited threads"),
    OTHER("other threads"),
    REDIS_SERVER("redis-server (INFO cpu)");

    /** Thread-name prefixes, lower case, first match wins (more specific first). */
    private static final List<Rule> RULES = List.of(
            new Rule("kafka-producer-network-thread | dialer-scheduler", SCHEDULER),
            new Rule("kafka-producer-network-thread | status-processor", STATUS),
            new Rule("kafka-producer-network-thread | webhook-bridge", BRIDGE),
            new Rule("kafka-producer-network-thread | call-executor", EXECUTOR),
            new Rule("kafka-producer-network-thread | connector", ARCHIVER),
            new Rule("kafka-coordinator-heartbeat-thread | status-processor", STATUS),
            new Rule("kafka-coordinator-heartbeat-thread | dialer-scheduler", SCHEDULER),
            new Rule("kafka-coordinator-heartbeat-thread | call-executor", EXECUTOR),
            new Rule("kafka-coordinator-heartbeat-thread | connect", ARCHIVER),
            new Rule("dialer-scheduler", SCHEDULER),
            new Rule("scheduler-", SCHEDULER),
            new Rule("status-processor", STATUS),
            new Rule("call-executor", EXECUTOR),
            new Rule("executor-fetch", BROKER),
            new Rule("executor-", EXECUTOR),
            new Rule("plivo-reconciler", STATUS),
            new Rule("okhttp", EXECUTOR),
            new Rule("webhook-bridge", BRIDGE),
            new Rule("bridge-", BRIDGE),
            new Rule("asyncappender-worker-access", BRIDGE),
            new Rule("task-thread-", ARCHIVER),
            new Rule("connect-", ARCHIVER),
            new Rule("archiver", ARCHIVER),
            new Rule("cluster-", ARCHIVER),
            new Rule("mongo-server", MONGODB),
            new Rule("lettuce-", REDIS_CLIENT),
            new Rule("forkjoinpool-1-", CARRIERS),
            new Rule("virtualthread-", CARRIERS),
            new Rule("plivo-sim", SIMULATOR),
            new Rule("httpclient-", SIMULATOR),
            new Rule("demo-", BENCH),
            new Rule("lag-sampler", BENCH),
            new Rule("bench-", BENCH),
            new Rule("main", BENCH),
            new Rule("live-board", DASHBOARD),
            new Rule("live-page", DASHBOARD),
            new Rule("metrics-", DASHBOARD),
            new Rule("data-plane-kafka", BROKER),
            new Rule("kafka-", BROKER),
            new Rule("txnmarkersenderthread", BROKER),
            new Rule("addpartitionstotxnsenderthread", BROKER),
            new Rule("quorum-controller", BROKER),
            new Rule("group-coordinator", BROKER),
            new Rule("share-coordinator", BROKER),
            new Rule("expirationreaper", BROKER),
            new Rule("controller-", BROKER),
            new Rule("broker-", BROKER),
            new Rule("raft", BROKER),
            new Rule("logdirfailurehandler", BROKER),
            new Rule("transaction", BROKER));

    private final String label;

    Component(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The part a platform thread of this name belongs to; {@link #OTHER} when no rule matches. */
    public static Component ofThread(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (lower.startsWith(rule.prefix())) {
                return rule.component();
            }
        }
        return OTHER;
    }

    /** The part a class of ours belongs to, by its package; null for a class not ours or not telling. */
    static Component ofClass(String className) {
        if (className.startsWith("com.dialer.executor.")) {
            return EXECUTOR;
        }
        if (className.startsWith("com.dialer.bridge.")) {
            return BRIDGE;
        }
        if (className.startsWith("com.dialer.plivosim.")) {
            return SIMULATOR;
        }
        if (className.startsWith("com.dialer.scheduler.")) {
            return SCHEDULER;
        }
        if (className.startsWith("com.dialer.status.")) {
            return STATUS;
        }
        if (className.startsWith("com.dialer.archiver.")) {
            return ARCHIVER;
        }
        if (className.startsWith("com.dialer.bench.") || className.startsWith("com.dialer.launcher.")) {
            return BENCH;
        }
        return null;
    }

    private record Rule(String prefix, Component component) {
    }
}
