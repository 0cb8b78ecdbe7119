package com.dialer.launcher.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.dialer.avro.MachinePolicy;

class CampaignFileTest {

    @Test
    void readsSettingsAndContactsFromJsonAndCsv(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("contacts.csv"), """
                contactId,phoneNumber,timeZone
                c1,+12012000001,America/Chicago
                c2,+12012000002,

                """);
        Path file = Files.writeString(dir.resolve("campaign.json"), """
                {"campaignId": "spring", "clientId": "acme",
                 "settings": {"callsPerMinute": 300, "callerId": "+12015550100", "concurrencyCap": 5,
                              "callingWindow": {"start": "09:00", "end": "20:30", "days": ["monday", "TUESDAY"]},
                              "retry": {"busy": {"delaySeconds": 120, "maxAttempts": 3}},
                              "answer": {"botStreamUrl": "wss://bot/stream", "machinePolicy": "leave_message"}},
                 "contactsCsv": "contacts.csv",
                 "contacts": [{"contactId": "c3", "phoneNumber": "(201) 200-0003", "defaultRegion": "US",
                               "attributes": {"name": "Ann"}}]}
                """);

        CampaignPlan plan = CampaignFile.read(file);

        assertThat(plan.campaignId()).isEqualTo("spring");
        assertThat(plan.clientId()).isEqualTo("acme");
        assertThat(plan.settings().getCallsPerMinute()).isEqualTo(300);
        assertThat(plan.settings().getConcurrencyCap()).isEqualTo(5);
        assertThat(plan.settings().getCallingWindow().getStart()).isEqualTo(LocalTime.of(9, 0));
        assertThat(plan.settings().getCallingWindow().getDays()).containsExactly("MONDAY", "TUESDAY");
        assertThat(plan.settings().getRetryPolicy().getBusy().getMaxAttempts()).isEqualTo(3);
        assertThat(plan.settings().getRetryPolicy().getNoAnswer().getMaxAttempts()).isEqualTo(1);
        assertThat(plan.settings().getAnswer().getMachinePolicy()).isEqualTo(MachinePolicy.LEAVE_MESSAGE);
        assertThat(plan.contacts()).extracting(c -> c.getContactId()).containsExactly("c1", "c2", "c3");
        assertThat(plan.contacts().get(0).getTimeZone()).isEqualTo("America/Chicago");
        assertThat(plan.contacts().get(1).getTimeZone()).isNull();
        assertThat(plan.contacts().get(2).getAttributes()).containsEntry("name", "Ann");
        assertThat(plan.contacts()).allSatisfy(c -> assertThat(c.getCampaignId()).isEqualTo("spring"));
    }

    @Test
    void quotedCsvCellsMayHoldCommasQuotesAndLineBreaks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("contacts.csv"), """
                contactId, phoneNumber ,timeZone
                "c,1",+12012000001,"America/New_York"
                "c \"\"2\"\"","+1 201 200 0002",
                "c
                3",+12012000003,Europe/Paris
                """);
        Path file = Files.writeString(dir.resolve("campaign.json"), """
                {"campaignId": "q", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1"},
                 "contactsCsv": "contacts.csv"}
                """);

        CampaignPlan plan = CampaignFile.read(file);

        assertThat(plan.contacts()).extracting(c -> c.getContactId()).containsExactly("c,1", "c \"2\"", "c\n3");
        assertThat(plan.contacts()).extracting(c -> c.getPhoneNumber())
                .containsExactly("+12012000001", "+1 201 200 0002", "+12012000003");
        assertThat(plan.contacts().get(1).getTimeZone()).isNull();
        assertThat(plan.contacts().get(2).getTimeZone()).isEqualTo("Europe/Paris");
    }

    @Test
    void aShortCsvRowOrAMissingColumnIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("short.csv"), "contactId,phoneNumber,timeZone\nc1,+12012000001,UTC\nc2,+12012000002\n");
        Files.writeString(dir.resolve("nophone.csv"), "contactId,number\nc1,+12012000001\n");
        Path shortRow = Files.writeString(dir.resolve("a.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1"}, "contactsCsv": "short.csv"}
                """);
        Path noPhone = Files.writeString(dir.resolve("b.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1"}, "contactsCsv": "nophone.csv"}
                """);

        assertThatThrownBy(() -> CampaignFile.open(shortRow).check()).hasMessageContaining("line 3").hasMessageContaining("2 cells");
        assertThatThrownBy(() -> CampaignFile.open(noPhone).check()).hasMessageContaining("contactId and phoneNumber");
    }

    @Test
    void theExampleCampaignOfTheReadmeReads() throws Exception {
        CampaignPlan plan = CampaignFile.read(Path.of("..", "examples", "campaign.json"));

        assertThat(plan.contacts()).hasSize(4);
        assertThat(plan.settings().getAnswer().getMachinePolicy()).isEqualTo(MachinePolicy.LEAVE_MESSAGE);
    }

    @Test
    void anErrorNamesTheField(@TempDir Path dir) throws Exception {
        Path noRate = Files.writeString(dir.resolve("a.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callerId": "+12015550100"}, "contacts": [{"contactId": "c", "phoneNumber": "1"}]}
                """);
        Path badWindow = Files.writeString(dir.resolve("b.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1",
                 "callingWindow": {"start": "9am", "end": "17:00"}}, "contacts": [{"contactId": "c", "phoneNumber": "1"}]}
                """);
        Path noContacts = Files.writeString(dir.resolve("c.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1"}}
                """);

        assertThatThrownBy(() -> CampaignFile.read(noRate)).hasMessageContaining("settings.callsPerMinute: required");
        assertThatThrownBy(() -> CampaignFile.read(badWindow)).hasMessageContaining("settings.callingWindow.start");
        assertThatThrownBy(() -> CampaignFile.read(noContacts)).hasMessageContaining("contacts");
    }

    @Test
    void aCampaignMayCallFromItsClientsCallerIdPoolInsteadOfOneNumber(@TempDir Path dir) throws Exception {
        CampaignPlan pooled = CampaignFile.read(Path.of("..", "examples", "campaign-caller-id-pool.json"));
        assertThat(pooled.settings().getCallerIdPool()).isEqualTo("local");
        assertThat(pooled.settings().getCallerId()).isEmpty();
        assertThat(CampaignFile.read(Path.of("..", "examples", "campaign.json")).settings().getCallerIdPool()).isNull();

        Path neither = Files.writeString(dir.resolve("n.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5}, "contacts": [{"contactId": "c", "phoneNumber": "1"}]}
                """);
        Path badPool = Files.writeString(dir.resolve("p.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerIdPool": "a pool"},
                 "contacts": [{"contactId": "c", "phoneNumber": "1"}]}
                """);
        assertThatThrownBy(() -> CampaignFile.read(neither)).hasMessageContaining("settings.callerId: required (or settings.callerIdPool");
        assertThatThrownBy(() -> CampaignFile.read(badPool)).hasMessageStartingWith("settings.callerIdPool");
    }

    @Test
    void readsTheScheduleAsInstantsWithTheirOffsets(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.json"), """
                {"campaignId": "x", "clientId": "acme", "settings": {"callsPerMinute": 5, "callerId": "+1",
                 "startAt": "2026-12-01T09:00:00-05:00", "endAt": "2026-12-24T22:00:00Z"},
                 "contacts": [{"contactId": "c", "phoneNumber": "1"}]}
                """);
        CampaignPlan plan = CampaignFile.read(file);
        assertThat(plan.settings().getStartAt()).isEqualTo(java.time.Instant.parse("2026-12-01T14:00:00Z"));
        assertThat(plan.settings().getEndAt()).isEqualTo(java.time.Instant.parse("2026-12-24T22:00:00Z"));
        assertThat(CampaignFile.read(writeSchedule(dir, "none.json", "")).settings().getStartAt()).isNull();
        assertThat(CampaignFile.read(Path.of("..", "examples", "campaign-scheduled.json")).settings().getEndAt())
                .isEqualTo(java.time.Instant.parse("2026-12-23T23:00:00Z"));
    }

    @Test
    void refusesAScheduleItCannotReadOrThatEndsBeforeItStarts(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CampaignFile.read(writeSchedule(dir, "a.json", ", \"startAt\": \"tomorrow\"")))
                .hasMessageContaining("settings.startAt: not an instant");
        assertThatThrownBy(() -> CampaignFile.read(writeSchedule(dir, "b.json", ", \"endAt\": \"2026-12-24T22:00:00\"")))
                .as("an instant needs its offset").hasMessageContaining("settings.endAt: not an instant");
        assertThatThrownBy(() -> CampaignFile.read(writeSchedule(dir, "c.json",
                ", \"startAt\": \"2026-12-24T22:00:00Z\", \"endAt\": \"2026-12-01T00:00:00Z\"")))
                .hasMessage("settings.endAt (2026-12-01T00:00:00Z) must be after settings.startAt (2026-12-24T22:00:00Z)");
    }

    private static Path writeSchedule(Path dir, String name, String schedule) throws Exception {
        return Files.writeString(dir.resolve(name), "{\"campaignId\": \"x\", \"clientId\": \"acme\", \"settings\": "
                + "{\"callsPerMinute\": 5, \"callerId\": \"+1\"" + schedule + "}, "
                + "\"contacts\": [{\"contactId\": \"c\", \"phoneNumber\": \"1\"}]}");
    }
}
