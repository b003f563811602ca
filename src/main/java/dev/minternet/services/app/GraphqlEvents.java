package dev.minternet.services.app;

import dev.minternet.trace.Catalog;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Field;
import dev.minternet.trace.Unit;

/** Trace events of layer {@code graphql}: the application server's POST /graphql (services.app.GraphqlApi). */
public final class GraphqlEvents {
    private GraphqlEvents() {
    }

    public static final Catalog CATALOG = new Catalog("graphql",
            "GraphQL on the application server (services.app.GraphqlApi, graphql-java): each request executed, each field fetched from the database.");

    public static final Field<String> OPERATION = Field.text("operation", "the operation's name, empty when anonymous");
    public static final Field<String> FIELD = Field.text("field", "a root field of the Query type, e.g. user");
    public static final Field<String> SQL = Field.text("sql", "the statement sent to the database");
    public static final Field<Long> ERRORS = Field.integer("errors", Unit.COUNT, "entries of the response's errors list");
    public static final Field<Long> BYTES = Field.integer("bytes", Unit.BYTES, "the JSON response body");

    public static final EventType FETCH = CATALOG.event("fetch", "a root field's data fetcher queried the database", FIELD, SQL);
    public static final EventType EXECUTE = CATALOG.event("execute",
            "a GraphQL request was parsed, validated and executed; the response is {\"data\": ..., \"errors\": [...]}", OPERATION, ERRORS, BYTES);
}
