package com.dialer.schemas;

import java.util.List;

import org.apache.avro.Schema;

import com.dialer.avro.CallEvent;
import com.dialer.avro.CallOutcome;
import com.dialer.avro.CallRecord;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CampaignSummary;
import com.dialer.avro.Contact;
import com.dialer.avro.DialRequest;
import com.dialer.avro.DncEntry;

/** The value schemas of the topics, as generated from {@code src/main/avro}. */
public final class Schemas {
    public static final List<Schema> CURRENT = List.of(
            CampaignCommand.getClassSchema(),
            Contact.getClassSchema(),
            DncEntry.getClassSchema(),
            DialRequest.getClassSchema(),
            CallEvent.getClassSchema(),
            CallOutcome.getClassSchema(),
            CallRecord.getClassSchema(),
            CampaignSummary.getClassSchema());

    private Schemas() {
    }
}
