package io.restcache.internal.config;

/**
 * A {@code restcache.*} setting or an annotation attribute has a value restcache cannot use. The
 * message names the key (or the method) and the bad value, so that the fix is obvious from the log.
 */
public final class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "<key> must be <requirement>, was '<value>'"}. */
    public static InvalidConfigurationException of(String key, String requirement, Object value) {
        return new InvalidConfigurationException(key + " must be " + requirement + ", was '" + value + "'");
    }
}
