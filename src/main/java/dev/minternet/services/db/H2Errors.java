package dev.minternet.services.db;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.jdbc.JdbcException;

/**
 * Translates H2's errors into PostgreSQL's: SQLSTATE from PostgreSQL Appendix A (H2's own
 * codes differ, e.g. 42S02 for an unknown table where PostgreSQL says 42P01), and H2's message
 * without the echoed SQL and the "[42102-232]" suffix.
 */
final class H2Errors {
    private H2Errors() {
    }

    static DbError toPg(SQLException e) {
        String message = e instanceof JdbcException j && j.getOriginalMessage() != null ? j.getOriginalMessage()
                : String.valueOf(e.getMessage());
        return new DbError("ERROR", sqlState(e), pgMessage(e.getErrorCode(), message));
    }

    private static final Pattern FIRST_QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** PostgreSQL's wording for the errors a client meets most; H2's message otherwise. */
    static String pgMessage(int h2Code, String h2Message) {
        Matcher m = FIRST_QUOTED.matcher(h2Message);
        String name = m.find() ? m.group(1) : null;
        switch (h2Code) {
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1:
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_WITH_CANDIDATES_2:
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1:
                return name == null ? h2Message : "relation \"" + name + "\" does not exist";
            case ErrorCode.COLUMN_NOT_FOUND_1:
                return name == null ? h2Message : "column \"" + name + "\" does not exist";
            case ErrorCode.DIVISION_BY_ZERO_1:
                return "division by zero";
            case ErrorCode.ADMIN_RIGHTS_REQUIRED:
            case ErrorCode.ACCESS_DENIED_TO_CLASS_1:
                return "permission denied: must be superuser (the simulation's database user is not one)";
            case ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1:
                return name == null ? "permission denied" : "permission denied for " + name;
            case ErrorCode.DESERIALIZATION_FAILED_1:
                return "JAVA_OBJECT values are not available in the simulation";
            default:
                return h2Message;
        }
    }

    static String sqlState(SQLException e) {
        switch (e.getErrorCode()) {
            case ErrorCode.SYNTAX_ERROR_1:
            case ErrorCode.SYNTAX_ERROR_2:
                return "42601"; // syntax_error
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1:
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_WITH_CANDIDATES_2:
            case ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1:
            case ErrorCode.VIEW_NOT_FOUND_1:
            case ErrorCode.INDEX_NOT_FOUND_1:
            case ErrorCode.SEQUENCE_NOT_FOUND_1:
                return "42P01"; // undefined_table
            case ErrorCode.COLUMN_NOT_FOUND_1:
                return "42703"; // undefined_column
            case ErrorCode.AMBIGUOUS_COLUMN_NAME_1:
                return "42702"; // ambiguous_column
            case ErrorCode.DUPLICATE_COLUMN_NAME_1:
                return "42701"; // duplicate_column
            case ErrorCode.TABLE_OR_VIEW_ALREADY_EXISTS_1:
            case ErrorCode.INDEX_ALREADY_EXISTS_1:
            case ErrorCode.VIEW_ALREADY_EXISTS_1:
            case ErrorCode.SEQUENCE_ALREADY_EXISTS_1:
                return "42P07"; // duplicate_table
            case ErrorCode.SCHEMA_ALREADY_EXISTS_1:
                return "42P06"; // duplicate_schema
            case ErrorCode.SCHEMA_NOT_FOUND_1:
                return "3F000"; // invalid_schema_name
            case ErrorCode.FUNCTION_NOT_FOUND_1:
            case ErrorCode.FUNCTION_ALIAS_NOT_FOUND_1:
            case ErrorCode.AGGREGATE_NOT_FOUND_1:
                return "42883"; // undefined_function
            case ErrorCode.DUPLICATE_KEY_1:
                return "23505"; // unique_violation
            case ErrorCode.NULL_NOT_ALLOWED:
                return "23502"; // not_null_violation
            case ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_CHILD_EXISTS_1:
            case ErrorCode.REFERENTIAL_INTEGRITY_VIOLATED_PARENT_MISSING_1:
                return "23503"; // foreign_key_violation
            case ErrorCode.CHECK_CONSTRAINT_VIOLATED_1:
                return "23514"; // check_violation
            case ErrorCode.DIVISION_BY_ZERO_1:
                return "22012"; // division_by_zero
            case ErrorCode.DATA_CONVERSION_ERROR_1:
                return "22P02"; // invalid_text_representation
            case ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_1:
            case ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE_2:
                return "22003"; // numeric_value_out_of_range
            case ErrorCode.VALUE_TOO_LONG_2:
                return "22001"; // string_data_right_truncation
            case ErrorCode.COLUMN_COUNT_DOES_NOT_MATCH:
                return "42601"; // PostgreSQL reports "INSERT has more expressions than target columns" as 42601
            case ErrorCode.TYPES_ARE_NOT_COMPARABLE_2:
                return "42883"; // operator does not exist
            case ErrorCode.LOCK_TIMEOUT_1:
                return "55P03"; // lock_not_available
            case ErrorCode.DEADLOCK_1:
                return "40P01"; // deadlock_detected
            case ErrorCode.CONCURRENT_UPDATE_1:
                return "40001"; // serialization_failure
            case ErrorCode.FEATURE_NOT_SUPPORTED_1:
                return "0A000"; // feature_not_supported
            case ErrorCode.INVALID_VALUE_2:
                return "22023"; // invalid_parameter_value
            case ErrorCode.ADMIN_RIGHTS_REQUIRED:
            case ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1:
            case ErrorCode.ACCESS_DENIED_TO_CLASS_1:
                return PgProtocol.INSUFFICIENT_PRIVILEGE;
            case ErrorCode.DESERIALIZATION_FAILED_1:
                return "0A000"; // feature_not_supported
            default:
                break;
        }
        // Otherwise keep H2's SQLSTATE class when it is a standard one (two digits), else internal_error.
        String s = e.getSQLState();
        if (s != null && s.length() == 5 && Character.isDigit(s.charAt(0)) && Character.isDigit(s.charAt(1))
                && !s.startsWith("50") && !s.startsWith("90")) {
            return s.substring(0, 2) + "000";
        }
        return PgProtocol.INTERNAL_ERROR;
    }
}
