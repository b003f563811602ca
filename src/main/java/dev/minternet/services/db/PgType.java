package dev.minternet.services.db;

/**
 * The PostgreSQL built-in types the server reports in RowDescription: OID and pg_type.typlen
 * (-1 for variable length), from PostgreSQL's {@code pg_type.dat}.
 */
public enum PgType {
    BOOL(16, 1),
    BYTEA(17, -1),
    INT8(20, 8),
    INT2(21, 2),
    INT4(23, 4),
    TEXT(25, -1),
    JSON(114, -1),
    FLOAT4(700, 4),
    FLOAT8(701, 8),
    BPCHAR(1042, -1),
    VARCHAR(1043, -1),
    DATE(1082, 4),
    TIME(1083, 8),
    TIMESTAMP(1114, 8),
    TIMESTAMPTZ(1184, 8),
    NUMERIC(1700, -1),
    UUID(2950, 16);

    private final int oid;
    private final int size;

    PgType(int oid, int size) {
        this.oid = oid;
        this.size = size;
    }

    public int oid() {
        return oid;
    }

    public int size() {
        return size;
    }

    /** The type with this OID, or null. */
    public static PgType ofOid(int oid) {
        for (PgType t : values()) {
            if (t.oid == oid) {
                return t;
            }
        }
        return null;
    }

    /** True for types a JSON writer may print as a bare number. */
    public boolean isNumeric() {
        return this == INT2 || this == INT4 || this == INT8 || this == NUMERIC || this == FLOAT4 || this == FLOAT8;
    }
}
