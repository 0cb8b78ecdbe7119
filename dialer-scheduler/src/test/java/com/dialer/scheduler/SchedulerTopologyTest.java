package com.dialer.scheduler;

import static com.dialer.scheduler.SchedulerFixture.number;
import static com.dialer.scheduler.SchedulerFixture.rule;
import static com.dialer.scheduler.SchedulerFixture.settings;
import static com.dialer.scheduler.SchedulerFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallStatus;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.CommandType;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.avro.DncEntry;
import com.dialer.avro.RetryPolicy;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.state.ratelimit.RateLimit;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

class SchedulerTopologyTest {
    private static final Instant MONDAY_NOON_UTC = Instant.parse("2026-03-02T12:00:00Z");
    private static final RateLimit TEN_PER_SECOND = RateLimit.perMinute(600, 5);

    @Test
    void releasesAtTheGlobalRateAndNeverAboveRateTimesWindowPlusBurst() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(60_000).build());
            for (int i = 0; i < 500; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(30));

            List<DialRequest> released = f.released();
            // 30 s at 10/s plus the burst of 5
            assertThat(released.size()).isBetween(285, 305);
            List<Long> times = released.stream().map(r -> r.getReleasedAt().toEpochMilli()).sorted().toList();
            for (int i = 0; i < times.size(); i++) {
                long start = times.get(i);
                long inWindow = times.stream().filter(t -> t >= start && t < start + 1000).count();
                assertThat(inWindow).isLessThanOrEqualTo(10 + 5);
            }
        }
    }

    @Test
    void anIdleTaskAsksRedisNothingAndWithdrawsItsWeightOnceWhenItsLastCampaignStops() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.advance(Duration.ofSeconds(10));
            assertThat(f.limitReads.get()).as("limit reads with no campaign").isZero();
            assertThat(f.postedWeights).as("weights posted with no campaign").isEmpty();

            f.create("c1", "acme", settings(60_000).build());
            for (int i = 0; i < 50; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(2));
            assertThat(f.released()).isNotEmpty();
            assertThat(f.limitReads.get()).isPositive();
            assertThat(f.postedWeights).last().isEqualTo(1.0);

            f.command("c1", "acme", com.dialer.avro.CommandType.PAUSE);
            f.advance(Duration.ofSeconds(1));
            long reads = f.limitReads.get();
            int posts = f.postedWeights.size();
            assertThat(f.postedWeights).as("its weight withdrawn").last().isEqualTo(0.0);
            f.advance(Duration.ofSeconds(10));
            assertThat(f.limitReads.get()).as("limit reads once paused").isEqualTo(reads);
            assertThat(f.postedWeights).as("weights posted once paused").hasSize(posts);

            f.command("c1", "acme", com.dialer.avro.CommandType.RESUME);
            f.released();
            f.advance(Duration.ofSeconds(2));
            assertThat(f.released()).as("releases again on resume").isNotEmpty();
        }
    }

    @Test
    void givesEveryReleaseADeterministicAttemptIdAndTheExecutorsSettings() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).setRingTimeoutSeconds(25).setTimeLimitSeconds(900).build());
            f.contact("c1", "k1", "(201) 200-0001", "America/New_York");
            f.advance(Duration.ofSeconds(1));

            DialRequest request = f.released().get(0);
            assertThat(request.getAttemptId()).isEqualTo("c1:k1:1");
            assertThat(request.getPhoneNumber()).isEqualTo("+12012000001");
            assertThat(request.getClientId()).isEqualTo("acme");
            assertThat(request.getTimeZone()).isEqualTo("America/New_York");
            assertThat(request.getRingTimeoutSeconds()).isEqualTo(25);
            assertThat(request.getTimeLimitSeconds()).isEqualTo(900);
            assertThat(request.getCallerId()).isEqualTo("+12015550100");
        }
    }

    @Test
    void aCampaignsCallerIdPoolTravelsWithItsDialRequestsForTheExecutorToPickFrom() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).setCallerId("").setCallerIdPool("local").build());
            f.contact("c1", "k1", "(201) 200-0001", "America/New_York");
            f.advance(Duration.ofSeconds(1));

            DialRequest request = f.released().get(0);
            assertThat(request.getCallerIdPool()).isEqualTo("local");
            assertThat(request.getCallerId()).isEmpty();
        }
    }

    @Test
    void appliesARaisedGlobalLimitWithoutARestart() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, RateLimit.perMinute(60, 1))) {
            f.create("c1", "acme", settings(60_000).build());
            for (int i = 0; i < 200; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(10));
            assertThat(f.released().size()).isBetween(9, 11);

            f.globalLimit.set(RateLimit.perMinute(600, 1));
            f.advance(Duration.ofSeconds(10));
            assertThat(f.released().size()).isBetween(95, 101);
        }
    }

    @Test
    void sharesTheGlobalBudgetOneToThreeByWeight() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("small", "acme", settings(60_000).setWeight(1).build());
            f.create("large", "acme", settings(60_000).setWeight(3).build());
            for (int i = 0; i < 400; i++) {
                f.contact("small", "s" + i, number(i));
                f.contact("large", "l" + i, number(10_000 + i));
            }
            f.advance(Duration.ofSeconds(40));

            Map<String, Long> byCampaign = f.released().stream()
                    .collect(Collectors.groupingBy(DialRequest::getCampaignId, Collectors.counting()));
            double ratio = (double) byCampaign.get("large") / byCampaign.get("small");
            assertThat(byCampaign.get("small") + byCampaign.get("large")).isBetween(380L, 410L);
            assertThat(ratio).isBetween(2.7, 3.3);
        }
    }

    @Test
    void aSmallCampaignIsServedAtOnceBesideAHugeOne() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("huge", "acme", settings(60_000).setWeight(1).build());
            for (int i = 0; i < 2000; i++) {
                f.contact("huge", "h" + i, number(i));
            }
            f.advance(Duration.ofSeconds(5));
            f.create("tiny", "acme", settings(60_000).setWeight(1).build());
            for (int i = 0; i < 5; i++) {
                f.contact("tiny", "t" + i, number(50_000 + i));
            }
            f.released();
            f.advance(Duration.ofSeconds(2));

            assertThat(f.released().stream().filter(r -> r.getCampaignId().equals("tiny"))).hasSize(5);
        }
    }

    @Test
    void pauseStopsReleasesAtOnceAndResumeContinues() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(60_000).build());
            for (int i = 0; i < 100; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(2));
            int before = f.released().size();
            assertThat(before).isPositive();

            f.command("c1", "acme", CommandType.PAUSE);
            f.advance(Duration.ofSeconds(5));
            assertThat(f.released()).isEmpty();

            f.command("c1", "acme", CommandType.RESUME);
            f.advance(Duration.ofSeconds(2));
            assertThat(f.released()).isNotEmpty();
        }
    }

    @Test
    void cancelFinishesEveryPendingContactAsCancelledAndCompletesWhenTheLiveOnesReturn() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(60_000).build());
            for (int i = 0; i < 20; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofMillis(300));
            List<DialRequest> live = f.released();
            assertThat(live).isNotEmpty().hasSizeLessThan(20);

            f.command("c1", "acme", CommandType.CANCEL);
            List<CallOutcome> cancelled = f.outcomesOut.readValuesToList();
            assertThat(cancelled).hasSize(20 - live.size())
                    .allSatisfy(o -> {
                        assertThat(o.getDisposition()).isEqualTo(Disposition.CANCELLED);
                        assertThat(o.getAttemptNumber()).isZero();
                        assertThat(o.getAttemptId()).isEqualTo("c1:" + o.getContactId() + ":0");
                    });
            assertThat(f.summaries.isEmpty()).isTrue();
            f.advance(Duration.ofSeconds(2));
            assertThat(f.released()).isEmpty();

            // a busy live attempt is not retried after a cancel
            for (DialRequest request : live) {
                f.outcome(request, Disposition.BUSY);
            }
            assertThat(f.outcomesOut.readValuesToList()).extracting(CallOutcome::getDisposition)
                    .containsOnly(Disposition.CANCELLED).hasSize(live.size());
            CampaignSummary summary = f.summaries.readValue();
            assertThat(summary.getStatus()).isEqualTo(CampaignStatus.CANCELLED);
            assertThat(summary.getContactsFinished()).isEqualTo(20);
            assertThat(summary.getDispositions()).containsEntry("CANCELLED", 20L);
        }
    }

    @Test
    void holdsContactsUntilTheirLocalWindowOpensAcrossTimeZonesAndTheDstChange() {
        // 2026-03-08: the US springs forward at 02:00 local; New York is UTC-4 from then on
        Instant sundayNoonUtc = Instant.parse("2026-03-08T12:00:00Z");
        try (SchedulerFixture f = new SchedulerFixture(sundayNoonUtc, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).setCallingWindow(window(LocalTime.of(9, 0), LocalTime.of(17, 0))).build());
            f.contact("c1", "ny", number(1), "America/New_York");     // 08:00 EDT: closed
            f.contact("c1", "tokyo", number(2), "Asia/Tokyo");       // 21:00 JST: closed
            f.contact("c1", "london", number(3), "Europe/London");   // 12:00 GMT: open
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("london");

            // 12:59Z is 08:59 EDT (it would be 07:59 had the clock not changed)
            f.jump(Duration.ofMinutes(59));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).isEmpty();
            f.jump(Duration.ofMinutes(1));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("ny");

            // Tokyo opens at 09:00 JST = 00:00Z the next day
            f.jump(Duration.ofHours(10).plusMinutes(58));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).isEmpty();
            f.jump(Duration.ofMinutes(2));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("tokyo");
        }
    }

    @Test
    void neverReleasesDncNumbersGloballyOrForTheClientAndFinishesThemAsDnc() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.dnc.pipeInput(number(1), dnc(number(1), null));
            f.dnc.pipeInput("acme|" + number(2), dnc(number(2), "acme"));
            f.dnc.pipeInput("other|" + number(3), dnc(number(3), "other"));
            f.create("c1", "acme", settings(600).build());
            f.contact("c1", "global", number(1));
            f.contact("c1", "own", number(2));
            f.contact("c1", "others", number(3));
            f.contact("c1", "late", number(4));
            // listed after the contact came in, before its release
            f.dnc.pipeInput(number(4), dnc(number(4), null));
            f.advance(Duration.ofSeconds(2));

            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("others");
            assertThat(f.outcomesOut.readValuesToList())
                    .allSatisfy(o -> assertThat(o.getDisposition()).isEqualTo(Disposition.DNC))
                    .extracting(CallOutcome::getContactId).containsExactlyInAnyOrder("global", "own", "late");
        }
    }

    @Test
    void retriesBusyAfterThePolicyDelayUntilMaxAttemptsThenFinalisesAsBusy() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            var retry = rule(120, 2);
            f.create("c1", "acme", settings(600).setRetryPolicy(RetryPolicy.newBuilder().setBusy(retry)
                    .setNoAnswer(retry).setFailed(retry).setMachine(retry).build()).build());
            f.contact("c1", "k1", number(1));
            f.advance(Duration.ofSeconds(1));
            DialRequest first = f.released().get(0);

            f.outcome(first, Disposition.BUSY);
            f.advance(Duration.ofSeconds(110));
            assertThat(f.released()).isEmpty();
            f.advance(Duration.ofSeconds(11));
            DialRequest second = f.released().get(0);
            assertThat(second.getAttemptId()).isEqualTo("c1:k1:2");
            assertThat(second.getAttemptNumber()).isEqualTo(2);

            f.outcome(first, Disposition.BUSY); // a late duplicate of the first outcome changes nothing
            f.outcome(second, Disposition.BUSY);
            CallOutcome last = f.outcomesOut.readValue();
            assertThat(last.getDisposition()).isEqualTo(Disposition.BUSY);
            assertThat(last.getAttemptId()).isEqualTo("c1:k1:0");
            assertThat(last.getReason()).contains("retries exhausted after 2 attempts");
            assertThat(f.outcomesOut.isEmpty()).isTrue();
            CampaignSummary summary = f.summaries.readValue();
            assertThat(summary.getStatus()).isEqualTo(CampaignStatus.COMPLETED);
            assertThat(summary.getAttempts()).isEqualTo(2);
        }
    }

    @Test
    void completesTheCampaignOnceEveryContactHasOneFinalDisposition() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).build());
            f.contact("c1", "good", number(1));
            f.contact("c1", "good", number(1));            // the same contact twice: dialed once
            f.contact("c1", "twin", number(1));            // the same number again: dialed once
            f.contact("c1", "bad", "12");
            f.advance(Duration.ofSeconds(2));
            List<DialRequest> released = f.released();
            assertThat(released).hasSize(1);
            assertThat(f.summaries.isEmpty()).isTrue();

            f.outcome(released.get(0), Disposition.ANSWERED);
            Map<String, Disposition> finals = f.outcomesOut.readValuesToList().stream()
                    .collect(Collectors.toMap(CallOutcome::getContactId, CallOutcome::getDisposition));
            assertThat(finals).containsOnly(Map.entry("twin", Disposition.INVALID), Map.entry("bad", Disposition.INVALID));
            CampaignSummary summary = f.summaries.readValue();
            assertThat(summary.getStatus()).isEqualTo(CampaignStatus.COMPLETED);
            assertThat(summary.getContacts()).isEqualTo(3);
            assertThat(summary.getContactsFinished()).isEqualTo(3);
            assertThat(summary.getDispositions()).containsOnly(Map.entry("ANSWERED", 1L), Map.entry("INVALID", 2L));
        }
    }

    @Test
    void neverHasTwoLiveAttemptsToOneNumberAcrossAClientsCampaigns() {
        Map<String, String> rules = Map.of("RECIPIENT_MIN_GAP_SECONDS", "300", "RECIPIENT_MAX_CALLS", "2",
                "RECIPIENT_PERIOD_HOURS", "24");
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND, rules)) {
            f.create("a", "acme", settings(600).build());
            f.create("b", "acme", settings(600).build());
            f.create("c", "acme", settings(600).build());
            f.contact("a", "k", number(1));
            f.contact("b", "k", number(1));
            f.contact("c", "k", number(1));
            f.advance(Duration.ofSeconds(5));
            List<DialRequest> first = f.released();
            assertThat(first).hasSize(1);

            f.outcome(first.get(0), Disposition.ANSWERED);
            f.advance(Duration.ofSeconds(60));
            assertThat(f.released()).as("minimum re-call gap").isEmpty();
            f.jump(Duration.ofSeconds(240));
            f.advance(Duration.ofSeconds(1));
            List<DialRequest> second = f.released();
            assertThat(second).hasSize(1);

            f.outcome(second.get(0), Disposition.ANSWERED);
            f.jump(Duration.ofMinutes(10));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).as("two calls per 24 h").isEmpty();
            f.jump(Duration.ofHours(24));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).hasSize(1);
        }
    }

    @Test
    void releasesNothingForAClientAtItsCapUntilSlotsFree() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.clientLoads.put("acme", new ClientLoad(3, 3, null));
            f.create("c1", "acme", settings(600).build());
            for (int i = 0; i < 10; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(3));
            assertThat(f.released()).isEmpty();

            f.clientLoads.put("acme", new ClientLoad(1, 3, null));
            f.advance(Duration.ofMillis(100));
            f.clientLoads.put("acme", new ClientLoad(3, 3, null));
            f.advance(Duration.ofSeconds(3));
            assertThat(f.released()).hasSize(2);
        }
    }

    @Test
    void metersTheRateUsedAgainstTheLimitEachClientsLiveCallsAgainstItsCapAndDeadLettersByKind() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.clientLoads.put("acme", new ClientLoad(2, 7, null));
            f.rawContacts.pipeInput("c1", "not avro".getBytes(StandardCharsets.UTF_8));
            f.commands.pipeInput("c2", f.command("c2", "acme", CommandType.CREATE, null));
            f.create("c1", "acme", settings(600).build());
            for (int i = 0; i < 3; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(1));

            assertThat(f.released()).hasSize(3);
            assertThat(f.metrics.get("dialer.scheduler.released").tag("client", "acme").counter().count()).isEqualTo(3.0);
            assertThat(f.metrics.get("dialer.rate.limit.per.minute").gauge().value()).isEqualTo(600.0);
            assertThat(f.metrics.get("dialer.client.calls.live").tag("client", "acme").gauge().value()).isEqualTo(2.0);
            assertThat(f.metrics.get("dialer.client.cap").tag("client", "acme").gauge().value()).isEqualTo(7.0);
            assertThat(f.metrics.get("dialer.dlq.records").tag("topic", "campaign-contacts")
                    .tag("failure", "AvroDecodingException").counter().count()).isEqualTo(1.0);
            assertThat(f.metrics.get("dialer.dlq.records").tag("topic", "campaign-commands")
                    .tag("failure", "validation").tag("service", "dialer-scheduler").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void sendsMalformedRecordsToTheDlqWithTheReasonAndKeepsRunning() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.rawContacts.pipeInput("c1", "not avro".getBytes(StandardCharsets.UTF_8));
            f.commands.pipeInput("c2", f.command("c2", "acme", CommandType.CREATE, null));
            f.contacts.pipeInput("elsewhere", com.dialer.avro.Contact.newBuilder().setCampaignId("c1")
                    .setContactId("k9").setPhoneNumber(number(9)).setCreatedAt(Instant.EPOCH).build());
            f.create("c1", "acme", settings(600).build());
            f.contact("c1", "k1", number(1));
            f.advance(Duration.ofSeconds(1));

            assertThat(f.released()).hasSize(1);
            TestRecord<String, byte[]> badContact = f.dlq(f.topics.campaignContacts()).readRecord();
            assertThat(header(badContact, DeadLetterHeaders.REASON)).contains("not Avro single-object encoding");
            assertThat(header(badContact, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("campaign-contacts");
            assertThat(header(badContact, DeadLetterHeaders.SERVICE)).isEqualTo("dialer-scheduler");
            assertThat(new String(badContact.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            assertThat(header(f.dlq(f.topics.campaignContacts()).readRecord(), DeadLetterHeaders.REASON))
                    .isEqualTo("record key 'elsewhere' is not its campaignId 'c1'");
            TestRecord<String, byte[]> badCommand = f.dlq(f.topics.campaignCommands()).readRecord();
            assertThat(header(badCommand, DeadLetterHeaders.REASON)).isEqualTo("CREATE needs settings");
        }
    }

    @Test
    void deadLettersACampaignWhoseWarmUpOrBotUrlIsOutsideTheAllowList() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND, Map.of("OUTBOUND_URL_HOSTS", "*.bots.example.com"))) {
            f.create("ssrf", "acme", settings(600).setAnswer(com.dialer.avro.AnswerSettings.newBuilder()
                    .setWarmupUrl("https://169.254.169.254/latest/meta-data/").build()).build());
            f.create("plain", "acme", settings(600).setAnswer(com.dialer.avro.AnswerSettings.newBuilder()
                    .setBotStreamUrl("ws://eu.bots.example.com/s").build()).build());
            f.create("elsewhere", "acme", settings(600).setAnswer(com.dialer.avro.AnswerSettings.newBuilder()
                    .setBotStreamUrl("wss://evil.example.net/s").build()).build());
            f.create("fine", "acme", settings(600).setAnswer(com.dialer.avro.AnswerSettings.newBuilder()
                    .setWarmupUrl("https://eu.bots.example.com/warm").setBotStreamUrl("wss://eu.bots.example.com/s").build()).build());

            assertThat(f.dlq(f.topics.campaignCommands()).readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("settings.answer.warmupUrl host 169.254.169.254 is not allowed (OUTBOUND_URL_HOSTS)",
                            "settings.answer.botStreamUrl scheme ws is not allowed (OUTBOUND_URL_SCHEMES: https,wss)",
                            "settings.answer.botStreamUrl host evil.example.net is not allowed (OUTBOUND_URL_HOSTS)");
        }
    }

    @Test
    void aPremiumRateNumberEndsInvalidWithTheReasonAndIsNeverDialed() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).build());
            f.contact("c1", "premium", NumberPolicyTest.example("GB", PhoneNumberType.PREMIUM_RATE));
            f.contact("c1", "shared", NumberPolicyTest.example("FR", PhoneNumberType.SHARED_COST));
            f.contact("c1", "good", number(1));
            f.advance(Duration.ofSeconds(2));

            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("good");
            Map<String, String> reasons = f.outcomesOut.readValuesToList().stream()
                    .peek(o -> assertThat(o.getDisposition()).isEqualTo(Disposition.INVALID))
                    .collect(Collectors.toMap(CallOutcome::getContactId, o -> String.valueOf(o.getReason())));
            assertThat(reasons.get("premium")).contains("number type PREMIUM_RATE not allowed for client acme");
            assertThat(reasons.get("shared")).contains("number type SHARED_COST");
        }
    }

    @Test
    void contactsBeforeTheCreateLeaveTheCampaignToTheClientOfItsFirstCreate() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            for (int i = 0; i < 5; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.create("c1", "acme", settings(60_000).build());
            f.command("c1", "rival", CommandType.CANCEL);
            f.advance(Duration.ofSeconds(2));

            assertThat(f.dlq(f.topics.campaignCommands()).readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("CANCEL for campaign 'c1' from client 'rival': the campaign belongs to another client");
            assertThat(f.released()).hasSize(5).allSatisfy(r -> assertThat(r.getClientId()).isEqualTo("acme"));
        }
    }

    @Test
    void anotherClientsCommandsForACampaignAreDeadLetteredAndChangeNothing() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(60_000).build());
            for (int i = 0; i < 20; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.command("c1", "rival", CommandType.CANCEL);
            f.command("c1", "rival", CommandType.PAUSE);
            f.commands.pipeInput("c1", f.command("c1", "rival", CommandType.UPDATE_SETTINGS, settings(60_000)
                    .setCallerId("+14155550199").build()));
            f.advance(Duration.ofSeconds(2));

            assertThat(f.dlq(f.topics.campaignCommands()).readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("CANCEL for campaign 'c1' from client 'rival': the campaign belongs to another client",
                            "PAUSE for campaign 'c1' from client 'rival': the campaign belongs to another client",
                            "UPDATE_SETTINGS for campaign 'c1' from client 'rival': the campaign belongs to another client");
            List<DialRequest> released = f.released();
            assertThat(released).isNotEmpty().allSatisfy(r -> {
                assertThat(r.getClientId()).isEqualTo("acme");
                assertThat(r.getCallerId()).isNotEqualTo("+14155550199");
            });
        }
    }

    @Test
    void deadLettersCommandsAndOutcomesForCampaignsAndContactsItNeverHeardOf() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.command("ghost", "acme", CommandType.PAUSE);
            f.create("c1", "acme", settings(600).build());
            f.outcomesIn.pipeInput("c1", CallOutcome.newBuilder().setAttemptId("c1:nobody:1").setCampaignId("c1")
                    .setClientId("acme").setContactId("nobody").setPhoneNumber(number(1)).setAttemptNumber(1)
                    .setDisposition(Disposition.BUSY).setFinalStatus(CallStatus.BUSY).setDecidedAt(f.now()).build());

            TestRecord<String, byte[]> command = f.dlq(f.topics.campaignCommands()).readRecord();
            assertThat(header(command, DeadLetterHeaders.REASON))
                    .isEqualTo("PAUSE for campaign 'ghost', which has no CREATE and no contacts");
            assertThat(command.key()).isEqualTo("ghost");
            TestRecord<String, byte[]> outcome = f.dlq(f.topics.callOutcomes()).readRecord();
            assertThat(header(outcome, DeadLetterHeaders.REASON)).contains("contact this scheduler never took");
            assertThat(header(outcome, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("call-outcomes");
            assertThat(f.outcomesOut.isEmpty()).isTrue();
        }
    }

    @Test
    void eachSummarySaysWhatTheContactsNotYetCalledWaitFor() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND,
                Map.of("SUMMARY_INTERVAL_MS", "5000", "CLIENT_LIMITS", "full=2"))) {
            // 12:00 UTC is 07:00 in New York: a 09:00-17:00 window opens at 14:00 UTC; London's is open
            f.create("windowed", "acme", settings(600).setCallingWindow(window(LocalTime.of(9, 0), LocalTime.of(17, 0))).build());
            f.contact("windowed", "ny1", number(1), "America/New_York");
            f.contact("windowed", "ny2", number(2), "America/New_York");
            f.contact("windowed", "london", number(3), "Europe/London");
            f.create("capped", "full", settings(600).build());
            f.clientLive.put("full", 2L);
            for (int i = 0; i < 4; i++) {
                f.contact("capped", "k" + i, number(10 + i));
            }
            f.advance(Duration.ofSeconds(5));

            Map<String, CampaignSummary> summaries = f.summaries.readValuesToList().stream()
                    .collect(Collectors.toMap(CampaignSummary::getCampaignId, s -> s, (a, b) -> b));
            assertThat(summaries.get("windowed")).satisfies(s -> {
                assertThat(s.getWaiting()).containsExactly(Map.entry("WINDOW", 2L));
                assertThat(s.getNextWindowOpensAt()).isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
                assertThat(s.getNextWindowZone()).isEqualTo("America/New_York");
            });
            assertThat(summaries.get("capped").getWaiting()).as("due, the client at its cap").containsExactly(Map.entry("SLOT", 4L));

            f.clientLive.put("full", 0L);
            f.advance(Duration.ofSeconds(5));
            assertThat(f.summaries.readValuesToList()).filteredOn(s -> s.getCampaignId().equals("capped")).last()
                    .satisfies(s -> assertThat(s.getWaiting()).isEmpty());
        }
    }

    @Test
    void emitsARunningSummaryEachIntervalOnlyForCampaignsWhoseTotalsChanged() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND,
                Map.of("SUMMARY_INTERVAL_MS", "10000"))) {
            f.create("busy", "acme", settings(600).build());
            f.create("idle", "acme", settings(600).build());
            for (int i = 0; i < 3; i++) {
                f.contact("busy", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(10));
            List<DialRequest> live = f.released();
            // the first interval reports every open campaign once
            Map<String, CampaignSummary> first = f.summaries.readValuesToList().stream()
                    .collect(Collectors.toMap(CampaignSummary::getCampaignId, s -> s));
            assertThat(first).containsOnlyKeys("busy", "idle");
            assertThat(first.get("busy")).satisfies(s -> {
                assertThat(s.getStatus()).isEqualTo(CampaignStatus.RUNNING);
                assertThat(s.getContacts()).isEqualTo(3);
                assertThat(s.getAttempts()).isEqualTo(3);
                assertThat(s.getCompletedAt()).isNull();
            });
            assertThat(first.get("idle").getContacts()).isZero();

            f.advance(Duration.ofSeconds(10));
            assertThat(f.summaries.isEmpty()).as("nothing changed").isTrue();

            f.outcome(live.get(0), Disposition.ANSWERED);
            f.command("busy", "acme", CommandType.PAUSE);
            f.advance(Duration.ofSeconds(10));
            assertThat(f.summaries.readValuesToList()).singleElement().satisfies(s -> {
                assertThat(s.getCampaignId()).isEqualTo("busy");
                assertThat(s.getStatus()).isEqualTo(CampaignStatus.PAUSED);
                assertThat(s.getContactsFinished()).isEqualTo(1);
                assertThat(s.getDispositions()).containsEntry("ANSWERED", 1L);
            });
            f.advance(Duration.ofSeconds(10));
            assertThat(f.summaries.isEmpty()).isTrue();
        }
    }

    @Test
    void readsTheWindowInTheZoneOfTheNumbersAreaCodeAcrossTheDstChange() {
        // Monday 2026-03-09, the day after the US sprang forward: Denver is UTC-6 (MDT) now, while
        // Phoenix keeps MST (UTC-7) all year; New York is UTC-4
        Instant start = Instant.parse("2026-03-09T14:00:00Z");
        try (SchedulerFixture f = new SchedulerFixture(start, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).setCallingWindow(window(LocalTime.of(9, 0), LocalTime.of(17, 0))).build());
            f.contact("c1", "new-york", "+12122000001");
            f.contact("c1", "denver", "+13032000001");
            f.contact("c1", "phoenix", "+16022000001");
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).singleElement().satisfies(r -> {
                assertThat(r.getContactId()).isEqualTo("new-york");
                assertThat(r.getTimeZone()).isEqualTo("America/New_York");
            });

            f.jump(Duration.ofMinutes(58));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).isEmpty();
            f.jump(Duration.ofMinutes(2));
            f.advance(Duration.ofSeconds(1));
            // 15:00Z is 09:00 MDT; it would be 08:00 had Denver not changed its clocks
            assertThat(f.released()).singleElement().satisfies(r -> {
                assertThat(r.getContactId()).isEqualTo("denver");
                assertThat(r.getTimeZone()).isEqualTo("America/Denver");
            });

            f.jump(Duration.ofMinutes(58));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).isEmpty();
            f.jump(Duration.ofMinutes(2));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("phoenix");
        }
    }

    @Test
    void aNumberInSeveralZonesWaitsUntilTheWindowIsOpenInAllAndFallsBackToTheDefaultZoneWhenTheyShareNone() {
        // 208 (Idaho) is Mountain and Pacific time; a toll-free 800 number spans Guam to Newfoundland
        Instant start = Instant.parse("2026-03-09T15:30:00Z");
        try (SchedulerFixture f = new SchedulerFixture(start, TEN_PER_SECOND, Map.of("DEFAULT_TIME_ZONE", "America/Chicago",
                "NUMBER_TYPES", "FIXED_LINE_OR_MOBILE,TOLL_FREE"))) {
            f.create("c1", "acme", settings(600).setCallingWindow(window(LocalTime.of(9, 0), LocalTime.of(17, 0))).build());
            f.contact("c1", "idaho", "+12082000001");      // 09:30 in Boise, 08:30 in Los Angeles
            f.contact("c1", "toll-free", "+18002000001");  // 10:30 in Chicago, the default zone
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).singleElement().satisfies(r -> {
                assertThat(r.getContactId()).isEqualTo("toll-free");
                assertThat(r.getTimeZone()).startsWith("America/");
            });

            f.jump(Duration.ofMinutes(29));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).isEmpty();
            f.jump(Duration.ofMinutes(1));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).singleElement().satisfies(r -> {
                assertThat(r.getContactId()).isEqualTo("idaho");
                assertThat(r.getTimeZone()).isEqualTo("America/Boise");
            });
        }
    }

    @Test
    void takesAClientsCapAndRateFromClientLimitsWhenRedisSetsNone() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND,
                Map.of("CLIENT_LIMITS", "acme=2,slow=100/60"))) {
            f.clientLive.put("acme", 2L);
            f.create("capped", "acme", settings(60_000).build());
            f.create("paced", "slow", settings(60_000).build());
            for (int i = 0; i < 20; i++) {
                f.contact("capped", "a" + i, number(i));
                f.contact("paced", "s" + i, number(100 + i));
            }
            f.advance(Duration.ofSeconds(5));

            Map<String, Long> byCampaign = f.released().stream()
                    .collect(Collectors.groupingBy(DialRequest::getCampaignId, Collectors.counting()));
            assertThat(byCampaign).doesNotContainKey("capped");
            // 60 a minute is one a second: five seconds and the first token
            assertThat(byCampaign.get("paced")).isBetween(5L, 6L);
        }
    }

    @Test
    void aCampaignsCapBoundsItsReleasesTravelsWithEachRequestAndIsMirroredForTheReservation() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND, Map.of("CLIENT_LIMITS", "acme=10"))) {
            f.create("small", "acme", settings(60_000).setConcurrencyCap(2).build());
            f.create("large", "acme", settings(60_000).setConcurrencyCap(50).build());
            for (int i = 0; i < 20; i++) {
                f.contact("small", "s" + i, number(i));
                f.contact("large", "l" + i, number(100 + i));
            }
            f.clientLive.put("acme", 10L);
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).as("the client's cap of 10 binds although its campaigns allow 2 and 50").isEmpty();
            assertThat(f.mirroredCampaignCaps).containsEntry("small", 2).containsEntry("large", 50);

            f.clientLive.put("acme", 0L);
            f.campaignLive.put("small", 2L);
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).as("small is at its cap of 2").isNotEmpty()
                    .allSatisfy(r -> {
                        assertThat(r.getCampaignId()).isEqualTo("large");
                        assertThat(r.getCampaignCap()).isEqualTo(50);
                    });

            f.campaignLive.put("small", 1L);
            f.campaignLive.put("large", 50L);
            f.advance(Duration.ofMillis(100));
            assertThat(f.released()).singleElement().satisfies(r -> {
                assertThat(r.getCampaignId()).isEqualTo("small");
                assertThat(r.getCampaignCap()).isEqualTo(2);
            });
        }
    }

    @Test
    void idsThatCouldAliasAnotherClientsKeysGoToTheDeadLetterTopic() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND)) {
            f.create("ok", "evil}:x", settings(600).build());
            f.create("c{1}", "acme", settings(600).build());
            f.contact("c1", "k:1", number(1));
            assertThat(f.dlq(f.topics.campaignCommands()).readRecordsToList()).hasSize(2)
                    .allSatisfy(d -> assertThat(header(d, DeadLetterHeaders.REASON)).contains("A-Z a-z 0-9 . _ -"));
            assertThat(f.dlq(f.topics.campaignContacts()).readRecordsToList()).singleElement()
                    .satisfies(d -> assertThat(header(d, DeadLetterHeaders.REASON)).contains("contactId 'k:1'"));
        }
    }

    @Test
    void aNumberFreedByItsOutcomeMayBeCalledByAnotherCampaignOnTheNextTick() {
        try (SchedulerFixture f = new SchedulerFixture(MONDAY_NOON_UTC, TEN_PER_SECOND,
                Map.of("RECIPIENT_RECHECK_MS", "500"))) {
            f.create("a", "acme", settings(600).build());
            f.create("b", "acme", settings(600).build());
            f.contact("a", "k", number(1));
            f.contact("b", "k", number(1));
            f.advance(Duration.ofSeconds(1));
            DialRequest first = f.released().get(0);
            assertThat(f.recipients.liveAttempt("acme", number(1))).isEqualTo(first.getAttemptId());

            f.outcome(first, Disposition.NO_ANSWER);
            f.advance(Duration.ofSeconds(1));

            assertThat(f.released()).singleElement().satisfies(r -> assertThat(r.getCampaignId()).isNotEqualTo(first.getCampaignId()));
        }
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static DncEntry dnc(String number, String clientId) {
        return DncEntry.newBuilder().setPhoneNumber(number).setClientId(clientId).setAddedAt(Instant.EPOCH).build();
    }
}
