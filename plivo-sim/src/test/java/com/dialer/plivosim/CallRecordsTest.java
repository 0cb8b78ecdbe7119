package com.dialer.plivosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CallRecordsTest {
    private static final String ACCOUNT = SimConfig.DEFAULT_AUTH_ID;
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static CallRecord record(String uuid, String to, String status, long duration, long endSecond) {
        return new CallRecord(uuid, "req-" + uuid, "+14155550100", to, status, "Normal Hangup", 4000, "Callee", duration,
                T0, status.equals("completed") ? T0.plusSeconds(1) : null, T0.plusSeconds(endSecond).plusMillis(700));
    }

    private static CallRecords three() {
        CallRecords records = new CallRecords(100);
        records.add(record("a", "+14155550001", "completed", 30, 10));
        records.add(record("b", "+14155550002", "busy", 0, 20));
        records.add(record("c", "+14155550001", "completed", 90, 30));
        return records;
    }

    private static java.util.List<String> uuids(CallRecords.Page page) {
        return page.records().stream().map(CallRecord::callUuid).toList();
    }

    @Test
    void aListingIsNewestEndFirstAndFiltersByNumberWithOrWithoutPlus() {
        CallRecords records = three();

        assertThat(uuids(records.list(Map.of(), ACCOUNT))).containsExactly("c", "b", "a");
        assertThat(uuids(records.list(Map.of("to_number", "+14155550001"), ACCOUNT))).containsExactly("c", "a");
        assertThat(uuids(records.list(Map.of("to_number", "14155550001"), ACCOUNT))).containsExactly("c", "a");
        assertThat(uuids(records.list(Map.of("from_number", "+14155550999"), ACCOUNT))).isEmpty();
        assertThat(uuids(records.list(Map.of("call_direction", "inbound"), ACCOUNT))).isEmpty();
        assertThat(uuids(records.list(Map.of("call_direction", "outbound"), ACCOUNT))).hasSize(3);
    }

    @Test
    void endTimeFiltersCompareWholeSecondsGivenAsEpochSecondsOrPlivoTimes() {
        CallRecords records = three();
        long t20 = T0.plusSeconds(20).getEpochSecond();

        assertThat(uuids(records.list(Map.of("end_time__gte", Long.toString(t20)), ACCOUNT))).containsExactly("c", "b");
        assertThat(uuids(records.list(Map.of("end_time__gt", Long.toString(t20)), ACCOUNT))).containsExactly("c");
        assertThat(uuids(records.list(Map.of("end_time__lt", Long.toString(t20)), ACCOUNT))).containsExactly("a");
        assertThat(uuids(records.list(Map.of("end_time__lte", "2026-12-07 10:00:20"), ACCOUNT))).containsExactly("b", "a");
        assertThat(uuids(records.list(Map.of("end_time", Long.toString(t20 * 1000)), ACCOUNT))).containsExactly("b");
        assertThat(uuids(records.list(Map.of("bill_duration__gt", "30"), ACCOUNT))).containsExactly("c");
        assertThatThrownBy(() -> records.list(Map.of("end_time__gt", "yesterday"), ACCOUNT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end_time");
    }

    @Test
    void pagesHoldAtMostTwentyAndCountEveryMatch() {
        CallRecords records = new CallRecords(100);
        for (int i = 0; i < 45; i++) {
            records.add(record("r" + i, "+14155550001", "completed", 10, i));
        }

        CallRecords.Page last = records.list(Map.of("offset", "40"), ACCOUNT);
        assertThat(last.total()).isEqualTo(45);
        assertThat(uuids(last)).containsExactly("r4", "r3", "r2", "r1", "r0");
        assertThat(records.list(Map.of("limit", "5", "offset", "5"), ACCOUNT).records()).hasSize(5);
        assertThatThrownBy(() -> records.list(Map.of("limit", "21"), ACCOUNT)).hasMessageContaining("limit");
    }

    @Test
    void theOldestRecordsGoBeyondTheRetention() {
        CallRecords records = new CallRecords(2);
        records.add(record("a", "+1", "completed", 1, 1));
        records.add(record("b", "+1", "completed", 1, 2));
        records.add(record("c", "+1", "completed", 1, 3));

        assertThat(records.byCallUuid("a")).isEmpty();
        assertThat(records.byCallUuid("c")).isPresent();
    }

    @Test
    void aRecordCarriesPlivosFieldsAndStates() {
        Map<String, Object> json = record("a", "+14155550001", "completed", 61, 10).json(ACCOUNT);

        assertThat(json).containsEntry("to_number", "14155550001").containsEntry("from_number", "+14155550100")
                .containsEntry("call_state", "ANSWER").containsEntry("bill_duration", 61L).containsEntry("billed_duration", 120L)
                .containsEntry("call_direction", "outbound").containsEntry("end_time", "2026-12-07 10:00:10+00:00")
                .containsEntry("resource_uri", "/v1/Account/" + ACCOUNT + "/Call/a/");
        assertThat(record("b", "+1", "no-answer", 0, 1).json(ACCOUNT)).containsEntry("call_state", "NO_ANSWER")
                .containsEntry("answer_time", null);
    }
}
