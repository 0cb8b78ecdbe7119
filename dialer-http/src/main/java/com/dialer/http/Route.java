package com.dialer.http;

/**
 * What a service answers on a path: a request in, a reply out. Runs on a virtual thread of its
 * own, so it may block (a Kafka acknowledgement, a Redis read) at next to no cost.
 */
@FunctionalInterface
public interface Route {
    /**
     * @throws BodyTooLarge left uncaught: answered 413 with its reason
     * @throws Exception    anything else left uncaught: answered 500, logged
     */
    Reply handle(Request request) throws Exception;
}
