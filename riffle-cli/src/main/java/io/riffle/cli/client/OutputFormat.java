package io.riffle.cli.client;

/** {@code --output}: aligned columns for people, JSON (the AWS CLI's member names) for scripts. */
public enum OutputFormat {
    TABLE,
    JSON;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
