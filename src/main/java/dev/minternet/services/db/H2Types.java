package dev.minternet.services.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * Maps H2 column types (through JDBC metadata) to PostgreSQL type OIDs, and H2 values to
 * PostgreSQL's text output format ({@code t}/{@code f} for booleans, {@code 2024-03-01 12:00:00}
 * for timestamps, {@code \x0102} for bytea, shortest round-trip floats as PostgreSQL 12+ prints
 * them).
 */
final class H2Types {
    private H2Types() {
    }

    /** H2's VARCHAR length when none was declared: report PostgreSQL's "no modifier" (-1) for it. */
    private static final int H2_MAX_STRING_LENGTH = 1_000_000;

    static PgType type(ResultSetMetaData md, int col) throws SQLException {
        String name = md.getColumnTypeName(col).toUpperCase(Locale.ROOT);
        if (name.equals("UUID")) {
            return PgType.UUID; // JDBC reports H2's UUID as BINARY
        }
        if (name.equals("JSON")) {
            return PgType.JSON;
        }
        int t = md.getColumnType(col);
        switch (t) {
            case Types.BOOLEAN:
            case Types.BIT:
                return PgType.BOOL;
            case Types.TINYINT:
            case Types.SMALLINT:
                return PgType.INT2;
            case Types.INTEGER:
                return PgType.INT4;
            case Types.BIGINT:
                return PgType.INT8;
            case Types.REAL:
                return PgType.FLOAT4;
            case Types.FLOAT:
            case Types.DOUBLE:
                return PgType.FLOAT8;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return PgType.NUMERIC;
            case Types.CHAR:
            case Types.NCHAR:
                return PgType.BPCHAR;
            case Types.VARCHAR:
            case Types.NVARCHAR:
            case Types.LONGVARCHAR:
            case Types.LONGNVARCHAR:
                return PgType.VARCHAR;
            case Types.CLOB:
            case Types.NCLOB:
                return PgType.TEXT;
            case Types.DATE:
                return PgType.DATE;
            case Types.TIME:
                return PgType.TIME;
            case Types.TIMESTAMP:
                return PgType.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return PgType.TIMESTAMPTZ;
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
            case Types.JAVA_OBJECT:
                return PgType.BYTEA; // JAVA_OBJECT as its bytes: never deserialised (NoJavaObjects)
            default:
                break;
        }
        return PgType.TEXT;
    }

    /** pg_attribute.atttypmod: declared length + 4 for char types, ((p << 16) | s) + 4 for numeric. */
    static int typeModifier(ResultSetMetaData md, int col, PgType type) throws SQLException {
        int p = md.getPrecision(col);
        switch (type) {
            case VARCHAR:
            case BPCHAR:
                return p > 0 && p < H2_MAX_STRING_LENGTH ? p + 4 : -1;
            case NUMERIC:
                return p > 0 && p <= 1000 ? ((p << 16) | (md.getScale(col) & 0xffff)) + 4 : -1;
            default:
                return -1;
        }
    }

    /** The column value in PostgreSQL text format, or null for SQL NULL. */
    static String text(ResultSet rs, int col, PgType type) throws SQLException {
        if (type == PgType.BYTEA) {
            // getBytes, not getObject: H2 would deserialise a JAVA_OBJECT to hand it over
            byte[] b = rs.getBytes(col);
            if (b == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder(2 + 2 * b.length).append("\\x");
            for (byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return sb.toString();
        }
        Object o = rs.getObject(col);
        if (o == null) {
            return null;
        }
        switch (type) {
            case BOOL:
                return rs.getBoolean(col) ? "t" : "f";
            case NUMERIC:
                return rs.getBigDecimal(col).toPlainString();
            case FLOAT4:
                return floatText(rs.getFloat(col), 6);
            case FLOAT8:
                return floatText(rs.getDouble(col), 15);
            case DATE:
                return rs.getObject(col, LocalDate.class).toString();
            case TIME:
                return time(rs.getObject(col, LocalTime.class));
            case TIMESTAMP: {
                LocalDateTime t = rs.getObject(col, LocalDateTime.class);
                return t.toLocalDate() + " " + time(t.toLocalTime());
            }
            case TIMESTAMPTZ: {
                // sessions report TimeZone=UTC, so PostgreSQL would print the instant in UTC
                LocalDateTime t = rs.getObject(col, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
                return t.toLocalDate() + " " + time(t.toLocalTime()) + "+00";
            }
            case UUID:
                return rs.getObject(col, UUID.class).toString();
            case JSON:
                return new String(rs.getBytes(col), StandardCharsets.UTF_8);
            default:
                return rs.getString(col);
        }
    }

    /** HH:MM:SS with a fractional part only when non-zero, trailing zeros removed (microseconds). */
    static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder(15);
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String f = String.format(Locale.ROOT, "%06d", micros);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * A float as PostgreSQL 12+ prints it: the shortest digits that read back exactly, in plain
     * notation unless the decimal exponent is below -4 or at least {@code digits} (FLT_DIG 6,
     * DBL_DIG 15), then as {@code 1.5e+20}.
     */
    static String floatText(double d, int digits) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        String shortest = digits == 6 ? Float.toString((float) d) : Double.toString(d);
        BigDecimal bd = new BigDecimal(shortest).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= digits) {
            String u = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(u.charAt(0));
            if (u.length() > 1) {
                sb.append('.').append(u, 1, u.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            return sb.append(a).toString();
        }
        return bd.toPlainString();
    }
}
