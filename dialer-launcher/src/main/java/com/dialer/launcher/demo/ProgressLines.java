package com.dialer.launcher.demo;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

import com.dialer.launcher.stack.LiveBoard;
import com.dialer.plivosim.WitnessStats;

/**
 * The demo's live progress: one bar per campaign (done/total, starts per minute, the client's active
 * calls against its cap, ETA). On a terminal the lines are redrawn in place; otherwise a line per
 * campaign is printed every few seconds.
 */
final class ProgressLines {
    private static final int WIDTH = 28;
    private static final long PLAIN_EVERY_MS = 5_000;

    private final PrintStream out;
    private final boolean redraw;
    private int drawn;
    private long lastPlain;

    ProgressLines(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    void show(LiveBoard.Board board, WitnessStats witness) {
        long now = System.currentTimeMillis();
        if (!redraw && now - lastPlain < PLAIN_EVERY_MS) {
            return;
        }
        lastPlain = now;
        Map<String, LiveBoard.ClientRow> clients = board.clients().stream()
                .collect(Collectors.toMap(LiveBoard.ClientRow::clientId, c -> c));
        StringBuilder text = new StringBuilder();
        if (redraw && drawn > 0) {
            text.append("\033[").append(drawn).append('F'); // back to the first line drawn last time
        }
        int lines = 0;
        for (LiveBoard.CampaignRow c : board.campaigns()) {
            LiveBoard.ClientRow client = clients.get(c.clientId());
            text.append(String.format("%-18s %s %5d/%-5d %5.0f/min  active %2d/%-2d  ETA %s%s%n", c.campaignId(),
                    bar(c.finished(), c.contacts()), c.finished(), c.contacts(), c.startsPerMinute(),
                    client == null ? 0 : client.active(), client == null ? 0 : client.cap(), eta(c),
                    redraw ? "\033[K" : ""));
            lines++;
        }
        text.append(String.format("all: %.0f starts/min (limit %d), witness: %d dials, %d live%s%n",
                board.startsPerMinute(), board.rateLimitPerMinute(), witness.dials(), witness.liveCalls(),
                redraw ? "\033[K" : ""));
        lines++;
        out.print(text);
        out.flush();
        drawn = lines;
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    private static String eta(LiveBoard.CampaignRow c) {
        long left = c.contacts() - c.finished();
        if (c.contacts() == 0) {
            return "-";
        }
        if (left <= 0) {
            return "done";
        }
        if (c.startsPerMinute() < 1) {
            return "?";
        }
        return Math.round(left * 60 / c.startsPerMinute()) + "s";
    }
}
