package io.promptengine.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @Test
    void everyCodePointAsTheJdkEncodesIt_isValid() {
        StringBuilder all = new StringBuilder();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                all.appendCodePoint(codePoint);
            }
        }

        assertThat(Utf8.firstProblem(all.toString().getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7F", "C280", "DFBF", "E0A080", "ED9FBF", "EE8080", "EFBFBF", "F0908080", "F48FBFBF"})
    void givenTheShortestFormAtEachBoundary_itIsValid(String hex) {
        assertThat(Utf8.firstProblem(HexFormat.of().parseHex(hex))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "41C1BF     | 1 | an overlong encoding (0xC1)",
        "E09FBF     | 0 | an overlong encoding (0xE0 0x9F)",
        "F08FBFBF   | 0 | an overlong encoding (0xF0 0x8F)",
        "EDBFBF     | 0 | an encoded UTF-16 surrogate (0xED 0xBF)",
        "F4908080   | 0 | a code point above U+10FFFF (0xF4 0x90)",
        "F5808080   | 0 | a byte that never occurs in UTF-8 (0xF5)",
        "4141BF     | 2 | a continuation byte (0xBF) where a character starts",
        "E2AC41     | 0 | an incomplete sequence (0xE2 not followed by a continuation byte)",
        "F0908041   | 0 | an incomplete sequence (0xF0 not followed by a continuation byte)",
        "41F09080   | 1 | a sequence cut short by the end of the input (0xF0)",
        "C3         | 0 | a sequence cut short by the end of the input (0xC3)",
    })
    void givenMalformedBytes_theFirstProblemIsNamedAtItsOffset(String hex, int offset, String what) {
        assertThat(Utf8.firstProblem(HexFormat.of().parseHex(hex))).contains(new Utf8.Problem(offset, what));
    }
}
