package com.dialer.chaos;

import java.util.Locale;

/**
 * The shape the {@link ProcessStack} runs the pipeline in: {@code chaos.topology}, {@code ./dialer chaos --topology}.
 */
public enum Topology {
    /** One plaintext KRaft broker, one Redis, one instance of every service: {@code LocalStack}. */
    SINGLE(1),
    /**
     * Production's shape ({@link ClusterInfra}): three KRaft brokers reached over SASL_SSL/SCRAM, a Redis Cluster of
     * 3 masters and 3 replicas, two instances of every service, the webhook bridges behind one address.
     */
    CLUSTER(2);

    private final int instances;

    Topology(int instances) {
        this.instances = instances;
    }

    /** Instances of each service (the Connect worker, one in every topology). */
    public int instances() {
        return instances;
    }

    /** A service instance's name (its log file, state directory, management port): {@code call-executor-2}. */
    String instanceName(Service service, int instance) {
        return instances == 1 ? service.id() : service.id() + "-" + instance;
    }

    /** {@code single} or {@code cluster}; anything else fails naming the choices. */
    public static Topology parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chaos.topology: '" + value + "' is neither single nor cluster", e);
        }
    }
}
