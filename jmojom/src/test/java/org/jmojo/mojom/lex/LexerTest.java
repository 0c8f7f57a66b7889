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
}
