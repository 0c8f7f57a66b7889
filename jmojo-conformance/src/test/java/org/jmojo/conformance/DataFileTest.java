package org.jmojo.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Parser vectors for every item type of the .data format, and the inputs it must reject. */
class DataFileTest {

    private static String hex(String text) throws DataFileException {
        return HexFormat.of().formatHex(DataFile.parse(text).bytes());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|''",
        "'  // only a comment\n\t '|''",
        "[u2]0x1234 7 [s4]-2|341207feffffff",
        "[u8]0xffffffffffffffff|ffffffffffffffff",
        "[b]10000001 [b]00000110|8106",
        "[f]1.5|0000c03f",
        "[d]-2|00000000000000c0",
        "[dist4]s [u4]0 [anchr]s|0800000000000000",
        "[dist8]p [anchr]p|0800000000000000",
        "[u4]1// note|01000000",
        "[s1]-128 [s1]127 [s2]-0x8000 [s8]+5|807f00800500000000000000",
        "[u4]0X10|10000000",
        "[f]+.3e9|180d8f4d",
    })
    void parse_vector_bytes(String input, String expectedHex) throws DataFileException {
        assertThat(hex(input.replace("\\n", "\n").replace("\\t", "\t"))).isEqualTo(expectedHex);
    }

    @Test
    void parse_handlesFirst_countsHandles() throws DataFileException {
        DataFile d = DataFile.parse("[handles]3 [u1]1");
        assertThat(d.handleCount()).isEqualTo(3);
        assertThat(d.bytes()).containsExactly(1);
    }

    @Test
    void parse_noHandlesItem_zeroHandles() throws DataFileException {
        assertThat(DataFile.parse("[u1]1").handleCount()).isZero();
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {
        "[u1]1 / [u1]2",
        "[u1]z",
        "[u1]256",
        "[u2]0x10000",
        "[u8]-1",
        "[s1]128",
        "[s1]-129",
        "[b]0101",
        "[b]010101012",
        "[b]0101010x",
        "[dist4]a [u4]0",
        "[anchr]a [dist4]a",
        "[dist4]a [dist4]a [anchr]a",
        "[dist4]a [anchr]a [dist4]a [anchr]a",
        "[u1]0 [handles]1",
        "[u4]",
        "[x4]1",
        "[f]abc",
        "[dist4]a-b [anchr]a-b",
    })
    void parse_brokenFile_rejected(String input) {
        assertThatThrownBy(() -> DataFile.parse(input)).isInstanceOf(DataFileException.class);
    }

    @Test
    void parse_danglingDist_namesTheId() {
        assertThatThrownBy(() -> DataFile.parse("[dist8]ptr [u4]0")).isInstanceOf(DataFileException.class)
                .hasMessageContaining("ptr");
    }

    @Test
    void readExpected_crAndTrailingNewlinesRemoved() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("case", ".expected");
        try {
            java.nio.file.Files.writeString(f, "VALIDATION_ERROR_ILLEGAL_HANDLE\r\n\n");
            assertThat(ValidationCases.readExpected(f)).isEqualTo("VALIDATION_ERROR_ILLEGAL_HANDLE");
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void chainsFor_prefixes_pickInterfaceAndSide() {
        assertThat(ValidationCases.chainsFor("conformance_mthd0_good")).containsExactly(
                new ValidationCases.Chain("ConformanceTestInterface", ValidationCases.Direction.REQUEST));
        assertThat(ValidationCases.chainsFor("resp_conformance_mthd12_good")).containsExactly(
                new ValidationCases.Chain("ConformanceTestInterface", ValidationCases.Direction.RESPONSE));
        assertThat(ValidationCases.chainsFor("associated_conformance_mthd0_good")).containsExactly(
                new ValidationCases.Chain("AssociatedConformanceTestInterface", ValidationCases.Direction.REQUEST));
        assertThat(ValidationCases.chainsFor("integration_msghdr_invalid_flags")).hasSize(2);
        assertThat(ValidationCases.chainsFor("unknown_case")).isEmpty();
    }
}
