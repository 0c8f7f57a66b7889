/** The jmojo command line: {@code compile}, {@code conformance}, {@code validate}, {@code decode}. */
module org.jmojo.tools {
    requires org.jmojo.conformance;
    requires info.picocli;

    // picocli reads the command classes reflectively.
    opens org.jmojo.tools to info.picocli;
}
