package com.dialer.schemas;

import org.apache.kafka.common.errors.SerializationException;

/** A value that cannot be read: names the topic and the reason, so a DLQ record can carry both. */
public final class AvroDecodingException extends SerializationException {
    private final String topic;
    private final String reason;

    public AvroDecodingException(String topic, String reason, Throwable cause) {
        super("cannot decode a record of topic '" + topic + "': " + reason, cause);
        this.topic = topic;
        this.reason = reason;
    }

    public String topic() {
        return topic;
    }

    public String reason() {
        return reason;
    }
}
