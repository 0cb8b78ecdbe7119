package com.dialer.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.dialer.launcher.campaign.CampaignPlan;
import com.dialer.launcher.stack.DialerStack;
import com.dialer.plivosim.WitnessStats;
import com.dialer.state.RedisKeys;
import com.mongodb.client.MongoCollection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import picocli.CommandLine;

/**
 * The whole pipeline end to end, every service real: campaigns with retries for three clients run
 * through scheduler, executor, plivo-sim, webhook bridge, status-processor and the Connect sink;
 * the promises hold at the simulator's witness, Redis' live counters match the witness, and the
 * analysts' queries on MongoDB return the witness's totals.
 */
class PipelineIT {

    @Test
    void aCampaignRunEndToEndKeepsEveryPromiseAndEveryTierAgreesWithTheWitness() throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--contacts", "300", "--clients", "3", "--cap", "4", "--rate", "1200",
                "--max-attempts", "2", "--time-scale", "0.01", "--quiet", "--timeout", "240",
                "--caller-id-pool", Path.of("..", "examples", "caller-id-pools.json").toString());
        // published before any service runs, as upstream systems do: taken in when the services start
        try (DialerStack stack = DialerStack.start(demo.stackOptions(), demo.publishing())) {
            DemoReport report = demo.runOn(stack);
            report.print(System.out);

            assertThat(report.brokenPromises()).isEmpty();
            assertThat(report.promisesHeld()).isTrue();
            assertThat(report.contactsWithoutDisposition()).isZero();
            assertThat(report.dispositions().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
            assertThat(report.dispositions()).containsKeys("ANSWERED", "INVALID", "DNC");
            assertThat(report.clients()).allSatisfy(c -> assertThat(c.maxSimultaneous()).isBetween(1, 4));

            WitnessStats witness = stack.simulator().stats();
            assertThat(report.dials()).as("retries dialed again").isGreaterThan(300 - 3 - 2);
            assertThat(witness.attemptsDialedMoreThanOnce()).isEmpty();

            // Redis, the hot tier: each campaign's live counters, summed, are the witness's outcomes
            Map<String, Long> live = liveCounters(stack.redis().sync(), new DemoCampaigns(3, 300, 2).plans());
            Map<String, Long> sim = witness.callsByOutcome();
            // a machine answers and is hung up on: Plivo reports it completed, we report it as a machine
            assertThat(live.get("answered") + live.get("machine")).isEqualTo(sim.getOrDefault("completed", 0L));
            assertThat(live.get("busy")).isEqualTo(sim.getOrDefault("busy", 0L));
            assertThat(live.get("noAnswer")).isEqualTo(sim.getOrDefault("no-answer", 0L));
            assertThat(live.get("failed")).isEqualTo(sim.getOrDefault("failed", 0L));
            assertThat(live.get("finished")).isEqualTo(witness.endedCalls());
            assertThat(live.get("dialing") + live.get("ringing") + live.get("inProgress")).isZero();

            // MongoDB, the cold tier: one document per finished attempt; the analysts' queries give the witness's totals
            MongoCollection<Document> calls = stack.archive().getCollection("calls");
            assertThat(calls.countDocuments()).isEqualTo(witness.dials());
            long attempts = 0;
            long answered = 0;
            for (Document campaign : calls.aggregate(List.of(Document.parse("""
                    { $group: { _id: "$campaignId", attempts: { $sum: 1 },
                                answered: { $sum: { $cond: [ { $eq: ["$disposition", "ANSWERED"] }, 1, 0 ] } } } }"""),
                    Document.parse("{ $sort: { _id: 1 } }")))) {
                attempts += campaign.getInteger("attempts");
                answered += campaign.getInteger("answered");
            }
            assertThat(attempts).isEqualTo(witness.dials());
            assertThat(answered).isEqualTo(live.get("answered"));
            List<Document> talk = calls.aggregate(List.of(Document.parse("{ $match: { disposition: \"ANSWERED\" } }"),
                    Document.parse("{ $group: { _id: \"$clientId\", averageTalkSeconds: { $avg: \"$durationSeconds\" }, answered: { $sum: 1 } } }")))
                    .into(new ArrayList<>());
            assertThat(talk).hasSize(3).allSatisfy(d -> assertThat(d.get("averageTalkSeconds", Number.class).doubleValue()).isPositive());
            assertThat(stack.archive().getCollection("campaigns").countDocuments()).isEqualTo(3);

            // caller IDs: client-1 and client-2 call from their pools (client-3 from its one number); every archived call
            // names the number the witness saw it made from, and no number went past its daily cap
            Map<String, String> fromByAttempt = new java.util.HashMap<>();
            stack.simulator().witness().dials().forEach(d -> fromByAttempt.put(d.attemptId(), d.from()));
            for (Document call : calls.find()) {
                assertThat(call.getString("callerId")).as("caller of %s", call.getString("_id")).isEqualTo(fromByAttempt.get(call.getString("_id")));
            }
            long pooledDials = stack.simulator().witness().dials().stream().filter(d -> !"client-3".equals(d.client())).count();
            assertThat(report.callerIds()).extracting(DemoReport.CallerIdFigures::client).containsOnly("client-1", "client-2");
            assertThat(report.callerIds().stream().mapToLong(DemoReport.CallerIdFigures::calls).sum()).isEqualTo(pooledDials);
            assertThat(witness.dialsByCallerId()).containsKey("+12015550100"); // client-3's single callerId

            // the operations dashboard queries only what the services publish; a bad record makes the DLQ series
            deadLetterOne(stack);
            String scrape = stack.metrics().scrape();
            assertThat(scrape).contains("dialer_status_webhook_lag_seconds_bucket{le=")
                    .doesNotContain("quantile=\"");
            assertThat(dashboardMetrics()).isNotEmpty().allSatisfy(metric -> assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "[{ ]"));
        }
    }

    /** Every metric name the Grafana dashboard's queries read. */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "deploy", "grafana", "dashboards", "dialer.json").toFile());
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("\\b((?:dialer|kafka)_[a-z_]+)\\b").matcher(dashboard.findValuesAsText("expr").toString());
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static void deadLetterOne(DialerStack stack) throws Exception {
        String topic = stack.topics().campaignContacts().name();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.infrastructure().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "demo-campaign-1", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!stack.metrics().scrape().contains("dialer_dlq_records_total{") && System.nanoTime() < until) {
            Thread.sleep(200);
        }
    }

    private static Map<String, Long> liveCounters(RedisClusterCommands<String, String> redis, List<CampaignPlan> plans) {
        Map<String, Long> sum = new java.util.HashMap<>();
        for (String field : List.of("answered", "machine", "busy", "noAnswer", "failed", "finished", "dialing", "ringing",
                "inProgress", "timeout")) {
            sum.put(field, 0L);
        }
        for (CampaignPlan plan : plans) {
            redis.hgetall(RedisKeys.standard().campaignStats(plan.clientId(), plan.campaignId()))
                    .forEach((k, v) -> sum.merge(k, Long.parseLong(v), Long::sum));
        }
        return sum;
    }
}
