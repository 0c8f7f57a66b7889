/**
 * Runnable examples of the jmojo API: {@code org.jmojo.examples.Demo} is what {@code ./jmojo demo}
 * runs, {@code org.jmojo.examples.Examples} what {@code ./jmojo example NAME} runs. The services'
 * Java interfaces are generated from {@code src/main/mojom}.
 */
module org.jmojo.examples {
    requires org.jmojo.core;
    requires org.jmojo.bindings;
}
