package com.dialer.state.recipients;

import java.time.Duration;
import java.util.List;

/**
 * Guards people against being called too often by one client, across all its campaigns, all
 * partitions and all scheduler instances: the state lives in one place, and each claim is atomic
 * on the clock of that place. Implementations: Redis ({@link RedisRecipientGuard}) and, in tests,
 * an in-memory copy of the same contract.
 */
public interface RecipientGuard {

    /**
     * Claims numbers of one client for attempts, in order, until {@code wanted} are claimed or
     * the candidates run out.
     *
     * @param hold how long a claim keeps the number live if no outcome frees it (the attempt's
     *             longest life: ring timeout + time limit + a margin)
     * @return one verdict per candidate looked at, in order: a prefix of {@code candidates};
     *         candidates after the {@code wanted}-th claim are not looked at
     */
    List<RecipientVerdict> claim(String clientId, List<RecipientAttempt> candidates, int wanted, Duration hold,
                                 CommunicationLimits limits);

    /** Ends the live hold of attempts whose outcome came back; idempotent, and only the holding attempt frees a number. */
    void free(String clientId, List<RecipientAttempt> ended);
}
