package dev.photofeed.common.web;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Opaque page cursors. A cursor is the sort key of the last item shown, base64url-encoded so that clients
 * treat it as a token rather than build their own; anything that does not decode is a 400, never a 500.
 */
public final class Cursors {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Cursors() {
    }

    public static String encode(long position) {
        return ENCODER.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(position).array());
    }

    /** The position a cursor names, or {@code whenAbsent} for the first page. */
    public static long decode(String cursor, long whenAbsent) {
        if (cursor == null || cursor.isEmpty()) {
            return whenAbsent;
        }
        try {
            byte[] bytes = DECODER.decode(cursor);
            if (bytes.length == Long.BYTES) {
                return ByteBuffer.wrap(bytes).getLong();
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through to the 400
        }
        throw ApiException.badRequest("invalid-cursor", "the cursor is not one this API handed out");
    }
}
