# syntax=docker/dockerfile:1
# One image per service, chosen by MODULE:
#   docker build --build-arg MODULE=feed-service -t photofeed/feed-service:0.1.0-SNAPSHOT .
# `docker compose build` builds all four (docker-compose.yml names them).
ARG MODULE=gateway

# --- build: JDK 25, the Maven wrapper, the module and what it needs -------------------------------
FROM eclipse-temurin:25-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so only changed modules recompile.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${MODULE}" -am package -DskipTests
# The OpenTelemetry agent, at the version the parent pom pins, fetched by Maven (no hand download).
RUN --mount=type=cache,target=/root/.m2 \
    AGENT_VERSION="$(./mvnw -B -q -N help:evaluate -Dexpression=opentelemetry-javaagent.version -DforceStdout)" \
    && case "$AGENT_VERSION" in [0-9]*) ;; *) echo "pom.xml sets no opentelemetry-javaagent.version" >&2; exit 1 ;; esac \
    && ./mvnw -B -q -N dependency:copy \
         -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:${AGENT_VERSION}" \
         -DoutputDirectory=/agent -Dmdep.stripVersion=true
# Layers, least changing first: dependencies, the loader, snapshot dependencies, the application.
RUN java -Djarmode=tools -jar "${MODULE}/target/${MODULE}.jar" extract --layers --launcher --destination /layers

# --- runtime: JRE 25, non-root, read-only friendly -----------------------------------------------
FROM eclipse-temurin:25-jre
ARG MODULE
# A fixed numeric uid so Kubernetes can check runAsNonRoot; /data is the one writable place the
# image owns (user-service keeps its signing keys there); /tmp is the other, mounted at run time.
RUN groupadd --system --gid 10001 photofeed \
    && useradd --system --uid 10001 --gid photofeed --home-dir /app --shell /usr/sbin/nologin photofeed \
    && install -d -o 10001 -g 10001 /data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --from=build /agent/opentelemetry-javaagent.jar /otel/opentelemetry-javaagent.jar
USER 10001:10001
ENV OTEL_SERVICE_NAME=${MODULE}
# Heap from the container's memory limit, not the host's. Native access lets Netty free direct memory with free(),
# not by closing a shared arena, which stops every thread of the JVM each time (see docs/performance.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED", "-javaagent:/otel/opentelemetry-javaagent.jar", \
            "org.springframework.boot.loader.launch.JarLauncher"]
