package com.dialer.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What a demo run proved, from the simulator's witness (dials, concurrency, windows) and from
 * MongoDB (dispositions, archived attempts) — never from the services' own counters — with the
 * promises of docs/DESIGN.md checked against it.
 */
public record DemoReport(long contacts, long dials, Map<String, Long> dispositions, List<ClientFigures> clients,
                         List<CampaignFigures> campaigns, long rateLimitPerMinute, int rateBurst, int maxStartsIn1s, int maxStartsIn60s, long doubleDials,
                         long numbersDialedWhileLive, long contactsWithoutDisposition, long contactsWithSeveralDispositions,
                         long finishedAttempts, long archivedDocuments, long leakedSlots, long liveCallsAtEnd,
                         double elapsedSeconds, double callsPerSecond, double stackStartupSeconds, List<String> brokenPromises,
                         boolean promisesHeld, List<CallerIdFigures> callerIds, List<AccountFigures> accounts) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One client: its cap, and the most calls the witness saw live at once for it. */
    public record ClientFigures(String client, int cap, int maxSimultaneous) {
    }

    /** One campaign: its own cap (null: none), and the most calls the witness saw live at once for it. */
    public record CampaignFigures(String campaign, Integer cap, int maxSimultaneous) {
    }

    /**
     * One number of a caller-ID pool: the calls the witness saw made from it ({@code from}) and its daily cap
     * (null: none). The demo runs within one day of every zone's, so its calls are one day's.
     */
    public record CallerIdFigures(String client, String pool, String number, long calls, Integer dailyCap) {
    }

    /**
     * One Plivo account: its CPS, and what the witness saw of its dials (keyed by auth id at the simulator): the
     * most in any 1 s, and how many Plivo had to queue over its CPS.
     */
    public record AccountFigures(String account, String authId, Integer cps, long dials, int maxStartsIn1s, long queuedOverCps) {
    }

    /** With each account's figures, and its CPS checked: a broken one is added to the broken promises. */
    public DemoReport withAccounts(List<AccountFigures> figures) {
        List<String> broken = new ArrayList<>(brokenPromises);
        for (AccountFigures a : figures) {
            if (a.cps() != null && a.maxStartsIn1s() > a.cps()) {
                broken.add("account CPS: " + a.account() + " had " + a.maxStartsIn1s() + " starts in 1 s, CPS " + a.cps());
            }
        }
        return new DemoReport(contacts, dials, dispositions, clients, campaigns, rateLimitPerMinute, rateBurst, maxStartsIn1s,
                maxStartsIn60s, doubleDials, numbersDialedWhileLive, contactsWithoutDisposition, contactsWithSeveralDispositions,
                finishedAttempts, archivedDocuments, leakedSlots, liveCallsAtEnd, elapsedSeconds, callsPerSecond, stackStartupSeconds,
                List.copyOf(broken), broken.isEmpty(), callerIds, List.copyOf(figures));
    }

    /** The figures as measured; the promises are checked here. */
    public static DemoReport of(long contacts, long dials, Map<String, Long> dispositions, List<ClientFigures> clients,
                                List<CampaignFigures> campaigns, long rateLimitPerMinute, int rateBurst, int maxStartsIn1s, int maxStartsIn60s,
                                long doubleDials, long numbersDialedWhileLive, long contactsWithoutDisposition,
                                long contactsWithSeveralDispositions, long finishedAttempts, long archivedDocuments,
                                long leakedSlots, long liveCallsAtEnd, double elapsedSeconds, double stackStartupSeconds) {
        List<String> broken = new ArrayList<>();
        if (doubleDials > 0) {
            broken.add("no double dial: " + doubleDials + " attempts reached Plivo more than once");
        }
        if (numbersDialedWhileLive > 0) {
            broken.add("no contact twice at once: " + numbersDialedWhileLive + " numbers dialed while a call to them was live");
        }
        for (ClientFigures c : clients) {
            if (c.maxSimultaneous() > c.cap()) {
                broken.add("exact cap: " + c.client() + " had " + c.maxSimultaneous() + " live calls, cap " + c.cap());
            }
        }
        for (CampaignFigures c : campaigns) {
            if (c.cap() != null && c.maxSimultaneous() > c.cap()) {
                broken.add("exact campaign cap: " + c.campaign() + " had " + c.maxSimultaneous() + " live calls, cap " + c.cap());
            }
        }
        double perSecond = rateLimitPerMinute / 60.0;
        if (maxStartsIn1s > Math.floor(perSecond + rateBurst)) {
            broken.add("exact rate: " + maxStartsIn1s + " starts in 1 s, limit " + perSecond + " + burst " + rateBurst);
        }
        if (maxStartsIn60s > rateLimitPerMinute + rateBurst) {
            broken.add("exact rate: " + maxStartsIn60s + " starts in 60 s, limit " + rateLimitPerMinute + " + burst " + rateBurst);
        }
        if (contactsWithoutDisposition > 0) {
            broken.add("nothing lost: " + contactsWithoutDisposition + " contacts without a final disposition");
        }
        if (contactsWithSeveralDispositions > 0) {
            broken.add("one final disposition: " + contactsWithSeveralDispositions + " contacts with more than one");
        }
        if (archivedDocuments != finishedAttempts) {
            broken.add("every finished attempt archived once: " + archivedDocuments + " documents for " + finishedAttempts
                    + " finished attempts");
        }
        if (leakedSlots > 0) {
            broken.add("no leaked slot: " + leakedSlots + " slots still held after every call ended");
        }
        if (liveCallsAtEnd > 0) {
            broken.add("every call ended: " + liveCallsAtEnd + " calls still live at the simulator");
        }
        return new DemoReport(contacts, dials, Map.copyOf(dispositions), List.copyOf(clients), List.copyOf(campaigns), rateLimitPerMinute,
                rateBurst, maxStartsIn1s, maxStartsIn60s, doubleDials, numbersDialedWhileLive, contactsWithoutDisposition,
                contactsWithSeveralDispositions, finishedAttempts, archivedDocuments, leakedSlots, liveCallsAtEnd,
                round(elapsedSeconds), round(elapsedSeconds > 0 ? dials / elapsedSeconds : 0), round(stackStartupSeconds),
                List.copyOf(broken), broken.isEmpty(), List.of(), List.of());
    }

    /** This report with the spread of calls over the caller-ID pools' numbers; a number past its daily cap breaks a promise. */
    public DemoReport withCallerIds(List<CallerIdFigures> figures) {
        List<String> broken = new ArrayList<>(brokenPromises);
        for (CallerIdFigures f : figures) {
            if (f.dailyCap() != null && f.calls() > f.dailyCap()) {
                broken.add("daily caller-ID cap: " + f.number() + " made " + f.calls() + " calls, cap " + f.dailyCap());
            }
        }
        return new DemoReport(contacts, dials, dispositions, clients, campaigns, rateLimitPerMinute, rateBurst, maxStartsIn1s,
                maxStartsIn60s, doubleDials, numbersDialedWhileLive, contactsWithoutDisposition, contactsWithSeveralDispositions,
                finishedAttempts, archivedDocuments, leakedSlots, liveCallsAtEnd, elapsedSeconds, callsPerSecond, stackStartupSeconds,
                List.copyOf(broken), broken.isEmpty(), List.copyOf(figures), accounts);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    public static DemoReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), DemoReport.class);
    }

    /** The summary table. */
    public void print(PrintStream out) {
        out.println();
        out.println("  demo summary                      measured             promise");
        out.println("  --------------------------------  -------------------  ------------------------------");
        row(out, "contacts", contacts, "");
        row(out, "dials (witness)", dials, "");
        dispositions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> row(out, "  " + e.getKey().toLowerCase(), e.getValue(), ""));
        for (ClientFigures c : clients) {
            row(out, "max simultaneous " + c.client(), c.maxSimultaneous(), "<= cap " + c.cap());
        }
        for (CampaignFigures c : campaigns) {
            row(out, "  campaign " + c.campaign(), c.maxSimultaneous(), c.cap() == null ? "(no campaign cap)" : "<= campaign cap " + c.cap());
        }
        row(out, "max starts in any 1 s", maxStartsIn1s, "<= " + round(rateLimitPerMinute / 60.0) + " + burst " + rateBurst);
        row(out, "max starts in any 60 s", maxStartsIn60s, "<= " + rateLimitPerMinute + " + burst " + rateBurst);
        for (CallerIdFigures f : callerIds == null ? List.<CallerIdFigures>of() : callerIds) {
            row(out, "calls from " + f.number(), f.calls(), f.client() + "/" + f.pool()
                    + (f.dailyCap() == null ? " (no daily cap)" : " <= daily cap " + f.dailyCap()));
        }
        for (AccountFigures a : accounts == null ? List.<AccountFigures>of() : accounts) {
            row(out, "account " + a.account() + " dials", a.dials(), "");
            row(out, "  max starts in any 1 s", a.maxStartsIn1s(), a.cps() == null ? "(no CPS of its own)" : "<= CPS " + a.cps());
            row(out, "  queued by Plivo (< 1/CPS apart)", a.queuedOverCps(), "");
        }
        row(out, "attempts dialed twice", doubleDials, "0");
        row(out, "numbers dialed while live", numbersDialedWhileLive, "0");
        row(out, "contacts without disposition", contactsWithoutDisposition, "0");
        row(out, "contacts with two dispositions", contactsWithSeveralDispositions, "0");
        row(out, "finished attempts", finishedAttempts, "");
        row(out, "archived documents (MongoDB)", archivedDocuments, "= finished attempts");
        row(out, "leaked slots", leakedSlots, "0");
        row(out, "elapsed seconds", elapsedSeconds, "");
        row(out, "calls per second", callsPerSecond, "");
        out.println();
        if (promisesHeld) {
            out.println("  every promise held");
        } else {
            out.println("  BROKEN PROMISES:");
            brokenPromises.forEach(p -> out.println("   - " + p));
        }
    }

    private static void row(PrintStream out, String name, Object value, String promise) {
        out.printf("  %-32s  %-19s  %s%n", name, value, promise);
    }
}
