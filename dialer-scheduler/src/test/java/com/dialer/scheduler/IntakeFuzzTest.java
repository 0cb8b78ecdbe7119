package com.dialer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;

import com.dialer.avro.AnswerSettings;
import com.dialer.avro.CampaignCommand;
import com.dialer.avro.CommandType;
import com.dialer.avro.Contact;
import com.dialer.schemas.AvroSerde;
import com.dialer.schemas.DeadLetterHeaders;
import com.dialer.schemas.OutboundUrlPolicy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The scheduler's Avro intake against bytes from anywhere: random bytes, valid records with random bits
 * flipped or cut short, and valid records with hostile ids and URLs. Every record ends in exactly one
 * place (the next processor, or the DLQ with a reason) and nothing throws: a poison pill must never stop a
 * stream thread. Bounded tries, so it runs in every {@code ./mvnw verify}.
 */
class IntakeFuzzTest {
    private static final AvroSerde<CampaignCommand> COMMANDS = AvroSerde.of(CampaignCommand.class);
    private static final AvroSerde<Contact> CONTACTS = AvroSerde.of(Contact.class);
    private static final OutboundUrlPolicy URLS = OutboundUrlPolicy.standard();

    @Property(tries = 400)
    void anyBytesEndInTheNextProcessorOrTheDlqWithAReason(@ForAll @Size(max = 300) byte[] bytes, @ForAll("keys") String key) {
        assertOneDestination(commandIntake(), key, bytes);
        assertOneDestination(contactIntake(), key, bytes);
    }

    @Property(tries = 400)
    void aValidCommandWithBitsFlippedOrCutShortNeverCrashesTheIntake(@ForAll("commands") CampaignCommand command,
                                                                    @ForAll("damage") List<Integer> flips, @ForAll int cut) {
        byte[] bytes = COMMANDS.serialize("campaign-commands", command);
        for (int flip : flips) {
            int at = Math.floorMod(flip, bytes.length * 8);
            bytes[at / 8] ^= (byte) (1 << (at % 8));
        }
        byte[] shortened = java.util.Arrays.copyOf(bytes, Math.floorMod(cut, bytes.length + 1));
        assertOneDestination(commandIntake(), command.getCampaignId(), bytes);
        assertOneDestination(commandIntake(), command.getCampaignId(), shortened);
    }

    @Property(tries = 300)
    void hostileIdsAndUrlsAreRefusedWithTheirReason(@ForAll("commands") CampaignCommand command) {
        byte[] bytes = COMMANDS.serialize("campaign-commands", command);
        CapturedForward<?, ?> out = assertOneDestination(commandIntake(), command.getCampaignId(), bytes);
        boolean acceptable = InputRules.command(command, URLS).isEmpty();
        assertThat(out.childName()).hasValue(acceptable ? "next" : "dlq");
        if (!acceptable) {
            assertThat(out.record().headers().lastHeader(DeadLetterHeaders.REASON)).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), Arbitraries.just("c-1"), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<List<Integer>> damage() {
        return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<CampaignCommand> commands() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(1).ofMaxLength(64),
                Arbitraries.of("evil}:X", "a{b}", "camp:1", "", "x".repeat(65), "ok-1"));
        Arbitrary<String> urls = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("https://bots.example.com/warm",
                "wss://bots.example.com/s", "http://127.0.0.1:9/warm", "https://169.254.169.254/latest/meta-data/",
                "https://[::1]/", "file:///etc/passwd", "https://user:pw@bots.example.com/", "not a url"),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<CommandType> types = Arbitraries.of(CommandType.class);
        return Combinators.combine(ids, ids, types, urls, urls, Arbitraries.integers().between(-5, 1000))
                .as((campaign, client, type, warmup, bot, perMinute) -> CampaignCommand.newBuilder()
                        .setCommandId("cmd").setCampaignId(campaign).setClientId(client).setType(type).setIssuedAt(Instant.EPOCH)
                        .setSettings(type == CommandType.CREATE || type == CommandType.UPDATE_SETTINGS
                                ? SchedulerFixture.settings(perMinute).setAnswer(AnswerSettings.newBuilder()
                                        .setWarmupUrl(warmup).setBotStreamUrl(bot).build()).build() : null)
                        .build());
    }

    private static InputDecoder<CampaignCommand> commandIntake() {
        return new InputDecoder<>("campaign-commands", COMMANDS,
                InputRules.keyedByCampaign(c -> InputRules.command(c, URLS), CampaignCommand::getCampaignId), false, "next", "dlq",
                new SchedulerMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    private static InputDecoder<Contact> contactIntake() {
        return new InputDecoder<>("campaign-contacts", CONTACTS,
                InputRules.keyedByCampaign(InputRules::contact, Contact::getCampaignId), false, "next", "dlq",
                new SchedulerMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /** Runs one record through the decoder; it must go exactly one way, a DLQ record with its reason. */
    private static CapturedForward<?, ?> assertOneDestination(InputDecoder<?> decoder, String key, byte[] bytes) {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        decoder.init(context);
        decoder.process(new Record<>(key, bytes, 0L));
        List<CapturedForward<? extends String, ?>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        CapturedForward<?, ?> out = forwarded.get(0);
        if (out.childName().equals(java.util.Optional.of("dlq"))) {
            assertThat(out.record().headers().lastHeader(DeadLetterHeaders.REASON)).isNotNull();
            assertThat(new String(out.record().headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8)).isNotBlank();
        } else {
            assertThat(out.childName()).hasValue("next");
        }
        return out;
    }
}
