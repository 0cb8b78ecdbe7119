package com.dialer.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.dialer.avro.CallStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AttemptSerdeTest {
    /** As the store holds an attempt, with a field a later version added. */
    static final String STORED = """
            {"attemptId":"camp-1:c-7:1","campaignId":"camp-1","clientId":"client-1","contactId":"c-7",
             "phoneNumber":"+14155550107","attemptNumber":1,"state":"IN_PROGRESS","version":4,"projectedVersion":4,
             "plivoCallUuid":"e3f1a2b4","answeredAt":1765120003100,"ringTimeoutSeconds":30,"dueAt":1765120663100,
             "emitted":false,"addedLater":"ignored"}""";

    private final AttemptStores.AttemptSerde serde = new AttemptStores.AttemptSerde();

    @Test
    void readsWhatTheStoreHeldBeforeAndIgnoresUnknownFields() {
        Attempt attempt = serde.deserialize("t", STORED.getBytes(StandardCharsets.UTF_8));

        assertThat(attempt.attemptId()).isEqualTo("camp-1:c-7:1");
        assertThat(attempt.state()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(attempt.dueAt()).isEqualTo(1765120663100L);
    }

    @Test
    void writesTheSameJsonTheFieldsHold() throws Exception {
        byte[] written = serde.serialize("t", serde.deserialize("t", STORED.getBytes(StandardCharsets.UTF_8)));

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(STORED);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("addedLater");
        assertThat(json.readTree(written)).isEqualTo(expected);
        assertThat(serde.deserialize("t", null)).isNull();
        assertThat(serde.serialize("t", null)).isNull();
    }
}
