package com.dialer.launcher.stack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.CommandType;
import com.dialer.launcher.demo.ConsumerReader;
import com.dialer.schemas.AvroDecodingException;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Topic;
import com.dialer.schemas.TopicCatalog;
import com.dialer.state.RedisKeys;
import com.dialer.state.callerid.CallerIdPools;
import com.dialer.state.callerid.CallerIds;
import com.dialer.state.limits.LiveLimits;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * What the live campaign page and the demo's progress lines show: each campaign's progress (from
 * its summaries on Kafka and its live counters in Redis), each client's active calls against its
 * cap (the slot set in Redis), and the rate of call starts against the global limit.
 */
public final class LiveBoard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveBoard.class);

    /** One campaign as the page shows it. */
    public record CampaignRow(String campaignId, String clientId, String status, long contacts, long finished,
                              long attempts, long dialing, long ringing, long inProgress, Map<String, Long> dispositions,
                              double startsPerMinute, long liveCalls, Integer cap, Map<String, Long> waiting,
                              Long nextWindowOpensAt, String nextWindowZone) {
    }

    /** One client: live calls (held slots) against the cap in force, and where that cap comes from. */
    public record ClientRow(String clientId, long active, long cap, String capSource) {
    }

    /** One number of a client's caller-ID pool: its calls today (its own local day) against its daily cap (null: none). */
    public record CallerIdRow(String clientId, String pool, String number, long callsToday, Integer dailyCap) {
    }

    public record Board(long at, long rateLimitPerMinute, double startsPerMinute, List<CampaignRow> campaigns,
                        List<ClientRow> clients, List<CallerIdRow> callerIds) {
    }

    private record Sample(long at, long attempts) {
    }

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final TopicCatalog topics;
    // each catalogue call builds a new serde (schema fingerprints included): built once here, not per record
    private final Topic<String, CampaignCommand> commands;
    private final Topic<String, CampaignSummary> summaryTopic;
    private final LiveLimits limits;
    private final CallerIdPools pools;
    private final CallerIds callerIds;
    private final Map<String, String> clientOfCampaign = new ConcurrentHashMap<>();
    private final Map<String, CampaignSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;

    public LiveBoard(RedisClusterCommands<String, String> redis, RedisKeys keys, TopicCatalog topics, String bootstrapServers,
                     LiveLimits limits) {
        this(redis, keys, topics, KafkaClientProperties.of(bootstrapServers), limits);
    }

    public LiveBoard(RedisClusterCommands<String, String> redis, RedisKeys keys, TopicCatalog topics, KafkaClientProperties kafka,
                     LiveLimits limits) {
        this(redis, keys, topics, kafka, limits, CallerIdPools.NONE);
    }

    /** With the clients' caller-ID pools, whose numbers' use today the page shows. */
    public LiveBoard(RedisClusterCommands<String, String> redis, RedisKeys keys, TopicCatalog topics, KafkaClientProperties kafka,
                     LiveLimits limits, CallerIdPools pools) {
        this.pools = pools;
        // reads only: the pick TTL is the executor's concern
        this.callerIds = new CallerIds(redis, keys, pools, Duration.ofMinutes(1));
        this.redis = redis;
        this.keys = keys;
        this.topics = topics;
        this.commands = topics.campaignCommands();
        this.summaryTopic = topics.campaignSummaries();
        this.limits = limits;
        this.consumer = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "live-board-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.campaignCommands().name(), topics.campaignSummaries().name()));
        this.reader = Thread.ofPlatform().daemon().name("live-board").start(this::read);
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    take(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("live board stopped reading: {}", e.toString());
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(commands.name())) {
                CampaignCommand command = commands.valueSerde().deserializer()
                        .deserialize(record.topic(), record.value());
                if (command.getType() == CommandType.CREATE) {
                    clientOfCampaign.put(command.getCampaignId(), command.getClientId());
                }
            } else {
                CampaignSummary summary = summaryTopic.valueSerde().deserializer()
                        .deserialize(record.topic(), record.value());
                summaries.merge(summary.getCampaignId(), summary,
                        (old, now) -> now.getUpdatedAt().isBefore(old.getUpdatedAt()) ? old : now);
                clientOfCampaign.putIfAbsent(summary.getCampaignId(), summary.getClientId());
            }
        } catch (AvroDecodingException e) {
            // the services dead-letter bad records; the page just does not show them
        }
    }

    /** The board now; the rate is the starts of the last minute, measured from the live counters. */
    public synchronized Board snapshot() {
        long now = System.currentTimeMillis();
        List<CampaignRow> campaigns = new ArrayList<>();
        Map<String, ClientRow> clients = new TreeMap<>();
        double totalRate = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(clientOfCampaign).entrySet()) {
            String campaignId = e.getKey();
            String clientId = e.getValue();
            Map<String, String> live = redis.hgetall(keys.campaignStats(clientId, campaignId));
            CampaignSummary summary = summaries.get(campaignId);
            long attempts = number(live, "attempts");
            double rate = rate(campaignId, now, attempts);
            totalRate += rate;
            Map<String, Long> dispositions = new TreeMap<>();
            Map<String, Long> waiting = new TreeMap<>();
            if (summary != null) {
                summary.getDispositions().forEach((k, v) -> dispositions.put(k.toString(), v));
                summary.getWaiting().forEach((k, v) -> waiting.put(k.toString(), v));
            }
            LiveLimits.CampaignCap campaignCap = limits.campaign(clientId, campaignId, null);
            campaigns.add(new CampaignRow(campaignId, clientId, summary == null ? "RUNNING" : summary.getStatus().toString(),
                    summary == null ? 0 : summary.getContacts(), summary == null ? 0 : summary.getContactsFinished(),
                    attempts, number(live, "dialing"), number(live, "ringing"), number(live, "inProgress"), dispositions, rate,
                    campaignCap.liveCalls(), campaignCap.cap(), waiting,
                    summary == null || summary.getNextWindowOpensAt() == null ? null : summary.getNextWindowOpensAt().toEpochMilli(),
                    summary == null || summary.getNextWindowZone() == null ? null : summary.getNextWindowZone().toString()));
            clients.computeIfAbsent(clientId, c -> {
                LiveLimits.ClientCap cap = limits.client(c);
                return new ClientRow(c, cap.liveCalls(), cap.cap(), cap.source().name());
            });
        }
        campaigns.sort(Comparator.comparing(CampaignRow::campaignId));
        List<CallerIdRow> numbers = new ArrayList<>();
        pools.clients().forEach((clientId, byName) -> byName.values().forEach(pool ->
                callerIds.usedToday(clientId, pool).forEach((number, calls) -> numbers.add(new CallerIdRow(clientId, pool.name(), number,
                        calls, pool.numbers().stream().filter(n -> n.e164().equals(number)).findFirst().orElseThrow().dailyCap())))));
        numbers.sort(Comparator.comparing(CallerIdRow::clientId).thenComparing(CallerIdRow::pool));
        return new Board(now, limits.globalRate().permits(), totalRate, campaigns, new ArrayList<>(clients.values()), numbers);
    }

    /** Starts per minute over the last (up to) 60 s of samples of the campaign's attempt counter. */
    private double rate(String campaignId, long now, long attempts) {
        Deque<Sample> series = samples.computeIfAbsent(campaignId, c -> new ArrayDeque<>());
        series.addLast(new Sample(now, attempts));
        while (series.size() > 2 && series.peekFirst().at() < now - 60_000) {
            series.removeFirst();
        }
        Sample first = series.peekFirst();
        long span = now - first.at();
        return span < 500 ? 0 : (attempts - first.attempts()) * 60_000.0 / span;
    }

    private static long number(Map<String, String> hash, String field) {
        String v = hash.get(field);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public void close() {
        ConsumerReader.stop(consumer, reader);
    }
}
