package com.dialer.bench.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Bucket4j's distributed token bucket on Redis through its Lettuce proxy manager (compare-and-swap:
 * read the state, compute on the client's clock, write it back if unchanged, retry otherwise).
 * Capacity = burst and a greedy refill of L per minute: the same "burst + t·rate" bound as GCRA.
 */
final class Bucket4jStarts implements StartLimiter {
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final BucketProxy bucket;
    private final RoundTripCounter roundTrips = new RoundTripCounter();

    Bucket4jStarts(LimiterSpec spec) {
        client = RedisClient.create(spec.redisUri());
        client.addListener(roundTrips);
        connection = client.connect(ByteArrayCodec.INSTANCE);
        var proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(90)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(spec.burst()).refillGreedy(spec.permitsPerMinute(), Duration.ofMinutes(1)).build())
                .build();
        bucket = proxies.getProxy(spec.key().getBytes(StandardCharsets.UTF_8), () -> configuration);
    }

    @Override
    public Try tryStart() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Try.GRANTED : Try.refused(probe.getNanosToWaitForRefill());
    }

    @Override
    public long roundTrips() {
        return roundTrips.count();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
