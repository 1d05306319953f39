package io.restcache.samples.content.api;

import jakarta.ws.rs.BadRequestException;

/** Request bodies and their checks; a failed check is a 400 that says what is wrong. */
public final class Inputs {

    private Inputs() {
    }

    /** {@code PUT /users/{id}}: the fields to change; an absent field stays as it is. */
    public record ProfileUpdate(String displayName, String bio) {
        void check() {
            if (displayName != null) {
                text("displayName", displayName, 80);
            }
            if (bio != null && bio.length() > 1000) {
                throw invalid("bio is longer than 1000 characters");
            }
        }
    }

    /** {@code POST /posts}. */
    public record NewPost(String title, String body) {
        void check() {
            text("title", title, 200);
            text("body", body, 20000);
        }
    }

    /** {@code POST /posts/{id}/comments}. */
    public record NewComment(String text) {
        void check() {
            Inputs.text("text", text, 4000);
        }
    }

    /** Rejects a missing body, which JAX-RS hands to the method as null. */
    static <T> T present(T body) {
        if (body == null) {
            throw invalid("a JSON body is required");
        }
        return body;
    }

    private static void text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        if (value.length() > maxLength) {
            throw invalid(field + " is longer than " + maxLength + " characters");
        }
    }

    /** {@link ErrorMapper} turns the message into the JSON body. */
    private static BadRequestException invalid(String message) {
        return new BadRequestException(message);
    }
}
