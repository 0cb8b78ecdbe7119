package com.dialer.archiver;

import static com.mongodb.client.model.Accumulators.avg;
import static com.mongodb.client.model.Accumulators.sum;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

/** The sample analyst queries of archiver-sink/README.md, as the Java driver runs them. */
final class AnalystQueries {

    private AnalystQueries() {
    }

    /** Per campaign: attempts, answered, and answered / attempts. */
    static List<Document> answerRateByCampaign(MongoCollection<Document> calls) {
        Document answeredOne = new Document("$cond",
                List.of(new Document("$eq", List.of("$disposition", "ANSWERED")), 1, 0));
        return run(calls, List.of(
                Aggregates.group("$campaignId", sum("attempts", 1), sum("answered", answeredOne)),
                Aggregates.project(Projections.fields(Projections.include("attempts", "answered"),
                        Projections.computed("answerRate", new Document("$divide", List.of("$answered", "$attempts"))))),
                Aggregates.sort(Sorts.ascending("_id"))));
    }

    /** Calls ended per hour (UTC) of one campaign. */
    static List<Document> volumeByHour(MongoCollection<Document> calls, String campaignId) {
        Document hour = new Document("year", new Document("$year", "$endedAt"))
                .append("month", new Document("$month", "$endedAt"))
                .append("day", new Document("$dayOfMonth", "$endedAt"))
                .append("hour", new Document("$hour", "$endedAt"));
        return run(calls, List.of(
                Aggregates.match(Filters.eq("campaignId", campaignId)),
                Aggregates.group(hour, sum("calls", 1)),
                Aggregates.sort(Sorts.ascending("_id.year", "_id.month", "_id.day", "_id.hour"))));
    }

    /** Average talk time (seconds) of answered calls, per client. */
    static List<Document> averageTalkTimeByClient(MongoCollection<Document> calls) {
        return run(calls, List.of(
                Aggregates.match(Filters.eq("disposition", "ANSWERED")),
                Aggregates.group("$clientId", avg("averageTalkSeconds", "$durationSeconds"), sum("answered", 1)),
                Aggregates.sort(Sorts.ascending("_id"))));
    }

    private static List<Document> run(MongoCollection<Document> calls, List<Bson> pipeline) {
        return calls.aggregate(pipeline).into(new ArrayList<>());
    }
}
