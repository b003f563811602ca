package dev.minternet.tls;

/**
 * The 5-byte header of one TLS record as it crossed the wire (RFC 8446 section 5.1), plus the
 * first handshake message type when the record is a plaintext handshake record. In TLS 1.3
 * everything after ServerHello is encrypted and travels as outer type application_data (23),
 * which is also what tshark shows without keys.
 *
 * @param contentType   20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
 * @param version       legacy_record_version (0x0303 for TLS 1.2 and 1.3; 0x0301 in a ClientHello)
 * @param length        the fragment length, without the 5-byte header
 * @param handshakeType the first handshake message type (1 ClientHello, 2 ServerHello, ...) of a
 *                      handshake record, else -1
 */
record TlsRecordHeader(int contentType, int version, int length, int handshakeType) {
    public static final int HEADER_LENGTH = 5;
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;

    /** Header plus fragment: the bytes this record took on the wire. */
    public int wireLength() {
        return HEADER_LENGTH + length;
    }

    public String contentTypeName() {
        return switch (contentType) {
            case CHANGE_CIPHER_SPEC -> "ChangeCipherSpec";
            case ALERT -> "Alert";
            case HANDSHAKE -> "Handshake";
            case APPLICATION_DATA -> "ApplicationData";
            default -> "Unknown(" + contentType + ")";
        };
    }

    /** RFC 8446 section 4 names of the handshake message types that can appear in plaintext. */
    public String handshakeTypeName() {
        return switch (handshakeType) {
            case -1 -> "";
            case 1 -> "ClientHello";
            case 2 -> "ServerHello";
            case 4 -> "NewSessionTicket";
            case 8 -> "EncryptedExtensions";
            case 11 -> "Certificate";
            case 15 -> "CertificateVerify";
            case 20 -> "Finished";
            default -> "HandshakeType(" + handshakeType + ")";
        };
    }

    @Override
    public String toString() {
        String hs = handshakeType >= 0 ? " " + handshakeTypeName() : "";
        return contentTypeName() + hs + " " + wireLength() + " B";
    }
}
