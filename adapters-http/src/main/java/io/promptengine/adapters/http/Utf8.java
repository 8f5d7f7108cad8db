package io.promptengine.adapters.http;

import java.util.Optional;

/**
 * Strict UTF-8 (RFC 3629) for bytes a client sent. Jackson's parser accepts some malformed input: an overlong form
 * such as {@code C0 AF} reads as {@code /}, which would let a byte sequence that no check sees as a slash become
 * one in a stored prompt. So request bytes are checked here first, in one pass with no allocation: shortest forms
 * only, no encoded surrogates ({@code ED A0..BF}), nothing above U+10FFFF, no truncated sequence, no stray
 * continuation byte.
 */
final class Utf8 {

    /** What is wrong at a byte offset (from 0) of the input. */
    record Problem(int offset, String what) {
    }

    private Utf8() {
    }

    /** The first malformed sequence in {@code bytes}, if any. */
    static Optional<Problem> firstProblem(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead < 0xC0) {
                return problem(i, "a continuation byte (0x%02X) where a character starts", lead);
            } else if (lead < 0xC2) {
                return problem(i, "an overlong encoding (0x%02X)", lead);
            } else if (lead < 0xE0) {
                length = 2;
            } else if (lead < 0xF0) {
                length = 3;
                secondMin = lead == 0xE0 ? 0xA0 : 0x80;
                secondMax = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead < 0xF5) {
                length = 4;
                secondMin = lead == 0xF0 ? 0x90 : 0x80;
                secondMax = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return problem(i, "a byte that never occurs in UTF-8 (0x%02X)", lead);
            }
            if (i + 1 >= bytes.length) {
                return problem(i, "a sequence cut short by the end of the input (0x%02X)", lead);
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < 0x80 || second > 0xBF) {
                return problem(i, "an incomplete sequence (0x%02X not followed by a continuation byte)", lead);
            }
            if (second < secondMin) {
                return problem(i, "an overlong encoding (0x%02X 0x%02X)", lead, second);
            }
            if (second > secondMax) {
                return problem(i, lead == 0xED ? "an encoded UTF-16 surrogate (0x%02X 0x%02X)"
                        : "a code point above U+10FFFF (0x%02X 0x%02X)", lead, second);
            }
            for (int k = 2; k < length; k++) {
                if (i + k >= bytes.length) {
                    return problem(i, "a sequence cut short by the end of the input (0x%02X)", lead);
                }
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return problem(i, "an incomplete sequence (0x%02X not followed by a continuation byte)", lead);
                }
            }
            i += length;
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(int offset, String format, Object... bytes) {
        return Optional.of(new Problem(offset, String.format(format, bytes)));
    }
}
