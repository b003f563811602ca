package dev.minternet.services.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.minternet.services.db.ConnectionPool;
import dev.minternet.services.db.QueryResult;
import dev.minternet.trace.Trace;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * GraphQL (the October 2021 specification) on the application server, executed by graphql-java
 * over the same users table as {@code GET /api/users}: {@code POST /graphql} with a JSON body
 * {@code {"query": ..., "variables": {...}, "operationName": ...}} (GraphQL over HTTP). Each root
 * field's data fetcher sends one statement through the database pool and completes when its rows
 * arrive, in simulated time; the answer is {@code {"data": ...}} with, when something failed, an
 * {@code errors} list whose entries carry {@code message}, {@code locations} and {@code path}
 * (section 7.1.2). A request that parses but fails validation answers 200 with errors and no
 * data, as graphql-java's servers do with {@code application/json}; a body that is not a JSON
 * object with a {@code query} string answers 400.
 *
 * <p>The schema: {@link #SCHEMA}. Not modelled: mutations, subscriptions, introspection limits,
 * persisted queries, batching, {@code GET /graphql}, the {@code application/graphql-response+json}
 * media type.
 */
public final class GraphqlApi {
    /** The schema, in SDL. */
    public static final String SCHEMA = """
            "A row of the users table."
            type User {
              id: ID!
              name: String!
              email: String!
            }

            type Query {
              "One user by id; null when there is none."
              user(id: ID!): User
              "Users in id order: the first `first` (all when absent) whose name contains `nameContains` (when given)."
              users(first: Int, nameContains: String): [User!]!
            }
            """;

    private final Trace trace;
    private final String node;
    private final ConnectionPool db;
    /** Built on the first request: most runs never ask, and the schema costs a tenth of a visit's start-up. */
    private GraphQL graphql;

    public GraphqlApi(Trace trace, String node, ConnectionPool db) {
        this.trace = trace;
        this.node = node;
        this.db = db;
    }

    /** The executor of {@link #SCHEMA} (the same one, built once, whenever the first request comes). */
    private GraphQL graphql() {
        if (graphql != null) {
            return graphql;
        }
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", t -> t.dataFetcher("user", user()).dataFetcher("users", users()))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SCHEMA), wiring);
        graphql = GraphQL.newGraphQL(schema).build();
        return graphql;
    }

    private DataFetcher<CompletableFuture<Map<String, Object>>> user() {
        return env -> {
            String id = String.valueOf((Object) env.getArgument("id"));
            long n;
            try {
                n = Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("id must be a whole number, got '" + id + "'");
            }
            return rows("user", "SELECT id, name, email FROM users WHERE id = " + n)
                    .thenApply(rows -> rows.isEmpty() ? null : rows.get(0));
        };
    }

    private DataFetcher<CompletableFuture<List<Map<String, Object>>>> users() {
        return env -> {
            Integer first = env.getArgument("first");
            String contains = env.getArgument("nameContains");
            if (first != null && first < 0) {
                throw new IllegalArgumentException("first must not be negative, got " + first);
            }
            StringBuilder sql = new StringBuilder("SELECT id, name, email FROM users");
            if (contains != null) {
                sql.append(" WHERE POSITION('").append(contains.replace("'", "''")).append("' IN name) > 0");
            }
            sql.append(" ORDER BY id");
            if (first != null) {
                sql.append(" LIMIT ").append(first);
            }
            return rows("users", sql.toString());
        };
    }

    /** Sends {@code sql}; the future completes with the rows as maps (id as a string, GraphQL's ID) when they arrive. */
    private CompletableFuture<List<Map<String, Object>>> rows(String field, String sql) {
        if (trace != null && trace.enabled()) {
            trace.emit(node, GraphqlEvents.FETCH, field, sql);
        }
        CompletableFuture<List<Map<String, Object>>> f = new CompletableFuture<>();
        db.query(sql, r -> {
            if (!r.ok()) {
                f.completeExceptionally(new IllegalStateException("database error " + r.error().code() + ": " + r.error().message()));
                return;
            }
            f.complete(maps(r));
        });
        return f;
    }

    private static List<Map<String, Object>> maps(QueryResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<String> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.fields().size(); i++) {
                m.put(r.fields().get(i).name().toLowerCase(java.util.Locale.ROOT), row.get(i));
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Executes one {@code POST /graphql} body and answers through {@code done} with the status and
     * the JSON response, once every fetcher's rows have arrived.
     */
    public void execute(byte[] body, java.util.function.BiConsumer<Integer, byte[]> done) {
        Struct.Builder req = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), req);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            done.accept(400, badRequest("the body must be a JSON object: {\"query\": \"...\", \"variables\": {...}}"));
            return;
        }
        Value q = req.getFieldsOrDefault("query", Value.getDefaultInstance());
        if (q.getKindCase() != Value.KindCase.STRING_VALUE) {
            done.accept(400, badRequest("the body has no \"query\" string"));
            return;
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        Value v = req.getFieldsOrDefault("variables", Value.getDefaultInstance());
        if (v.getKindCase() == Value.KindCase.STRUCT_VALUE) {
            v.getStructValue().getFieldsMap().forEach((k, x) -> variables.put(k, plain(x)));
        }
        Value op = req.getFieldsOrDefault("operationName", Value.getDefaultInstance());
        String operation = op.getKindCase() == Value.KindCase.STRING_VALUE ? op.getStringValue() : null;
        ExecutionInput in = ExecutionInput.newExecutionInput().query(q.getStringValue()).variables(variables).operationName(operation).build();
        graphql().executeAsync(in).whenComplete((result, error) -> {
            byte[] out = error != null ? badRequest(String.valueOf(error.getMessage())) : json(result);
            if (trace != null && trace.enabled()) {
                trace.emit(node, GraphqlEvents.EXECUTE, operation == null ? "" : operation, result == null ? 1L : (long) result.getErrors().size(),
                        (long) out.length);
            }
            done.accept(error != null ? 500 : 200, out);
        });
    }

    private static byte[] json(ExecutionResult r) {
        Json j = new Json();
        write(j, r.toSpecification());
        return j.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] badRequest(String message) {
        Json j = new Json().beginObject().name("errors").beginArray().beginObject().name("message").string(message).endObject().endArray()
                .endObject();
        return j.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON value from what graphql-java's result holds: maps (in their order), lists, strings, numbers, booleans, null. */
    private static void write(Json j, Object o) {
        if (o == null) {
            j.nullValue();
        } else if (o instanceof Map<?, ?> m) {
            j.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                j.name(String.valueOf(e.getKey()));
                write(j, e.getValue());
            }
            j.endObject();
        } else if (o instanceof List<?> l) {
            j.beginArray();
            for (Object x : l) {
                write(j, x);
            }
            j.endArray();
        } else if (o instanceof Boolean b) {
            j.bool(b);
        } else if (o instanceof Integer || o instanceof Long) {
            j.number(((Number) o).longValue());
        } else if (o instanceof Number n) {
            j.number(n.toString());
        } else {
            j.string(o.toString());
        }
    }

    /** A protobuf JSON value as a plain Java value; whole numbers as Long (GraphQL's Int and ID take them). */
    private static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> v.getNumberValue() == Math.rint(v.getNumberValue()) && Math.abs(v.getNumberValue()) < 1e15
                    ? (Object) (long) v.getNumberValue() : (Object) v.getNumberValue();
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case STRUCT_VALUE -> {
                Map<String, Object> m = new LinkedHashMap<>();
                v.getStructValue().getFieldsMap().forEach((k, x) -> m.put(k, plain(x)));
                yield m;
            }
            case LIST_VALUE -> v.getListValue().getValuesList().stream().map(GraphqlApi::plain).toList();
            default -> null;
        };
    }
}
