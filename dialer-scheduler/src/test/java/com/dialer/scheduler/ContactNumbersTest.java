package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.dialer.avro.Contact;

class ContactNumbersTest {
    private final ContactNumbers numbers = new ContactNumbers("US", ZoneId.of("Europe/Paris"), 
            // zones, not policy: the toll-free numbers here span the most zones
            NumberPolicy.from(new com.dialer.schemas.EnvironmentKeys(java.util.Map.of("NUMBER_TYPES", "*")::get)));

    @ParameterizedTest
    @CsvSource({
            "(212) 200-0001, America/New_York",
            "+1 312 200 0001, America/Chicago",
            "+1 303 200 0001, America/Denver",
            "+1 602 200 0001, America/Phoenix",
            "+1 415 200 0001, America/Los_Angeles",
            "+44 20 7123 4567, Europe/London"})
    void derivesTheZoneFromTheNumberWhenTheRecordNamesNone(String number, String zone) {
        assertThat(check(number, null)).isEqualTo(ZoneId.of(zone).getId());
    }

    @Test
    void keepsEveryZoneOfANumberThatSpansSeveral() {
        assertThat(check("+1 208 200 0001", null)).isEqualTo("America/Boise,America/Los_Angeles");
        assertThat(check("+1 800 200 0001", null)).contains("America/New_York", "Pacific/Honolulu", "Pacific/Guam");
    }

    @Test
    void fallsBackToTheDefaultZoneForANumberInNoZone() {
        // +800 is the International Freephone Service: libphonenumber knows it but places it nowhere
        assertThat(check("+800 1234 5678", null)).isEqualTo("Europe/Paris");
    }

    @Test
    void theRecordsZoneWinsOverTheNumbers() {
        assertThat(check("+1 212 200 0001", "America/Los_Angeles")).isEqualTo("America/Los_Angeles");
    }

    private String check(String number, String zone) {
        Contact contact = Contact.newBuilder().setCampaignId("c").setContactId("k").setPhoneNumber(number)
                .setTimeZone(zone).setCreatedAt(Instant.EPOCH).build();
        return ((ContactNumbers.Dialable) numbers.check(contact, "acme")).zones().encoded();
    }
}
