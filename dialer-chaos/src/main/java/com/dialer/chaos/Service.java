package com.dialer.chaos;

import java.util.List;

/**
 * The deployables the suite runs, each as its own OS process with its production main class and
 * environment keys: what a container orchestrator would start, stop and kill.
 */
public enum Service {
    SCHEDULER("dialer-scheduler", "com.dialer.scheduler.SchedulerApp", List.of("dialer-scheduler", "dialer-scheduler-dnc-check")),
    EXECUTOR("call-executor", "com.dialer.executor.ExecutorApp", List.of("call-executor")),
    STATUS_PROCESSOR("status-processor", "com.dialer.status.StatusApp", List.of("status-processor")),
    WEBHOOK_BRIDGE("webhook-bridge", "com.dialer.bridge.BridgeApp", List.of()),
    /** A Kafka Connect worker (standalone mode) running the archiver sink. */
    CONNECT_WORKER("connect-worker", "org.apache.kafka.connect.cli.ConnectStandalone", List.of("connect-" + ConnectFiles.CONNECTOR)),
    QUERY_API("query-api", "com.dialer.state.reads.api.QueryApiApp", List.of());

    /** The services a campaign flows through, in the order a deploy restarts them. */
    public static final List<Service> PIPELINE = List.of(SCHEDULER, EXECUTOR, STATUS_PROCESSOR, WEBHOOK_BRIDGE, CONNECT_WORKER);

    private final String id;
    private final String mainClass;
    private final List<String> consumerGroups;

    Service(String id, String mainClass, List<String> consumerGroups) {
        this.id = id;
        this.mainClass = mainClass;
        this.consumerGroups = consumerGroups;
    }

    /** The name used for its log file and state directory. */
    public String id() {
        return id;
    }

    public String mainClass() {
        return mainClass;
    }

    /** The Kafka consumer groups an instance joins: ready means each is stable with this instance in it. */
    public List<String> consumerGroups() {
        return consumerGroups;
    }
}
