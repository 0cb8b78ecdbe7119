package com.dialer.status;

import com.dialer.state.metrics.DialerMeters;
import java.time.Duration;
import com.dialer.schemas.CallContext;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.dialer.avro.CallEvent;
import com.dialer.plivo.CallLookup;
import com.dialer.state.accounts.PlivoAccount;
import com.dialer.state.accounts.PlivoAccounts;
import com.dialer.plivo.CallLookup.LookupFailed;
import com.dialer.plivo.CallLookup.Sighting;
import com.dialer.schemas.KafkaClientProperties;
import com.dialer.schemas.Topic;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Looks overdue calls up at Plivo off the stream threads — a bounded pool and queue, one lookup per
 * attempt at a time — and publishes what a finished call's record says as its hangup event on
 * call-events (source RECONCILER). A call still live or queued is left alone (the reaper asks again
 * later); a lookup that fails concludes nothing. The reaper's lease end remains for calls Plivo cannot
 * be asked about.
 */
final class PlivoReconciler implements OverdueCalls, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlivoReconciler.class);

    /** The lookups the reconciler needs, so tests can stand in for Plivo. */
    interface Lookup {
        Sighting find(OverdueCall call) throws LookupFailed;

        static Lookup at(CallLookup plivo) {
            return call -> plivo.findCall(call.plivoCallUuid(), call.plivoRequestUuid(), call.phoneNumber(), null,
                    Instant.ofEpochMilli(call.dialedAt()));
        }

        /** Asks the account that placed the call (its client's): another account's records do not hold it. */
        static Lookup perAccount(PlivoAccounts accounts, String apiUrl, java.time.Duration timeout) {
            java.util.Map<String, Lookup> byAccount = new java.util.HashMap<>();
            for (PlivoAccount account : accounts.all()) {
                byAccount.put(account.id(), at(CallLookup.over(account.authId(), account.authToken(), apiUrl, timeout)));
            }
            return call -> {
                PlivoAccount account = accounts.forClient(call.clientId());
                if (account == null) {
                    throw new LookupFailed("no Plivo account for client " + call.clientId());
                }
                return byAccount.get(account.id()).find(call);
            };
        }
    }

    private final Lookup lookup;
    private final KafkaProducer<String, CallEvent> producer;
    private final Topic<String, CallEvent> topic;
    private final ThreadPoolExecutor pool;
    private final Set<String> asking = ConcurrentHashMap.newKeySet();
    private final MeterRegistry metrics;
    private final Timer latency;

    PlivoReconciler(Lookup lookup, KafkaClientProperties kafka, Topic<String, CallEvent> topic, int threads, int queue,
                    MeterRegistry metrics) {
        this.lookup = lookup;
        this.topic = topic;
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(kafka.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // named after the service, so its I/O thread is told apart from the other services' in one JVM
                ProducerConfig.CLIENT_ID_CONFIG, "status-processor-reconciler-" + Long.toHexString(System.nanoTime()))),
                new StringSerializer(), topic.valueSerde().serializer());
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name("plivo-reconciler-", 0).daemon(true).factory());
        this.latency = DialerMeters.latency(metrics, "dialer.status.reconcile.latency",
                "from a call becoming overdue to its record's hangup event published", Duration.ofMillis(10), Duration.ofMinutes(10));
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void check(OverdueCall call) {
        if (!asking.add(call.attemptId())) {
            return; // asked already, the answer is on its way
        }
        try {
            pool.execute(() -> {
                try {
                    reconcile(call);
                } finally {
                    asking.remove(call.attemptId());
                }
            });
        } catch (RejectedExecutionException e) {
            asking.remove(call.attemptId());
            count("dropped");
        }
    }

    private void reconcile(OverdueCall call) {
        try (CallContext context = CallContext.of(call.attemptId(), call.campaignId(), call.clientId())) {
            reconcileNow(call);
        }
    }

    private void reconcileNow(OverdueCall call) {
        Sighting sighting;
        try {
            sighting = lookup.find(call);
        } catch (LookupFailed e) {
            count("lookup_failed");
            LOG.warn("attempt {}: overdue ({}), Plivo lookup failed: {}; asking again at the next check", call.attemptId(),
                    call.state(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            count("lookup_failed");
            LOG.warn("attempt {}: overdue, lookup failed", call.attemptId(), e);
            return;
        }
        switch (sighting) {
            case Sighting.Ended ended -> {
                CallEvent hangup = RecordedHangup.of(call, ended.detail(), Instant.now());
                producer.send(new ProducerRecord<>(topic.name(), call.attemptId(), hangup), (meta, error) -> {
                    if (error != null) {
                        count("publish_failed");
                        LOG.warn("attempt {}: cannot publish its recorded hangup ({}); asking again at the next check",
                                call.attemptId(), error.toString());
                        return;
                    }
                    count("settled_from_record");
                    latency.record(Math.max(0, System.currentTimeMillis() - call.overdueSince()), TimeUnit.MILLISECONDS);
                });
                // "settle: overdue ..." lines are counted by the reliability suite: the time from the call's end to now
                Instant callEnded = ended.detail().endTime() != null ? ended.detail().endTime() : Instant.ofEpochMilli(call.overdueSince());
                LOG.info("attempt {}: no hangup callback came ({}); settled {} from Plivo's record of call {}; "
                                + "settle: overdue from-record in {} ms", call.attemptId(), call.state(), hangup.getStatus(),
                        ended.detail().callUuid(), Math.max(0, java.time.Duration.between(callEnded, Instant.now()).toMillis()));
            }
            case Sighting.Live l -> count("live");
            case Sighting.Queued q -> count("queued");
            case Sighting.NotFound n -> count("not_found");
        }
    }

    private void count(String result) {
        metrics.counter("dialer.status.reconcile", "result", result).increment();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
