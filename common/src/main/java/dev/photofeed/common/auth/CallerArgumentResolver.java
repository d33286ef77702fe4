package dev.photofeed.common.auth;

import dev.photofeed.common.web.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Turns {@code Authorization: Bearer <token>} into a {@link Caller}, or answers 401 (503 if keys are unreachable). */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final TokenVerifier verifier;

    CallerArgumentResolver(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "this call needs an Authorization: Bearer token");
        }
        try {
            return new Caller(verifier.userId(header.substring(7).trim()).orElseThrow(() -> new ApiException(
                    HttpStatus.UNAUTHORIZED, "invalid-token", "the access token is malformed, forged or expired")));
        } catch (TokenVerifier.KeysUnavailable e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "auth-unavailable", "tokens cannot be checked right now");
        }
    }
}
