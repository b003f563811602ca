package dev.minternet.services.db;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import org.h2.api.JavaObjectSerializer;

/**
 * H2's serializer for JAVA_OBJECT values in every Minternet database: it refuses both ways. H2's
 * default deserializes such a value with {@code ObjectInputStream} whenever JDBC reads it as an
 * object, so a client selecting {@code CAST(X'aced...' AS JAVA_OBJECT)} could make the host run
 * whatever class on the class path the bytes name. The server reads such columns as bytes
 * ({@link H2Types}), so nothing needs this to work. Public only because H2 instantiates it by
 * name.
 */
final class NoJavaObjects implements JavaObjectSerializer {
    @Override
    public byte[] serialize(Object obj) throws Exception {
        throw new NotSerializableException("JAVA_OBJECT values are not available in the simulation");
    }

    @Override
    public Object deserialize(byte[] bytes) throws Exception {
        throw new InvalidObjectException("JAVA_OBJECT values are not available in the simulation");
    }
}
