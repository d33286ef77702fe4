package dev.photofeed.common.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.net.MalformedURLException;
import java.time.InstantSource;
import java.util.List;

/**
 * Token verification for a service ({@link TokenVerificationProperties}): keys from {@code photofeed.auth.jwks-url}
 * (user-service's internal JWKS), unless the service holds the keys itself and declares its own
 * {@link JWKSource}, refreshed on a timer and kept through an outage of user-service ({@link RemoteKeySet});
 * tokens must carry {@code photofeed.auth.issuer} and {@code photofeed.auth.audience}. Tokens that verified are
 * remembered ({@code photofeed.auth.token-cache.enabled}, up to {@code max-tokens} of them; see
 * {@link VerifiedTokens}).
 */
@AutoConfiguration
@ConditionalOnClass(JWKSource.class)
@EnableConfigurationProperties({TokenVerificationProperties.class, JwksProperties.class})
public class AuthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JWKSource.class)
    RemoteKeySet remoteJwks(TokenVerificationProperties verification, JwksProperties settings)
            throws MalformedURLException {
        return new RemoteKeySet(verification.jwksUrl().toURL(), settings, InstantSource.system(),
                task -> Thread.ofVirtual().name("jwks-refresh").start(task)).keepFresh();
    }

    @Bean
    TokenVerifier tokenVerifier(JWKSource<SecurityContext> keys, TokenVerificationProperties verification) {
        TokenVerificationProperties.TokenCache cache = verification.tokenCache();
        return new TokenVerifier(keys, verification.issuer(), verification.audience(), cache.enabled() ? cache.maxTokens() : 0);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class CallerParameters implements WebMvcConfigurer {

        private final TokenVerifier verifier;

        CallerParameters(TokenVerifier verifier) {
            this.verifier = verifier;
        }

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new CallerArgumentResolver(verifier));
        }
    }
}
