package dev.photofeed.common.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.beans.factory.annotation.Value;
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
import java.net.URI;
import java.time.InstantSource;
import java.util.List;

/**
 * Token verification for a service: keys from {@code photofeed.auth.jwks-url} (user-service's internal
 * JWKS; PHOTOFEED_AUTH_JWKSURL), unless the service holds the keys itself and declares its own
 * {@link JWKSource}, kept through an outage of user-service ({@link RemoteKeySet}); tokens must carry {@code photofeed.auth.issuer}. Tokens that verified are remembered
 * ({@code photofeed.auth.token-cache.enabled}, up to {@code max-tokens} of them; see {@link VerifiedTokens}).
 */
@AutoConfiguration
@ConditionalOnClass(JWKSource.class)
@EnableConfigurationProperties(JwksProperties.class)
public class AuthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JWKSource.class)
    JWKSource<SecurityContext> remoteJwks(@Value("${photofeed.auth.jwks-url:http://localhost:8081/internal/jwks.json}") String url,
                                          JwksProperties settings) throws MalformedURLException {
        return new RemoteKeySet(URI.create(url).toURL(), settings, InstantSource.system(),
                task -> Thread.ofVirtual().name("jwks-refresh").start(task));
    }

    @Bean
    TokenVerifier tokenVerifier(JWKSource<SecurityContext> keys, @Value("${photofeed.auth.issuer:photofeed}") String issuer,
                                @Value("${photofeed.auth.token-cache.enabled:true}") boolean cacheTokens,
                                @Value("${photofeed.auth.token-cache.max-tokens:20000}") int maxTokens) {
        return new TokenVerifier(keys, issuer, cacheTokens ? maxTokens : 0);
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
