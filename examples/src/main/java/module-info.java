/** Runnable examples of the jmojo API; {@code org.jmojo.examples.Demo} is what {@code ./jmojo demo} runs. */
module org.jmojo.examples {
    requires org.jmojo.core;
}
