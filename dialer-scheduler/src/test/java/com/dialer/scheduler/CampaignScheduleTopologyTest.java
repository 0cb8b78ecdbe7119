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

import org.junit.jupiter.api.Test;

import com.dialer.avro.CallOutcome;
import com.dialer.avro.CampaignStatus;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.DialRequest;
import com.dialer.avro.Disposition;
import com.dialer.avro.RetryPolicy;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.state.ratelimit.RateLimit;

/** A campaign's startAt and endAt and its client's holidays, on the driver's wall clock. */
class CampaignScheduleTopologyTest {
    private static final RateLimit TEN_PER_SECOND = RateLimit.perMinute(600, 5);

    /** Moves the clock to {@code at} and runs a second of ticks there; what was released meanwhile. */
    private static List<String> releasedBy(SchedulerFixture f, Instant at) {
        f.jump(Duration.between(f.now(), at));
        f.advance(Duration.ofSeconds(1));
        return f.released().stream().map(r -> r.getContactId() + "#" + r.getAttemptNumber()).toList();
    }

    @Test
    void waitsForStartAtThenSkipsTheHolidayInEachContactsZoneAcrossTheFallBack() {
        // Saturday 2026-10-31; London has fallen back (GMT), New York falls back on the holiday itself, Kolkata has no DST
        Instant saturday = Instant.parse("2026-10-31T20:00:00Z");
        try (SchedulerFixture f = new SchedulerFixture(saturday, TEN_PER_SECOND, Map.of("CLIENT_HOLIDAYS", "acme=2026-11-01",
                "SUMMARY_INTERVAL_MS", "1000"))) {
            f.create("c1", "acme", settings(600).setCallingWindow(window(LocalTime.of(9, 0), LocalTime.of(17, 0)))
                    .setRetryPolicy(retryBusy(rule(3600, 2))).setStartAt(Instant.parse("2026-10-31T20:30:00Z")).build());
            f.contact("c1", "ny", number(1), "America/New_York");      // 16:00 EDT: the window is open
            f.contact("c1", "london", number(2), "Europe/London");     // 20:00 GMT: closed
            f.contact("c1", "kolkata", number(3), "Asia/Kolkata");     // 01:30 IST on the holiday
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).as("before startAt").isEmpty();
            assertThat(f.summaries.readValuesToList()).last().satisfies(s -> assertThat(s.getWaiting()).containsExactly(Map.entry("SCHEDULE", 3L)));

            assertThat(releasedBy(f, Instant.parse("2026-10-31T20:29:58Z"))).isEmpty();
            f.advance(Duration.ofSeconds(1));
            List<DialRequest> first = f.released();
            assertThat(first).extracting(DialRequest::getContactId).containsExactly("ny");

            // busy at 16:31 EDT: the retry is due at 17:31, after the window; the next day is the holiday
            f.outcome(first.get(0), Disposition.BUSY);
            f.summaries.readValuesToList();
            f.advance(Duration.ofSeconds(1));
            assertThat(f.summaries.readValuesToList()).last().satisfies(s -> {
                assertThat(s.getWaiting()).containsEntry("HOLIDAY", 2L);
                assertThat(s.getNextWindowOpensAt()).isEqualTo(Instant.parse("2026-11-02T03:30:00Z"));
            });

            // Sunday 1 November, from Saturday evening UTC to 03:00Z Monday: nothing goes out
            for (int hour = 0; hour < 28; hour++) {
                assertThat(releasedBy(f, Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofHours(hour))))
                        .as("hour %d", hour).isEmpty();
            }
            // Monday 09:00 IST = 03:30Z, 09:00 GMT = 09:00Z, 09:00 EST = 14:00Z (it was 13:00Z before the fall-back)
            assertThat(releasedBy(f, Instant.parse("2026-11-02T03:29:00Z"))).isEmpty();
            assertThat(releasedBy(f, Instant.parse("2026-11-02T03:30:00Z"))).containsExactly("kolkata#1");
            assertThat(releasedBy(f, Instant.parse("2026-11-02T08:59:00Z"))).isEmpty();
            assertThat(releasedBy(f, Instant.parse("2026-11-02T09:00:00Z"))).containsExactly("london#1");
            assertThat(releasedBy(f, Instant.parse("2026-11-02T13:00:00Z"))).isEmpty();
            assertThat(releasedBy(f, Instant.parse("2026-11-02T13:59:00Z"))).isEmpty();
            assertThat(releasedBy(f, Instant.parse("2026-11-02T14:00:00Z"))).containsExactly("ny#2");
        }
    }

    @Test
    void aRegionalHolidayHoldsOnlyNumbersOfItsCountryUntilTheirMidnight() {
        // 2026-08-15 is a holiday for Indian numbers only; 19:00Z is 00:30 IST on the 15th, 20:00 in London
        try (SchedulerFixture f = new SchedulerFixture(Instant.parse("2026-08-14T19:00:00Z"), TEN_PER_SECOND,
                Map.of("CLIENT_HOLIDAYS", "acme=2026-08-15@IN"))) {
            f.create("c1", "acme", settings(600).build());
            f.contact("c1", "in", "+919876543210", "Asia/Kolkata");
            f.contact("c1", "us", number(1), "Asia/Kolkata");
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).extracting(DialRequest::getContactId).containsExactly("us");
            // midnight IST on the 16th
            assertThat(releasedBy(f, Instant.parse("2026-08-15T18:29:00Z"))).isEmpty();
            assertThat(releasedBy(f, Instant.parse("2026-08-15T18:30:00Z"))).containsExactly("in#1");
        }
    }

    @Test
    void pastEndAtNothingStartsLiveCallsFinishAndEveryUnfinishedContactEndsExpired() {
        Instant monday = Instant.parse("2026-03-02T12:00:00Z");
        Instant endAt = monday.plusSeconds(10);
        try (SchedulerFixture f = new SchedulerFixture(monday, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(60).setRetryPolicy(retryBusy(rule(60, 3))).setEndAt(endAt).build());
            for (int i = 0; i < 20; i++) {
                f.contact("c1", "k" + i, number(i));
            }
            f.advance(Duration.ofSeconds(5));
            List<DialRequest> live = f.released();
            assertThat(live).hasSizeBetween(3, 10);
            // one busy before the end: its retry waits, and expires with the rest
            f.outcome(live.get(0), Disposition.BUSY);

            f.advance(Duration.ofMillis(4900));
            List<DialRequest> later = f.released();
            assertThat(later).allSatisfy(r -> assertThat(r.getReleasedAt()).isBefore(endAt));
            List<DialRequest> stillLive = new java.util.ArrayList<>(live.subList(1, live.size()));
            stillLive.addAll(later);
            assertThat(f.outcomesOut.readValuesToList()).isEmpty();

            f.advance(Duration.ofSeconds(2));
            assertThat(f.released()).as("past endAt").isEmpty();
            List<CallOutcome> expired = f.outcomesOut.readValuesToList();
            assertThat(expired).hasSize(20 - stillLive.size()).allSatisfy(o -> {
                assertThat(o.getDisposition()).isEqualTo(Disposition.EXPIRED);
                assertThat(o.getAttemptNumber()).isZero();
                assertThat(o.getReason()).isEqualTo("campaign ended at " + endAt);
            });
            assertThat(expired).extracting(CallOutcome::getContactId).contains(live.get(0).getContactId());
            assertThat(f.summaries.isEmpty()).as("live calls not back yet").isTrue();

            // the live calls finish normally; one that would be retried ends EXPIRED instead
            f.outcome(stillLive.get(0), Disposition.BUSY);
            for (DialRequest request : stillLive.subList(1, stillLive.size())) {
                f.outcome(request, Disposition.ANSWERED);
            }
            assertThat(f.outcomesOut.readValuesToList()).singleElement()
                    .satisfies(o -> assertThat(o.getDisposition()).isEqualTo(Disposition.EXPIRED));
            CampaignSummary summary = f.summaries.readValue();
            assertThat(summary.getStatus()).isEqualTo(CampaignStatus.COMPLETED);
            assertThat(summary.getContactsFinished()).isEqualTo(20);
            assertThat(summary.getDispositions()).containsOnly(
                    Map.entry("EXPIRED", (long) (20 - stillLive.size() + 1)),
                    Map.entry("ANSWERED", (long) (stillLive.size() - 1)));

            // a contact that arrives after the end is never called
            f.contact("c1", "late", number(99));
            f.advance(Duration.ofSeconds(1));
            assertThat(f.released()).isEmpty();
            assertThat(f.outcomesOut.readValuesToList()).singleElement()
                    .satisfies(o -> assertThat(o.getDisposition()).isEqualTo(Disposition.EXPIRED));
            assertThat(f.summaries.readValuesToList()).last().satisfies(s -> {
                assertThat(s.getStatus()).isEqualTo(CampaignStatus.COMPLETED);
                assertThat(s.getDispositions()).containsEntry("EXPIRED", (long) (20 - stillLive.size() + 2));
            });
        }
    }

    @Test
    void aPausedCampaignPastItsEndExpiresToo() {
        Instant monday = Instant.parse("2026-03-02T12:00:00Z");
        try (SchedulerFixture f = new SchedulerFixture(monday, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).setEndAt(monday.plusSeconds(60)).build());
            f.command("c1", "acme", com.dialer.avro.CommandType.PAUSE);
            f.contact("c1", "k1", number(1));
            f.jump(Duration.ofSeconds(60));
            f.advance(Duration.ofMillis(200));
            assertThat(f.released()).isEmpty();
            assertThat(f.outcomesOut.readValuesToList()).extracting(CallOutcome::getDisposition).containsExactly(Disposition.EXPIRED);
            assertThat(f.summaries.readValue().getStatus()).isEqualTo(CampaignStatus.COMPLETED);
        }
    }

    @Test
    void deadLettersACampaignWhoseEndIsNotAfterItsStart() {
        Instant monday = Instant.parse("2026-03-02T12:00:00Z");
        try (SchedulerFixture f = new SchedulerFixture(monday, TEN_PER_SECOND)) {
            f.create("c1", "acme", settings(600).setStartAt(monday.plusSeconds(60)).setEndAt(monday.plusSeconds(60)).build());
            assertThat(f.dlq(f.topics.campaignCommands()).readRecordsToList()).singleElement()
                    .satisfies(r -> assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                            StandardCharsets.UTF_8)).isEqualTo("settings.endAt (2026-03-02T12:01:00Z) must be after "
                            + "settings.startAt (2026-03-02T12:01:00Z)"));
        }
    }

    private static RetryPolicy retryBusy(com.dialer.avro.RetryRule busy) {
        return RetryPolicy.newBuilder().setBusy(busy).setNoAnswer(rule(60, 1)).setFailed(rule(60, 1))
                .setMachine(rule(60, 1)).build();
    }
}
