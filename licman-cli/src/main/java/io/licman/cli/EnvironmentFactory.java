package io.licman.cli;

import picocli.CommandLine;

/** Creates command objects, handing the {@link CliEnvironment} to those that take it in their constructor. */
final class EnvironmentFactory implements CommandLine.IFactory {

    private final CliEnvironment environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    EnvironmentFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(CliEnvironment.class).newInstance(environment);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
