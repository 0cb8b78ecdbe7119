package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.launcher.stack.DialerStack;
import com.dialer.stack.ClassPathJars;
import com.dialer.stack.KafkaCluster;

import picocli.CommandLine;

/**
 * {@code ./dialer demo --kafka-bootstrap … --kafka-config …} on a 3-broker KRaft cluster reached over
 * SASL_SSL with SCRAM-SHA-512 (local-stack's {@link KafkaCluster}): a wrong password stops the start
 * with a message naming the key to fix; with the right one, a few hundred contacts complete with every
 * promise of the demo held while the broker leading most {@code dial-requests} partitions is killed
 * with SIGKILL mid-campaign and started again on its data.
 */
class SecuredClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(SecuredClusterIT.class);
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DemoCommand demo(KafkaCluster kafka, Path kafkaConfig, int contacts) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--contacts", Integer.toString(contacts), "--clients", "3", "--cap", "5", "--rate", "1200",
                "--time-scale", "0.01", "--quiet", "--timeout", "600",
                "--kafka-bootstrap", kafka.bootstrapServers(), "--kafka-config", kafkaConfig.toString());
        return demo;
    }

    @Test
    void aWrongScramPasswordStopsTheStartWithAMessageNamingTheKey() throws Exception {
        Path wrong = cluster.writeClientConfig(dir.resolve("wrong-password.properties"), "not-the-password");
        DemoCommand demo = demo(cluster, wrong, 10);

        assertThatThrownBy(() -> DialerStack.start(demo.stackOptions(), demo.publishing()).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAFKA_SASL_JAAS_CONFIG")
                .hasMessageContaining("KAFKA_CONFIG_FILE")
                .hasMessageContaining("refused the login")
                .hasMessageContaining("SCRAM-SHA-512")
                .message().doesNotContain("not-the-password");
    }

    /**
     * Each service started as its own process, as in production, with the wrong password in its
     * KAFKA_CONFIG_FILE: it exits with the bad-configuration code and one line naming the key, no stack trace.
     */
    @Test
    void aServiceGivenAWrongScramPasswordExitsWithOneLineNamingTheKey() throws Exception {
        Path wrong = cluster.writeClientConfig(dir.resolve("wrong-password.properties"), "not-the-password");
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(), "KAFKA_CONFIG_FILE", wrong.toString(),
                "REDIS_URI", "redis://127.0.0.1:1", "APPLICATION_ID", "wrong-password", "PLIVO_AUTH_ID", "MADIALERSIMULATOR001",
                "PLIVO_AUTH_TOKEN", "not-used", "PLIVO_API_URL", "http://127.0.0.1:1/v1/", "WEBHOOK_BASE_URL", "http://127.0.0.1:1",
                "WEBHOOK_PUBLIC_BASE_URL", "http://127.0.0.1:1");
        List<String> mains = List.of("com.dialer.scheduler.SchedulerApp", "com.dialer.status.StatusApp",
                "com.dialer.executor.ExecutorApp", "com.dialer.bridge.BridgeApp");
        Map<String, Process> started = new LinkedHashMap<>();
        try {
            for (String main : mains) {
                ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", ClassPathJars.of(), main)
                        .redirectErrorStream(true).redirectOutput(dir.resolve(main + ".log").toFile());
                builder.environment().putAll(env);
                started.put(main, builder.start());
            }
            for (var service : started.entrySet()) {
                assertThat(service.getValue().waitFor(3, TimeUnit.MINUTES)).as("%s exited", service.getKey()).isTrue();
                String output = Files.readString(dir.resolve(service.getKey() + ".log"));
                System.out.printf("%s with a wrong password:%n%s%n", service.getKey(), output);
                assertThat(service.getValue().exitValue()).as("%s's exit code; it said:%n%s", service.getKey(), output).isEqualTo(2);
                assertThat(output).as(service.getKey()).contains("bad configuration: KAFKA_SASL_JAAS_CONFIG (sasl.jaas.config, or in "
                        + "KAFKA_CONFIG_FILE): the brokers refused the login").doesNotContain("not-the-password");
                // Kafka's own client logs the refusal once, with its trace: one, never a loop of them
                assertThat(output.lines().filter(line -> line.startsWith("Caused by") || line.contains("Exception:")).count())
                        .as("%s's exception lines:%n%s", service.getKey(), output).isLessThanOrEqualTo(2);
            }
        } finally {
            started.values().forEach(Process::destroyForcibly);
        }
    }

    @Test
    void theDemoKeepsEveryPromiseWhileTheLeaderOfMostDialRequestsIsKilled() throws Exception {
        runKillingTheDialRequestsLeader(cluster, 300, 1);
    }

    /**
     * The longer variant ({@code -Pchaos}): a thousand contacts, the leader of most dial-requests partitions
     * killed three times; on a cluster of its own, as the demo's topics and groups have fixed names.
     */
    @Test
    @Tag("chaos")
    void aThousandContactsKeepEveryPromiseThroughThreeKillsOfTheDialRequestsLeader() throws Exception {
        try (KafkaCluster own = KafkaCluster.start()) {
            runKillingTheDialRequestsLeader(own, 1000, 3);
        }
    }

    private void runKillingTheDialRequestsLeader(KafkaCluster kafka, int contacts, int kills) throws Exception {
        Path config = kafka.writeClientConfig(dir.resolve("kafka-client.properties"));
        DemoCommand demo = demo(kafka, config, contacts);

        try (DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing())) {
            assertThat(stack.infrastructure().hasKafka()).as("embedded Kafka started").isFalse();
            String dialRequests = stack.topics().dialRequests().name();
            try (Admin admin = kafka.admin()) {
                TopicDescription topic = admin.describeTopics(List.of(dialRequests)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(dialRequests);
                assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }

            CompletableFuture<List<Long>> brokerKills = CompletableFuture.supplyAsync(
                    () -> killLeaderWhileDialing(kafka, stack, dialRequests, contacts, kills));
            DemoReport report = demo.runOn(stack);
            report.print(System.out);
            List<Long> dialsAtKills = brokerKills.get(5, TimeUnit.MINUTES);

            assertThat(dialsAtKills).as("dials when the broker was killed").hasSize(kills)
                    .allSatisfy(dials -> assertThat(dials).isPositive().isLessThan(contacts));
            assertThat(report.brokenPromises()).isEmpty();
            assertThat(report.promisesHeld()).isTrue();
            assertThat(report.contactsWithoutDisposition()).isZero();
            assertThat(report.dispositions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(contacts);
        }
    }

    /**
     * {@code kills} times, evenly through the campaign's dials ({@code contacts / (kills + 1)}, twice that, …):
     * {@code kill -9} of the node leading most {@code dial-requests} partitions, started again three seconds
     * later. Returns the dials at each kill.
     */
    private static List<Long> killLeaderWhileDialing(KafkaCluster kafka, DialerStack stack, String dialRequests, int contacts,
                                                     int kills) {
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        List<Long> dialsAtKills = new ArrayList<>();
        try {
            for (int kill = 1; kill <= kills; kill++) {
                long due = (long) contacts * kill / (kills + 1);
                while (stack.simulator().stats().dials() < due) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the campaign did not reach " + due + " dials");
                    }
                    Thread.sleep(50);
                }
                int leader = kafka.leaderOfMostPartitions(dialRequests);
                long dials = stack.simulator().stats().dials();
                kafka.kill(leader);
                LOG.info("killed node {} (leader of most {} partitions) at {} dials", leader, dialRequests, dials);
                Thread.sleep(3_000);
                kafka.startAgain(leader);
                dialsAtKills.add(dials);
            }
            return dialsAtKills;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
