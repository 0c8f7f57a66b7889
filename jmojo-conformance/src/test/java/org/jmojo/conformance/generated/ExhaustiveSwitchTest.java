package org.jmojo.conformance.generated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import jmojo.golden.Color;
import jmojo.golden.Inner;
import jmojo.golden.Point;
import jmojo.golden.Shape;
import jmojo.golden.Value;
import org.jmojo.bindings.IntList;
import org.jmojo.bindings.MojomEnum;
import org.jmojo.system.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated enums and unions in {@code switch}: this class compiles only because the switches below
 * cover every enum constant and every union member without a {@code default}, which javac allows
 * only for Java enums and sealed types; and a switch that leaves one out does not compile.
 */
class ExhaustiveSwitchTest {

    private static String name(Color color) {
        return switch (color) {
            case RED -> "red";
            case GREEN -> "green";
            case BLUE -> "blue";
            case WHITE -> "white";
        };
    }

    /** An [Extensible] enum: {@code UNRECOGNIZED} is a case like any other, so forgetting it does not compile. */
    private static String name(Shape shape) {
        return switch (shape) {
            case UNKNOWN -> "unknown";
            case CIRCLE -> "circle";
            case SQUARE -> "square";
            case UNRECOGNIZED -> "a shape this side does not know";
        };
    }

    private static String describe(Value value) {
        return switch (value) {
            case Value.Flag(boolean b) -> "flag " + b;
            case Value.I8(byte b) -> "i8 " + b;
            case Value.U16(short s) -> "u16 " + Short.toUnsignedInt(s);
            case Value.I32(int i) -> "i32 " + i;
            case Value.I64(long l) -> "i64 " + l;
            case Value.F(float f) -> "f " + f;
            case Value.D(double d) -> "d " + d;
            case Value.Color(Color c) -> "color " + name(c);
            case Value.Text(String t) -> "text " + t;
            case Value.Point(Point p) -> "point " + p.getX() + "," + p.getY();
            case Value.Ints(IntList ints) -> "ints " + ints.size();
            case Value.Dict(var dict) -> "dict " + dict.size();
            case Value.Inner(Inner.Num(int n)) -> "inner num " + n;
            case Value.Inner(Inner.Text(String t)) -> "inner text " + t;
            case Value.MaybeInner(Inner inner) -> "maybe inner " + inner;
            case Value.MaybePoint(Point p) -> "maybe point " + p;
        };
    }

    @Test
    void enumSwitch_everyConstantNamed() {
        assertThat(Color.values()).extracting(ExhaustiveSwitchTest::name)
                .containsExactly("red", "green", "blue", "white");
        assertThat(name(Shape.of(12345))).isEqualTo("a shape this side does not know");
        assertThat(name(Shape.of(10))).isEqualTo("square");
    }

    @Test
    void unionSwitch_everyMemberWithDeconstruction() {
        Point p = Point.newBuilder().setX(1).setY(2).build();
        List<Value> values = List.of(new Value.Flag(true), new Value.I8((byte) -1), new Value.U16((short) -1),
                new Value.I32(3), new Value.I64(4), new Value.F(0.5f), new Value.D(0.25), new Value.Color(Color.BLUE),
                new Value.Text("t"), new Value.Point(p), new Value.Ints(IntList.of(1, 2)),
                new Value.Dict(java.util.Map.of("k", 1)), new Value.Inner(new Inner.Num(7)),
                new Value.Inner(new Inner.Text("x")), new Value.MaybeInner(null), new Value.MaybePoint(p));
        assertThat(values).extracting(ExhaustiveSwitchTest::describe).containsExactly("flag true", "i8 -1",
                "u16 65535", "i32 3", "i64 4", "f 0.5", "d 0.25", "color blue", "text t", "point 1,2", "ints 2",
                "dict 1", "inner num 7", "inner text x", "maybe inner null", "maybe point " + p);
        assertThat(Value.class.getPermittedSubclasses()).hasSize(15);
    }

    /** The missing case makes javac reject the switch: that is what makes the ones above checked. */
    @Test
    void switchMissingACase_doesNotCompile(@TempDir Path dir) throws IOException, URISyntaxException {
        Path source = dir.resolve("Partial.java");
        Files.writeString(source, """
                class Partial {
                    static int of(jmojo.golden.Shape s) {
                        return switch (s) {
                            case UNKNOWN -> 0;
                            case CIRCLE -> 1;
                            case SQUARE -> 10;
                        };
                    }

                    static int of(jmojo.golden.Inner i) {
                        return switch (i) {
                            case jmojo.golden.Inner.Num n -> n.value();
                        };
                    }
                }
                """);
        String classPath = String.join(java.io.File.pathSeparator, location(Shape.class), location(MojomEnum.class),
                location(Handle.class));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int status = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, true), "-d", dir.toString(), "-cp", classPath, source.toString());
        assertThat(status).as(errors.toString()).isNotZero();
        assertThat(errors.toString()).contains("Partial.java:3:").contains("Partial.java:11:")
                .contains("does not cover all possible input values");
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
