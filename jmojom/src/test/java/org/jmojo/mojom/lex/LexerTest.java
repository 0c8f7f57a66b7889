package org.jmojo.mojom.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
    private static List<Token> lex(String s) throws LexException {
        return new Lexer(Path.of("t.mojom"), s).tokenize();
    }

    private static List<String> kinds(String s) throws LexException {
        return lex(s).stream().map(t -> t.kind() + ":" + t.text()).toList();
    }

    @Test
    void tokens_allPunctuationAndLiterals() throws LexException {
        assertThat(kinds("a.b@12 => = ( ) [ ] { } < > , ; ? & - + 0x1F 42 1.5e3 .5 \"s\\n\""))
                .containsExactly("NAME:a", "DOT:.", "NAME:b", "ORDINAL:12", "RESPONSE:=>", "EQUALS:=",
                        "LPAREN:(", "RPAREN:)", "LBRACKET:[", "RBRACKET:]", "LBRACE:{", "RBRACE:}", "LANGLE:<",
                        "RANGLE:>", "COMMA:,", "SEMI:;", "QSTN:?", "AMP:&", "MINUS:-", "PLUS:+", "INT:0x1F",
                        "INT:42", "FLOAT:1.5e3", "FLOAT:.5", "STRING:s\n", "EOF:");
    }

    @Test
    void comments_skipped_positionsCountLinesAndColumns() throws LexException {
        List<Token> t = lex("// line\n/* a\n b */  x\n\ty");
        assertThat(t).extracting(Token::text).containsExactly("x", "y", "");
        assertThat(t.get(0).position().line()).isEqualTo(3);
        assertThat(t.get(0).position().column()).isEqualTo(8);
        assertThat(t.get(1).position().line()).isEqualTo(4);
        assertThat(t.get(1).position().column()).isEqualTo(2);
    }

    @Test
    void byteOrderMark_skipped_columnsUnchanged() throws LexException {
        List<Token> t = lex("\uFEFFmodule a;");
        assertThat(t.getFirst().text()).isEqualTo("module");
        assertThat(t.getFirst().position().column()).isEqualTo(1);
    }

    @Test
    void zero_isDecimal_butLeadingZeroIsOctal() throws LexException {
        assertThat(kinds("0")).startsWith("INT:0");
        assertThatThrownBy(() -> lex("07")).isInstanceOf(LexException.class).hasMessageContaining("octal");
    }

    @Test
    void numberFollowedByLetters_rejected() {
        assertThatThrownBy(() -> lex("12abc")).isInstanceOf(LexException.class)
                .hasMessageContaining("invalid number literal '12abc'");
    }

    @Test
    void stringEscapes_decoded() throws LexException {
        assertThat(lex("\"\\t\\\"\\\\\\x41\\0\"").getFirst().text()).isEqualTo("\t\"\\A\0");
        assertThatThrownBy(() -> lex("\"\\q\"")).hasMessageContaining("invalid escape '\\q'");
    }

    @Test
    void pipe_isAToken_forAttributeValueLists() throws LexException {
        assertThat(kinds("a|b&c")).containsExactly("NAME:a", "PIPE:|", "NAME:b", "AMP:&", "NAME:c", "EOF:");
    }

    @Test
    void octalEscapes_decodeOneToThreeDigits() throws LexException {
        assertThat(lex("\"\\101\\0\\1234\"").getFirst().text()).isEqualTo("A\0S4");
    }

    @Test
    void digitsOfOtherScripts_areNotNumbers() {
        // U+0663 ARABIC-INDIC DIGIT THREE: Character.isDigit accepts it, Double.parseDouble does not.
        assertThatThrownBy(() -> lex("1.\u0663")).isInstanceOf(LexException.class).hasMessageContaining("illegal character");
        assertThatThrownBy(() -> lex("\u0663")).isInstanceOf(LexException.class).hasMessageContaining("illegal character");
    }

    @Test
    void formFeed_isIllegal_asInChromium() {
        assertThatThrownBy(() -> lex("a\fb")).isInstanceOf(LexException.class).hasMessageContaining("\\u000c");
    }

    @Test
    void longNames_andLongStrings_rejected() throws LexException {
        assertThat(lex("a".repeat(Lexer.MAX_NAME_LENGTH)).getFirst().text()).hasSize(Lexer.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> lex("a".repeat(Lexer.MAX_NAME_LENGTH + 1))).hasMessageContaining("the limit is 100");
        assertThat(lex("\"" + "x".repeat(Lexer.MAX_STRING_BYTES) + "\"").getFirst().text()).hasSize(65_535);
        assertThatThrownBy(() -> lex("\"" + "\u00e9".repeat(32_768) + "\"")).hasMessageContaining("65535 bytes");
    }
}
