package com.dialer.state.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class TopologyStateTest {

    private static final class Ignore implements Processor<String, String, Void, Void> {
        @Override
        public void process(Record<String, String> record) {
            // only its store matters here
        }
    }

    private static Topology topology(String storeName, boolean logged) {
        StreamsBuilder builder = new StreamsBuilder();
        var store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), Serdes.String(), Serdes.String());
        builder.addStateStore(logged ? store : store.withLoggingDisabled());
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Ignore::new, Named.as("use-store"), storeName);
        builder.stream("other", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((k, v) -> v, Named.as("rekey"))
                .groupByKey(Grouped.as("by-value")).count(Materialized.as("counts"));
        builder.globalTable("dnc", Materialized.as("dnc-store"));
        return builder.build();
    }

    @Test
    void namesEveryStoreItsChangelogTheRepartitionTopicsAndTheGlobalStores() {
        assertThat(TopologyState.of(topology("pending", true), "app").lines()).containsExactly(
                "store counts", "store pending",
                "changelog app-counts-changelog", "changelog app-pending-changelog",
                "repartition app-by-value-repartition",
                "global-store dnc-store <- dnc");
    }

    @Test
    void aStoreThatDoesNotLogHasNoChangelog() {
        assertThat(TopologyState.of(topology("pending", false), "app").changelogs()).containsExactly("app-counts-changelog");
    }

    @Test
    void aRenamedStoreLosesItsStoreAndChangelogLinesAndAnAddedOneLosesNothing() {
        List<String> baseline = TopologyState.of(topology("pending", true), "app").lines();

        assertThat(TopologyState.of(topology("waiting", true), "app").lost(baseline))
                .containsExactly("store pending", "changelog app-pending-changelog");
        assertThat(TopologyState.of(topology("pending", true), "app").lost(List.of("# baseline", "", "store pending"))).isEmpty();
    }

    @Test
    void anotherApplicationIdLosesEveryInternalTopic() {
        List<String> baseline = TopologyState.of(topology("pending", true), "app").lines();

        assertThat(TopologyState.of(topology("pending", true), "app2").lost(baseline)).containsExactly(
                "changelog app-counts-changelog", "changelog app-pending-changelog", "repartition app-by-value-repartition");
    }
}
