package com.dialer.chaos;

import java.util.List;
import java.util.stream.Collectors;

import com.dialer.launcher.demo.DemoReport;

/** The suite's closing table: fault × rounds × results, as Markdown (printed, and kept in the module's README). */
public final class ResultTable {
    private ResultTable() {
    }

    public static String markdown(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | rounds | contacts | dials | double dials (attempt / number) | lost | several finals | archived / finished "
                + "| leaked slots | max live per client / cap | max starts 1 s / limit | max starts 60 s / limit | dead letters | s | result |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
        for (ScenarioResult r : results) {
            DemoReport d = r.report();
            out.append("| ").append(r.fault())
                    .append(" | ").append(r.rounds())
                    .append(" | ").append(d.contacts())
                    .append(" | ").append(d.dials())
                    .append(" | ").append(d.doubleDials()).append(" / ").append(d.numbersDialedWhileLive())
                    .append(" | ").append(d.contactsWithoutDisposition())
                    .append(" | ").append(d.contactsWithSeveralDispositions())
                    .append(" | ").append(d.archivedDocuments()).append(" / ").append(d.finishedAttempts())
                    .append(" | ").append(d.leakedSlots())
                    .append(" | ").append(d.clients().stream().map(c -> c.maxSimultaneous() + "/" + c.cap())
                            .collect(Collectors.joining(" ")))
                    .append(" | ").append(d.maxStartsIn1s()).append(" / ").append(limit1s(d))
                    .append(" | ").append(d.maxStartsIn60s()).append(" / ").append(d.rateLimitPerMinute() + d.rateBurst())
                    .append(" | ").append(r.deadLetters())
                    .append(" | ").append(Math.round(d.elapsedSeconds()))
                    .append(" | ").append(r.held() ? "held" : "**BROKEN**")
                    .append(" |\n");
        }
        for (ScenarioResult r : results) {
            if (!r.held()) {
                out.append("\n").append(r.fault()).append(" broke:\n");
                r.broken().forEach(b -> out.append("- ").append(b).append('\n'));
            }
        }
        return out.toString();
    }

    private static long limit1s(DemoReport d) {
        return (long) Math.floor(d.rateLimitPerMinute() / 60.0 + d.rateBurst());
    }
}
