package io.restcache.internal.policy;

/** An annotation combination that cannot work; its message names the method. Fails the deployment. */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
