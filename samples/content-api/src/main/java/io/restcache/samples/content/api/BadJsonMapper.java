package io.restcache.samples.content.api;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * A request body that is not valid JSON for the method is the client's mistake: 400, not the 500
 * that the runtime answers for the {@link ProcessingException} wrapping JSON-B's error.
 */
@Provider
public class BadJsonMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException exception) {
        boolean badJson = exception.getCause() instanceof JsonbException;
        Response.Status status = badJson ? Response.Status.BAD_REQUEST : Response.Status.INTERNAL_SERVER_ERROR;
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", badJson ? "the body is not valid JSON for this request" : status.getReasonPhrase()))
                .build();
    }
}
