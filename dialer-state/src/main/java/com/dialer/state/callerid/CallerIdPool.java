package com.dialer.state.callerid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A client's named set of caller numbers, shared by every campaign of the client that names it.
 *
 * @param clientId the client whose numbers they are
 * @param name     the name campaigns give as {@code callerIdPool}
 * @param numbers  in the order of the pool file (the order breaks ties between numbers used alike)
 */
public record CallerIdPool(String clientId, String name, List<CallerNumber> numbers) {

    public CallerIdPool {
        numbers = List.copyOf(numbers);
    }

    /** A number that may call the callee, and its tier: 0 is the best (the longest matching prefix); defaults come last. */
    public record Candidate(CallerNumber number, int tier) {
    }

    /**
     * The numbers that may call {@code calleeE164}, best tier first: those whose regions match it, the
     * longest match first, then the default numbers (no regions). Empty when none serves it.
     */
    public List<Candidate> candidatesFor(String calleeE164) {
        Callee callee = Callee.of(calleeE164);
        record Ranked(CallerNumber number, int rank, int order) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            int rank = numbers.get(i).rankFor(callee);
            if (rank >= 0) {
                ranked.add(new Ranked(numbers.get(i), rank, i));
            }
        }
        ranked.sort(Comparator.comparingInt(Ranked::rank).reversed().thenComparingInt(Ranked::order));
        List<Candidate> candidates = new ArrayList<>(ranked.size());
        int tier = -1;
        int lastRank = Integer.MIN_VALUE;
        for (Ranked r : ranked) {
            if (r.rank() != lastRank) {
                tier++;
                lastRank = r.rank();
            }
            candidates.add(new Candidate(r.number(), tier));
        }
        return candidates;
    }
}
