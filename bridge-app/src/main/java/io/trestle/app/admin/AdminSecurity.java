package io.trestle.app.admin;

import io.trestle.app.api.ProblemType;
import io.trestle.app.api.ProblemWriter;
import io.trestle.app.config.TrestleProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Authentication of the admin API ({@code /admin/**}): {@code Authorization: Bearer <token>}
 * compared in constant time with {@code trestle.admin.token}. Everything else is public and
 * read-only. Without a configured token every admin call is refused with 401.
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurity {

  private static final Logger LOG = LoggerFactory.getLogger(AdminSecurity.class);

  /** Principal name of a caller holding the admin token. */
  public static final String ADMIN = "admin";

  @Bean
  ReactiveAuthenticationManager adminTokenAuthentication(TrestleProperties properties) {
    TrestleProperties.Admin admin = properties.admin();
    if (!admin.enabled()) {
      LOG.info(
          "Admin API disabled: set trestle.admin.token (e.g. TRESTLE_ADMIN_TOKEN=$(openssl rand"
              + " -hex 32)) to enable /admin/v1");
      return auth -> Mono.error(new BadCredentialsException("the admin API is disabled"));
    }
    byte[] expected = sha256(admin.token());
    return auth -> {
      byte[] given = sha256(String.valueOf(auth.getCredentials()));
      return MessageDigest.isEqual(expected, given)
          ? Mono.just(
              UsernamePasswordAuthenticationToken.authenticated(
                  ADMIN, null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))))
          : Mono.error(new BadCredentialsException("wrong admin token"));
    };
  }

  @Bean
  SecurityWebFilterChain securityFilterChain(
      ServerHttpSecurity http,
      ReactiveAuthenticationManager adminTokenAuthentication,
      ProblemWriter problems,
      TrestleProperties properties) {
    boolean enabled = properties.admin().enabled();
    ServerAuthenticationEntryPoint entryPoint =
        (exchange, e) -> {
          exchange
              .getResponse()
              .getHeaders()
              .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"trestle-admin\"");
          String detail =
              !enabled
                  ? "the admin API is disabled: set trestle.admin.token on the node"
                  : e instanceof BadCredentialsException
                      ? "the bearer token is not the admin token"
                      : "send Authorization: Bearer <trestle.admin.token>";
          return problems.write(
              exchange, ProblemWriter.problem(ProblemType.UNAUTHORIZED, detail, exchange));
        };
    ServerAccessDeniedHandler denied =
        (exchange, e) ->
            problems.write(
                exchange, ProblemWriter.problem(ProblemType.FORBIDDEN, "not allowed", exchange));
    AuthenticationWebFilter bearer = new AuthenticationWebFilter(adminTokenAuthentication);
    bearer.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers("/admin/**"));
    bearer.setServerAuthenticationConverter(
        exchange -> {
          String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
          if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.empty();
          }
          return Mono.<Authentication>just(
              UsernamePasswordAuthenticationToken.unauthenticated(
                  "bearer", header.substring(7).trim()));
        });
    bearer.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(entryPoint));
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            a -> a.pathMatchers("/admin/**").hasRole("ADMIN").anyExchange().permitAll())
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
        .build();
  }

  /**
   * Requests Spring Security's firewall rejects (encoded NUL, %25, backslash, ... in the path) get
   * a problem document too, instead of an empty 400.
   */
  @Bean
  static BeanPostProcessor firewallProblems(ObjectProvider<ProblemWriter> problems) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof WebFilterChainProxy proxy) {
          proxy.setExchangeRejectedHandler(
              (exchange, e) ->
                  problems
                      .getObject()
                      .write(
                          exchange,
                          ProblemWriter.problem(
                              ProblemType.INVALID_REQUEST,
                              "the request URL contains characters that are refused",
                              exchange)));
        }
        return bean;
      }
    };
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
