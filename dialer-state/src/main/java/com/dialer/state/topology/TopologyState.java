package com.dialer.state.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;

/**
 * What a Streams topology keeps from one release to the next, by name: its state stores, their
 * changelog topics, its repartition topics, and its global stores with the topics they are read from.
 * A release whose topology renames or drops one of these orphans the state behind it (a renamed store
 * starts empty, its old changelog is never restored), so every topology's test compares {@link #of}
 * with the previous release's, committed as a baseline file of {@link #lines}: a line lost fails the
 * build ({@link #lost}); a line added is fine, and the baseline is updated deliberately at a release.
 *
 * @param stores      the names of the local state stores
 * @param changelogs  the changelog topics of the stores that log (named after the application id)
 * @param repartition the repartition topics (named after the application id)
 * @param globals     each global store as {@code store <- topic}
 */
public record TopologyState(SortedSet<String> stores, SortedSet<String> changelogs, SortedSet<String> repartition,
                            SortedSet<String> globals) {

    /** The state of {@code topology} when it runs as {@code applicationId}; prepares the topology as a start would. */
    public static TopologyState of(Topology topology, String applicationId) {
        SortedSet<String> stores = new TreeSet<>();
        SortedSet<String> globals = new TreeSet<>();
        TopologyDescription description = topology.describe();
        description.subtopologies().forEach(s -> s.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
            }
        }));
        description.globalStores().forEach(g -> g.processor().stores().forEach(
                store -> globals.add(store + " <- " + String.join(",", new TreeSet<>(g.source().topicSet())))));
        SortedSet<String> changelogs = new TreeSet<>();
        SortedSet<String> repartition = new TreeSet<>();
        // which stores log, and the internal topics' full names, are known only to Kafka's topology builder
        InternalTopologyBuilder builder = builderOf(topology);
        // what KafkaStreams does at start, offline: configure the stores, then name each logging store's changelog
        builder.rewriteTopology(new StreamsConfig(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092")));
        builder.buildTopology();
        builder.subtopologyToTopicsInfo().values().forEach(info -> {
            changelogs.addAll(info.stateChangelogTopics.keySet());
            repartition.addAll(info.repartitionSourceTopics.keySet());
        });
        return new TopologyState(stores, changelogs, repartition, globals);
    }

    /** One line per name, {@code <kind> <name>}, sorted within each kind: the baseline file's format. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        stores.forEach(s -> lines.add("store " + s));
        changelogs.forEach(t -> lines.add("changelog " + t));
        repartition.forEach(t -> lines.add("repartition " + t));
        globals.forEach(g -> lines.add("global-store " + g));
        return lines;
    }

    /** The lines of {@code baseline} (blank lines and {@code #} comments ignored) this state no longer has. */
    public List<String> lost(Collection<String> baseline) {
        List<String> now = lines();
        return baseline.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .filter(l -> !now.contains(l)).toList();
    }

    private static InternalTopologyBuilder builderOf(Topology topology) {
        try {
            var field = Topology.class.getDeclaredField("internalTopologyBuilder");
            field.setAccessible(true);
            return (InternalTopologyBuilder) field.get(topology);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Kafka Streams version hides its topology builder; TopologyState must follow it", e);
        }
    }
}
