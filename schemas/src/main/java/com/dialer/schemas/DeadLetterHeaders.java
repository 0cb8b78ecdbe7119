package com.dialer.schemas;

/** Header names every service writes on a dead-letter record, so operators read one format. */
public final class DeadLetterHeaders {
    public static final String REASON = "dlq.reason";
    public static final String EXCEPTION = "dlq.exception";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String SERVICE = "dlq.service";

    private DeadLetterHeaders() {
    }
}
