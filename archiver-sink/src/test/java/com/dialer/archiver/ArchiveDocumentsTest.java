package com.dialer.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import org.apache.avro.Schema;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.dialer.avro.CallRecord;
import com.dialer.avro.Disposition;

class ArchiveDocumentsTest {

    @Test
    void aCallDocumentIsKeyedByAttemptIdAndNamesEveryCallRecordField() {
        CallRecord record = CallRecords.answered("a-1", "camp-1", "client-1", CallRecords.BASE, 42);

        Document doc = ArchiveDocuments.call(record);

        List<String> avroFields = CallRecord.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
        assertThat(doc.keySet()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("_id"), avroFields.stream()).toList());
        assertThat(doc).containsEntry("_id", "a-1")
                .containsEntry("disposition", "ANSWERED")
                .containsEntry("finalStatus", "COMPLETED")
                .containsEntry("durationSeconds", 42)
                .containsEntry("endedAt", Date.from(CallRecords.BASE))
                .containsEntry("answeredAt", Date.from(CallRecords.BASE.minusSeconds(42)));
    }

    @Test
    void absentOptionalFieldsAreStoredAsNull() {
        CallRecord record = CallRecords.finished("a-2", "camp-1", "client-1", Disposition.NO_ANSWER, CallRecords.BASE, null);

        Document doc = ArchiveDocuments.call(record);

        assertThat(doc).containsEntry("answeredAt", null).containsEntry("plivoCallUuid", null)
                .containsEntry("durationSeconds", null).containsEntry("disposition", "NO_ANSWER");
    }

    @Test
    void aCampaignDocumentIsKeyedByCampaignIdWithDispositionCounts() {
        Document doc = ArchiveDocuments.campaign(CallRecords.summary("camp-1", "client-1", 3, 2));

        assertThat(doc).containsEntry("_id", "camp-1").containsEntry("status", "COMPLETED")
                .containsEntry("contacts", 5L).containsEntry("completedAt", Date.from(CallRecords.BASE.plusSeconds(3600)));
        assertThat(doc.get("dispositions", Document.class)).containsEntry("ANSWERED", 3L).containsEntry("NO_ANSWER", 2L);
    }

    @Test
    void theIntegrationTestsUseTheWritersCollectionNames() {
        assertThat(ArchiveWriterNames.CALLS).isEqualTo(ArchiveWriter.CALLS);
        assertThat(ArchiveWriterNames.CAMPAIGNS).isEqualTo(ArchiveWriter.CAMPAIGNS);
    }
}
