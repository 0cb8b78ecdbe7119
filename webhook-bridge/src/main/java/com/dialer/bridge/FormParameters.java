package com.dialer.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a POST body or a query string) strictly:
 * a bad escape, bytes that are not UTF-8 or a name given twice is a malformed callback, never
 * silently replaced characters (they would change what the signature was computed over).
 */
final class FormParameters {

    private FormParameters() {
    }

    static Map<String, String> parse(String encoded) throws MalformedCallback {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.isEmpty()) {
                throw new MalformedCallback("a form parameter without a name");
            }
            if (params.putIfAbsent(name, value) != null) {
                throw new MalformedCallback("form parameter " + name + " given twice");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String s) throws MalformedCallback {
        if (plain(s)) {
            return s; // nothing escaped (Plivo's ids, statuses, most numbers): the text is its own value
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new MalformedCallback("bad percent escape in form data near '" + abbreviate(s.substring(i)) + "'");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                throw new MalformedCallback("form data must be ASCII with percent escapes, found '" + c + "'");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedCallback("form data is not UTF-8 near '" + abbreviate(s) + "'");
        }
    }

    /** ASCII without '%' or '+': decoding would change nothing. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+' || c > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
