package dev.photofeed.feed.upstream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class UpstreamConfig {

    /** One client for both peers: its connection pool is shared and kept alive across calls. */
    @Bean(destroyMethod = "close")
    HttpClient upstreamHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).version(HttpClient.Version.HTTP_1_1).build();
    }
}
