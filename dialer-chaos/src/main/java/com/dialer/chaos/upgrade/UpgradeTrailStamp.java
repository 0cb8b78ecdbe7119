package com.dialer.chaos.upgrade;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The processor version N+1 of the status-processor adds to its topology (the upgrade scenario): between the
 * attempt tracker and the call-records sink, it appends {@value #MARK} to a call record's {@code upgradeTrail},
 * so the archive shows which records an N+1 status-processor wrote. Written against no generated class: it
 * reaches the field by name, which only N+1's CallRecord has, and passes any other record on untouched.
 */
public final class UpgradeTrailStamp implements Processor<String, Object, String, Object> {
    /** Its name in the topology: named, like every node, so a later topology change cannot rename it. */
    public static final String NAME = "stamp-call-records";
    public static final String MARK = "status-processor@N+1";
    static final String FIELD = "upgradeTrail";

    private ProcessorContext<String, Object> context;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof SpecificRecordBase value && value.getSchema().getField(FIELD) != null) {
            Object trail = value.get(FIELD);
            value.put(FIELD, trail == null ? MARK : trail + "," + MARK);
        }
        context.forward(record);
    }
}
