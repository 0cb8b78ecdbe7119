package com.dialer.state.callerid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.dialer.stack.LocalStack;
import com.dialer.stack.LocalStackExtension;
import com.dialer.state.RedisKeys;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** pick-caller-id.lua and return-caller-id.lua on a real Redis. */
@ExtendWith(LocalStackExtension.class)
class CallerIdsIT {
    /** Each scenario is a client of its own with one pool "p": a number has one daily cap per client. */
    private static final String POOLS = """
            {
              "world": {"p": [
                {"number": "+14155550100", "regions": ["US:415"]},
                {"number": "+12125550111", "regions": ["US:212736"]},
                {"number": "+12125550100", "regions": ["US:212", "US:646"]},
                {"number": "+13105550100", "regions": ["US"]},
                {"number": "+14165550100", "regions": ["CA"]},
                {"number": "+16045550100", "regions": ["CA:604"]},
                {"number": "+442071234567", "regions": ["GB:20"]},
                {"number": "+441611234567", "regions": ["GB:161"]},
                {"number": "+447700900123", "regions": ["GB"]},
                {"number": "+912212345678", "regions": ["IN:22"]},
                {"number": "+911112345678", "regions": ["IN:11"]},
                {"number": "+919820012345", "regions": ["IN"]},
                {"number": "+33142685300", "regions": ["+3314"]},
                {"number": "+12015550100"}
              ]},
              "pair": {"p": [
                {"number": "+14155550100", "regions": ["US:415"]},
                {"number": "+14155550101", "regions": ["US:415"]}
              ]},
              "capped": {"p": [
                {"number": "+14155550100", "regions": ["US:415"], "dailyCap": 1},
                {"number": "+12015550100", "dailyCap": 1}
              ]},
              "ukOnly": {"p": [
                {"number": "+442071234567", "regions": ["GB"]}
              ]},
              "zones": {"p": [
                {"number": "+14155550100", "dailyCap": 1, "timeZone": "Pacific/Kiritimati"},
                {"number": "+12015550100", "dailyCap": 1, "timeZone": "Pacific/Pago_Pago"}
              ]},
              "shared": {"p": [
                {"number": "+14155550100", "dailyCap": 7},
                {"number": "+12015550100", "dailyCap": 5},
                {"number": "+13105550100", "dailyCap": 3}
              ]}
            }""";

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisKeys keys;
    private CallerIds callerIds;
    private final AtomicInteger attempts = new AtomicInteger();

    @BeforeEach
    void connect(LocalStack stack) {
        client = RedisClient.create(stack.redis().uri());
        connection = client.connect();
        keys = new RedisKeys(LocalStack.uniquePrefix("callerid"));
        callerIds = new CallerIds(connection.sync(), keys, CallerIdPools.parse(POOLS), Duration.ofMinutes(5));
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @ParameterizedTest(name = "{0} is called from {1}")
    @CsvSource({
            // US and CA share +1: libphonenumber tells them apart; an area code beats the country
            "+14158671234, +14155550100",
            "+16469061234, +12125550100",
            "+12127363100, +12125550111", // US:212736 is longer than US:212
            "+12129061234, +12125550100",
            "+16174961234, +13105550100", // Boston: no area code of the pool, the US number
            "+14169671111, +14165550100", // Toronto: CA
            "+16046811234, +16045550100", // Vancouver: CA:604 beats CA
            // UK: London and Manchester area codes, else any GB number
            "+442072193000, +442071234567",
            "+441612345678, +441611234567",
            "+441132430000, +447700900123",
            // India: Mumbai and Delhi STD codes, else the IN number
            "+912222621234, +912212345678",
            "+911123456789, +911112345678",
            "+918022123456, +919820012345",
            // an E.164 prefix; elsewhere the default number
            "+33142685301, +33142685300",
            "+61291234567, +12015550100",
    })
    void picksTheNumberWhoseRegionMatchesTheCalleeLongestPrefixFirst(String callee, String expected) {
        assertThat(pick("world", callee)).isEqualTo(new CallerIdPick.Picked(expected, 1));
    }

    @Test
    void picksTheNumberUsedLeastTodayAmongEquallyLocalOnes() {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(((CallerIdPick.Picked) pick("pair", "+14158671234")).e164());
        }

        assertThat(picked).containsExactly("+14155550100", "+14155550101", "+14155550100", "+14155550101");
        assertThat(callerIds.usedToday("pair", pool("pair"))).containsEntry("+14155550100", 2).containsEntry("+14155550101", 2);
    }

    @Test
    void neverPicksANumberAtItsDailyCapAndWaitsWhenEveryCandidateIsAtIt() {
        assertThat(pick("capped", "+14158671234")).isEqualTo(new CallerIdPick.Picked("+14155550100", 1));
        // the local number is at its cap: the pool's default
        assertThat(pick("capped", "+14158671234")).isEqualTo(new CallerIdPick.Picked("+12015550100", 1));

        CallerIdPick third = pick("capped", "+14158671234");

        assertThat(third).isInstanceOfSatisfying(CallerIdPick.AllAtCap.class,
                w -> assertThat(w.dayEndsIn()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1)));
        assertThat(callerIds.usedToday("capped", pool("capped"))).containsEntry("+14155550100", 1).containsEntry("+12015550100", 1);
    }

    @Test
    void aNumberOfAnotherRegionIsNeverPicked() {
        assertThat(pick("ukOnly", "+14158671234")).isInstanceOf(CallerIdPick.NoNumber.class);
        assertThat(callerIds.pick("world", "c:k:1", "nope", "+14158671234")).isInstanceOfSatisfying(CallerIdPick.NoNumber.class,
                n -> assertThat(n.why()).contains("nope", "CALLER_ID_POOLS_FILE"));
    }

    @Test
    void anAttemptKeepsItsPickUncountedAndAPickGivenBackIsFreeAgain() {
        assertThat(callerIds.pick("capped", "c:k:1", "p", "+14158671234")).isEqualTo(new CallerIdPick.Picked("+14155550100", 1));
        // the same attempt again (a retry after its lease ended): the same number, not counted twice
        assertThat(callerIds.pick("capped", "c:k:1", "p", "+14158671234")).isEqualTo(new CallerIdPick.Picked("+14155550100", -1));
        assertThat(callerIds.picked("capped", "c:k:1")).isEqualTo("+14155550100");

        assertThat(callerIds.giveBack("capped", "c:k:1")).isTrue();
        assertThat(callerIds.giveBack("capped", "c:k:1")).isFalse();

        assertThat(callerIds.usedToday("capped", pool("capped"))).containsEntry("+14155550100", 0);
        assertThat(callerIds.pick("capped", "c:k:2", "p", "+14158671234")).isEqualTo(new CallerIdPick.Picked("+14155550100", 1));
    }

    @Test
    void aNumbersDayRollsOverAtItsOwnMidnight() {
        // +14 and -11: the two local dates always differ, whatever the time of the test
        ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
        ZoneId pagoPago = ZoneId.of("Pacific/Pago_Pago");
        long pagoToday = LocalDate.now(pagoPago).toEpochDay();
        connection.sync().hset(keys.callerIdUsage("zones"), "+14155550100", pagoToday + " 1");
        connection.sync().hset(keys.callerIdUsage("zones"), "+12015550100", pagoToday + " 1");

        // Pago Pago's today is an earlier day in Kiritimati: that number's count is yesterday's
        assertThat(pick("zones", "+61291234567")).isEqualTo(new CallerIdPick.Picked("+14155550100", 1));

        CallerIdPick waiting = pick("zones", "+61291234567");

        Duration untilKiritimatiMidnight = Duration.between(ZonedDateTime.now(kiritimati),
                LocalDate.now(kiritimati).plusDays(1).atStartOfDay(kiritimati));
        Duration untilPagoMidnight = Duration.between(ZonedDateTime.now(pagoPago), LocalDate.now(pagoPago).plusDays(1).atStartOfDay(pagoPago));
        Duration first = untilKiritimatiMidnight.compareTo(untilPagoMidnight) < 0 ? untilKiritimatiMidnight : untilPagoMidnight;
        assertThat(waiting).isInstanceOfSatisfying(CallerIdPick.AllAtCap.class,
                w -> assertThat(w.dayEndsIn()).isBetween(first.minusSeconds(5), first.plusSeconds(5)));
    }

    @Test
    void racingPicksNeverTakeANumberPastItsCap() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(8);
        List<Future<CallerIdPick>> picks = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                picks.add(racers.submit(() -> pick("shared", "+14158671234")));
            }
            int picked = 0;
            for (Future<CallerIdPick> f : picks) {
                picked += f.get() instanceof CallerIdPick.Picked ? 1 : 0;
            }
            assertThat(picked).isEqualTo(7 + 5 + 3);
        } finally {
            racers.shutdownNow();
        }
        assertThat(callerIds.usedToday("shared", pool("shared")))
                .containsEntry("+14155550100", 7).containsEntry("+12015550100", 5).containsEntry("+13105550100", 3);
    }

    private CallerIdPick pick(String pool, String callee) {
        return callerIds.pick(pool, "c:k:" + attempts.incrementAndGet(), "p", callee);
    }

    private static CallerIdPool pool(String name) {
        return CallerIdPools.parse(POOLS).pool(name, "p").orElseThrow();
    }
}
